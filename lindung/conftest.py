"""Shared fixtures: the regions of two kabupaten, and one persona per role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from lindung.accounts.models import Agency, Role, User
from lindung.lib.nik import make_nik
from lindung.regions.loader import load_regions, packaged_rows, select
from lindung.workers.models import Occupation, Sex, Worker

MUBA = "16.06"
BANYUASIN = "16.07"
DESA_A = "16.06.01.2001"  # Sukarami, Kec. Sekayu
DESA_B = "16.06.01.2002"  # another desa in Sekayu
DESA_LAIS = "16.06.02.2001"  # Danau Cala, Kec. Lais
DESA_OUTSIDE = "16.07.01.2001"  # in Kabupaten Banyuasin
PASSWORD = "rahasia-uji-123"  # noqa: S105 — test logins only


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        rows = list(packaged_rows())
        load_regions(select(rows, MUBA) + [r for r in select(rows, BANYUASIN) if r[0] != "16"])


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.25 s a user; tests create many users and test no hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, role: str, area: str, **extra: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, area_id=area, **extra)
    return user


@pytest.fixture
def agency(db: Any) -> Agency:
    return Agency.objects.create(code="DINKES", name="Dinas Kesehatan", kabupaten_id=MUBA)


@pytest.fixture
def personas(db: Any, agency: Agency) -> dict[str, User]:
    return {
        "admin": _user("admin", Role.ADMIN_DINAS, MUBA),
        "kecamatan": _user("kec", Role.OPERATOR_KECAMATAN, "16.06.01"),
        "desa": _user("desa", Role.OPERATOR_DESA, DESA_A),
        "desa_lain": _user("desa_lain", Role.OPERATOR_DESA, DESA_LAIS),
        "opd": _user("opd", Role.OPERATOR_OPD, MUBA, agency=agency),
        "bpjs": _user("bpjs", Role.PETUGAS_BPJS, MUBA),
        "pimpinan": _user("pimpinan", Role.PIMPINAN, MUBA),
        "admin_lain": _user("admin_lain", Role.ADMIN_DINAS, BANYUASIN),
    }


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


_serial = {"n": 0}


def make_worker(desa: str = DESA_A, **fields: Any) -> Worker:
    """A valid worker in `desa`; the NIK follows the birth date and sex unless given."""
    _serial["n"] += 1
    birth = fields.pop("birth_date", dt.date(1990, 3, 5))
    sex = fields.pop("sex", Sex.P)
    kecamatan = desa.rsplit(".", 1)[0]
    defaults: dict[str, Any] = {
        "nik": make_nik(kecamatan, birth, sex, _serial["n"]),
        "name": "Siti Aminah",
        "birth_place": "Sekayu",
        "address": "Dusun II",
        "phone": "081234567890",
        "occupation": Occupation.objects.get(code="petani"),
        "income": 1_000_000,
    }
    defaults.update(fields)
    return Worker.objects.create(desa_id=desa, birth_date=birth, sex=sex, **defaults)
