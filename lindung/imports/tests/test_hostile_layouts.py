"""Layouts an attacker or an odd export produces: formula headers, UTF-16 text, a huge cell, thousands of columns."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import python_calamine

from lindung.conftest import login
from lindung.imports import engine
from lindung.imports.forms import MAX_MAPPED_COLUMNS
from lindung.imports.models import ImportJob
from lindung.imports.services import import_job_map
from lindung.lib import sheets
from lindung.lib.tests.safe_files import PAYLOADS, formula_cells
from lindung.workers.models import Occupation

from .factory import HEADERS, csv_bytes, media, person, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def _report(job: ImportJob) -> bytes:
    return Path(job.error_report.path).read_bytes()


def _text_xlsx(rows: list[list[Any]]) -> bytes:
    """An uploaded sheet whose cells are all text, formula-like ones included (as a hostile file has them)."""
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


def test_error_report_writes_formula_headers_and_cells_as_text(personas: Any) -> None:
    bad = person(2)
    bad[1] = "123"  # an invalid NIK puts the row on the error sheet
    bad[2] = PAYLOADS[1]
    rows = [[*HEADERS, PAYLOADS[0]], [*person(1), ""], [*bad, PAYLOADS[2]]]
    job = upload(personas["admin"], _text_xlsx(rows))
    assert job.status == ImportJob.Status.MAPPING  # the formula header is an unknown column: ignore it
    import_job_map(job=job, mapping={PAYLOADS[0]: ""}, by=personas["admin"])
    job = engine.run_check(job.pk)
    assert job.invalid == 1
    content = _report(job)
    assert formula_cells(content) == []
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    cells = sheet.to_python()
    # The texts are kept as they were (the report is corrected and imported again), as text cells.
    assert PAYLOADS[0] in cells[0]
    assert PAYLOADS[1] in cells[1] and PAYLOADS[2] in cells[1]


def test_template_writes_an_occupation_named_like_a_formula_as_text(personas: Any) -> None:
    Occupation.objects.create(code="X1", name=PAYLOADS[0], active=True)
    response = login(personas["admin"]).get("/impor/templat.xlsx")
    assert formula_cells(response.content) == []
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    occupations = [row[1] for row in book.get_sheet_by_name("Pilihan").to_python()[1:]]
    assert PAYLOADS[0] in occupations


def _utf16(rows: list[list[Any]], sep: str = "\t") -> bytes:
    lines = [sep.join(HEADERS), *(sep.join(str(v) for v in row) for row in rows)]
    return "\ufeff".encode("utf-16-le") + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def test_utf16_text_as_excel_saves_unicode_text_is_read(personas: Any) -> None:
    rows = [person(1), person(2)]
    rows[1][2] = "Siti Ṡalihah"  # a character outside cp1252 survives
    job = upload(personas["admin"], _utf16(rows), "daftar.txt")
    assert job.status == ImportJob.Status.CHECKED, job.error_message
    assert (job.total, job.valid, job.invalid) == (2, 2, 0)


def test_utf16_big_endian_comma_separated_is_read(personas: Any) -> None:
    lines = [",".join(HEADERS), *(",".join(str(v) for v in row) for row in [person(1)])]
    content = "\ufeff".encode("utf-16-be") + ("\n".join(lines) + "\n").encode("utf-16-be")
    job = upload(personas["admin"], content, "daftar.csv")
    assert (job.status, job.valid) == (ImportJob.Status.CHECKED, 1), job.error_message


def test_a_10_mb_cell_gets_a_clear_message(personas: Any) -> None:
    rows = [person(1), person(2)]
    rows[1][6] = "x" * 10_000_000
    job = upload(personas["admin"], csv_bytes(rows), "desa.csv")
    assert job.status == ImportJob.Status.FAILED
    assert "sel yang terlalu panjang" in job.error_message
    assert "sekitar baris 3" in job.error_message
    assert "kesalahan sistem" not in job.error_message


def test_an_unclosed_quote_far_down_the_file_gets_the_same_message(personas: Any) -> None:
    rows = [person(n) for n in range(1, 21)]
    rows[15][6] = '"Dusun I'  # never closed: the rest of the file becomes one cell
    content = csv_bytes(rows) + b"y" * 200_000
    job = upload(personas["admin"], content, "desa.csv")
    assert job.status == ImportJob.Status.FAILED
    assert "tanda kutip" in job.error_message


def test_thousands_of_unknown_columns_draw_a_capped_mapping_form(personas: Any) -> None:
    extra = [f"Kolom Lain {n}" for n in range(5000)]
    rows = [[*person(1), *[""] * len(extra)]]
    job = upload(personas["admin"], csv_bytes(rows, [*HEADERS, *extra]), "lebar.csv")
    assert job.status == ImportJob.Status.MAPPING
    client = login(personas["admin"])
    page = client.get(f"/impor/{job.pk}/").content.decode()
    assert page.count("<select") == MAX_MAPPED_COLUMNS
    assert "5.000 kolom yang tidak dikenali" in page
    assert "4.940 kolom lainnya diabaikan" in page
    # Saving the shown selects ignores the rest: the file is checked, not asked about again.
    response = client.post(f"/impor/{job.pk}/kolom/", {"col_0": ""})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping["Kolom Lain 4999"] == ""
