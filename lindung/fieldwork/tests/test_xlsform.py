"""The XLSForm enumerators load into ODK Collect / KoboCollect: made from the database, checked by pyxform and by
ODK Validate (the JavaRosa engine ODK Collect runs, shipped inside pyxform) where Java is installed."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook
from pyxform.xls2xform import convert

from lindung.conftest import DESA_A, DESA_LAIS, MUBA, login
from lindung.fieldwork.xlsform import xlsform_bytes
from lindung.regions.models import Region
from lindung.workers.models import Occupation

pytestmark = pytest.mark.django_db


def sheet(data: bytes, name: str) -> list[dict[str, Any]]:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(name).to_python()
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def by_name(data: bytes) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in sheet(data, "survey")}


def test_the_form_converts_and_passes_odk_validate() -> None:
    data = xlsform_bytes(Region.objects.get(code=MUBA))
    warnings: list[str] = []
    # ODK Validate is the JavaRosa form engine that ODK Collect itself runs: a form it accepts loads on the phone.
    result = convert(
        io.BytesIO(data), warnings=warnings, validate=shutil.which("java") is not None, file_type=".xlsx"
    )
    assert warnings == []
    assert 'id="lindung_pekerja"' in result.xform
    for field in ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_desa", "pekerjaan", "persetujuan"):
        assert f"/data/{field}" in result.xform


def test_a_desa_operator_gets_only_their_desa_and_the_catalogue_occupations() -> None:
    data = xlsform_bytes(Region.objects.get(code=DESA_A))
    choices = sheet(data, "choices")
    desa = [c for c in choices if c["list_name"] == "desa"]
    assert [d["name"] for d in desa] == [DESA_A]
    assert desa[0]["kecamatan"] == "16.06.01"
    assert [c["name"] for c in choices if c["list_name"] == "kecamatan"] == ["16.06.01"]
    occupations = {c["name"] for c in choices if c["list_name"] == "pekerjaan"}
    assert occupations == set(Occupation.objects.filter(active=True).values_list("code", flat=True))
    assert by_name(data)["kode_desa"]["choice_filter"] == "kecamatan = ${kecamatan}"


def test_the_nik_rules_are_constraints_and_no_ktp_photo_by_default(settings: Any) -> None:
    survey = by_name(xlsform_bytes(Region.objects.get(code=MUBA)))
    assert (
        "regex(., '^(16)[0-9]{14}$')" in survey["nik"]["constraint"] or "16|" in survey["nik"]["constraint"]
    )
    assert "substr(., 12, 16) != '0000'" in survey["nik"]["constraint"]
    assert "${jenis_kelamin} = 'P', 40, 0" in survey["tanggal_lahir"]["constraint"]
    assert survey["persetujuan"]["constraint"] == ". = 'ya'"
    assert "foto_ktp" not in survey
    settings.LINDUNG_ODK_KTP_PHOTO = True
    assert by_name(xlsform_bytes(Region.objects.get(code=MUBA)))["foto_ktp"]["type"] == "image"


def test_the_consent_statement_is_the_public_forms() -> None:
    notes = [
        r["label"]
        for r in sheet(xlsform_bytes(Region.objects.get(code=MUBA)), "survey")
        if r["type"] == "note"
    ]
    assert any("UU 27/2022" in n for n in notes)
    assert all("<" not in n for n in notes)


def test_an_operator_downloads_the_form_of_their_area(personas: dict[str, Any]) -> None:
    response = login(personas["desa_lain"]).get("/impor/formulir-odk/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'lindung_pekerja-{DESA_LAIS}.xlsx"')
    desa = [c["name"] for c in sheet(response.content, "choices") if c["list_name"] == "desa"]
    assert desa == [DESA_LAIS]


def test_leadership_does_not_get_the_form(personas: dict[str, Any]) -> None:
    assert login(personas["pimpinan"]).get("/impor/formulir-odk/").status_code == 403


def test_the_command_writes_the_form(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    call_command("odk_form", "--out", str(out), "--area", "16.06.01", stdout=io.StringIO())
    desa = [c for c in sheet(out.read_bytes(), "choices") if c["list_name"] == "desa"]
    assert desa and all(d["name"].startswith("16.06.01.") for d in desa)
