"""Shared fixtures: the regions of two kabupaten, and one persona per role."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from pytest_django.plugin import blocking_manager_key

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
# The pages that matter are tested in a real Chromium from Debian's packages (.ci/run installs it).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
browser_test = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium"
    ),
]


# Reference data that data migrations put in every database; a transactional test's flush removes it.
SEEDING_MIGRATIONS = [
    "lindung.workers.migrations.0002_occupations",
    "lindung.eligibility.migrations.0002_default_rules",
    "lindung.workers.migrations.0007_occupation_aliases_seed",
    "lindung.notices.migrations.0004_repeat_application",
]


def load_reference_data() -> None:
    """The regions of two kabupaten, and what the seeding migrations create (idempotent)."""
    from django.apps import apps

    from lindung.regions.models import Region

    if not Region.objects.filter(code=MUBA).exists():
        load_regions(select(packaged_rows(), MUBA, BANYUASIN))
    for module in SEEDING_MIGRATIONS:
        importlib.import_module(module).seed(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: Any) -> Generator[None, None, None]:
    # Transactional tests (live_server, transaction=True) end with a flush of every table: put the reference
    # data back for the tests that follow. After the last test the database is gone: nothing to restore.
    yield
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and bool(
        marker.kwargs.get("transaction") or marker.args[:1] == (True,)
    )
    if nextitem is not None and (
        transactional or "transactional_db" in fixtures or "live_server" in fixtures
    ):
        with item.config.stash[blocking_manager_key].unblock():
            load_reference_data()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.25 s a user; tests create many users and test no hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests log in with force_login(); the two-factor tests switch this back on themselves.
    settings.LINDUNG_REQUIRE_2FA = False
    # Each test starts with empty counters; test_cache.py checks the shared database cache itself.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


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
        "provinsi": _user("provinsi", Role.PEMANTAU_PROVINSI, "16"),
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


@pytest.fixture
def phone(live_server: Any, transactional_db: Any) -> Iterator[Any]:
    """A Playwright page in a phone-sized headless Chromium with JavaScript off, for pages under live_server."""
    from playwright.sync_api import sync_playwright

    # An earlier transactional test of any app may have flushed what the migrations put in.
    load_reference_data()
    # Playwright's sync API runs an event loop; Django would refuse ORM calls from this thread otherwise.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="id-ID", is_mobile=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            # ORM calls made while Playwright runs get a connection of their own (its greenlet has its own
            # context); close it here, or PostgreSQL refuses to drop the test database after the run.
            connections.close_all()
            context.close()
            browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
