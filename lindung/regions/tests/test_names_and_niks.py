"""Former names resolve in imports; a NIK issued anywhere in Indonesia is a valid NIK."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lindung.conftest import DESA_A
from lindung.imports.models import ImportJob
from lindung.imports.tests.factory import commit, csv_bytes, media, upload
from lindung.lib.nik import make_nik
from lindung.regions.loader import load_regions
from lindung.workers.forms import WorkerForm
from lindung.workers.models import Occupation, Worker

pytestmark = pytest.mark.django_db

HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Desa/Kelurahan", "Kecamatan"]
BIRTH = dt.date(1985, 6, 7)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def row(serial: int, desa: str, kecamatan: str, *, region: str = "16.06.13") -> list[Any]:
    return [
        make_nik(region, BIRTH, "L", serial),
        f"Warga Uji {'abcdefgh'[serial]}",
        "07/06/1985",
        "L",
        desa,
        kecamatan,
    ]


def errors(job: ImportJob) -> dict[int, str]:
    return {e["row"]: e["message"] for e in job.first_errors}


def test_the_former_kecamatan_name_of_the_2025_list_still_resolves(personas: Any) -> None:
    # P3KE and the older lists write "Lawang Wetan"; Kepmendagri 300.2.2-2138/2025 writes "Lawan Wetan".
    rows = [
        row(1, "Rantau Panjang", "Lawang Wetan"),
        row(2, "Napal", "Lawan Wetan"),
        row(3, "Napal", "Lawang Kulon"),
    ]
    job = upload(personas["admin"], csv_bytes(rows, HEADERS), "p3ke.csv")
    assert job.status == ImportJob.Status.CHECKED, job.error_message
    assert job.valid == 2
    assert errors(job) == {
        4: "Desa/kelurahan Napal tidak ada di Kecamatan Lawang Kulon, Kabupaten Musi Banyuasin."
    }


def test_a_desa_renamed_by_a_newer_list_keeps_its_old_name(personas: Any) -> None:
    load_regions([("16.06.01.2001", "Sukarami Baru")], source="wilayah-2026.csv")
    rows = [row(1, "Sukarami", "Sekayu", region="16.06.01"), row(2, "Sukarami Baru", "", region="16.06.01")]
    job = upload(personas["admin"], csv_bytes(rows, HEADERS), "lama.csv")
    assert job.valid == 2, job.first_errors


def test_a_current_name_wins_over_another_desa_s_former_name(personas: Any) -> None:
    # 16.06.01.2002 once was called like 16.06.01.2001 is now: the name means the desa that has it today.
    load_regions([("16.06.01.2002", "Desa Dua Baru")], former_names=[("16.06.01.2002", "Sukarami")])
    rows = [row(1, "Sukarami", "", region="16.06.01")]
    job = upload(personas["admin"], csv_bytes(rows, HEADERS), "a.csv")
    assert job.valid == 1, job.first_errors
    commit(job, personas["admin"])
    assert Worker.objects.get(nik=rows[0][0]).desa_id == DESA_A


def test_a_nik_from_jakarta_imports_without_error_or_warning(personas: Any) -> None:
    # 31.71.01: Gambir, Jakarta Pusat. Only Musi Banyuasin's kecamatan are loaded; the NIK is still valid.
    jakarta = make_nik("31.71.01", BIRTH, "L", 7)
    unknown_province = make_nik("99.01.01", BIRTH, "L", 8)
    unknown_kecamatan = make_nik("16.06.99", BIRTH, "L", 9)
    rows = [
        [n, f"Warga Rantau {'ABC'[i]}", "07/06/1985", "L", "Sukarami", "Sekayu"]
        for i, n in enumerate([jakarta, unknown_province, unknown_kecamatan])
    ]
    job = upload(personas["admin"], csv_bytes(rows, HEADERS), "rantau.csv")
    found = errors(job)
    assert 2 not in found
    assert found[3] == (
        "Kode provinsi 99 pada NIK tidak ada dalam daftar wilayah Kemendagri; periksa NIK pada KTP."
    )
    assert "Kode kecamatan 16.06.99 pada NIK tidak ada dalam daftar wilayah" in found[4]
    assert job.valid == 2


def form(nik: str) -> WorkerForm:
    return WorkerForm(
        {
            "nik": nik,
            "name": "Budi Santoso",
            "birth_date": BIRTH.isoformat(),
            "sex": "L",
            "desa": DESA_A,
            "segment": "rentan",
            "occupation": Occupation.objects.get(code="petani").pk,
            "income": 1_000_000,
            "address": "Dusun I",
        }
    )


def test_field_entry_takes_a_nik_from_another_province(personas: Any) -> None:
    entry = form(make_nik("31.71.01", BIRTH, "L", 7))
    assert "nik" not in entry.errors, entry.errors
    entry.is_valid()
    assert entry.nik_warnings == []
    wrong = form(make_nik("16.06.99", BIRTH, "L", 8))
    assert "nik" not in wrong.errors
    assert "Kode kecamatan 16.06.99" in wrong.nik_warnings[0]
    bad = form(make_nik("16.99.01", BIRTH, "L", 9))
    assert bad.errors["nik"] == [
        "Kode kabupaten/kota 16.99 pada NIK tidak ada dalam daftar wilayah Kemendagri; periksa NIK pada KTP."
    ]
