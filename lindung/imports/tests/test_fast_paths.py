"""The checker remembers the outcome of a repeated cell (a birth date, a desa, an occupation): every row still
gets its own messages, and cells that only look alike (1, 1.0, True) are not taken for one another."""

from __future__ import annotations

import datetime as dt
import gc
import io
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from lindung.imports.models import ImportJob

from .factory import HEADERS, media, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def messages(job: ImportJob) -> dict[int, str]:
    return {e["row"]: e["message"] for e in job.first_errors}


def test_repeated_cells_give_every_row_its_own_messages(personas: Any) -> None:
    rows = [person(i) for i in range(1, 7)]
    rows[0][4] = rows[1][4] = "31/02/1985"  # the same impossible date twice
    rows[1][9] = rows[2][9] = "Astronot"  # the same unknown occupation twice
    rows[3][4] = dt.date(1985, 6, 7)  # a date cell next to …
    rows[4][4] = "07/06/1985"  # … the same date as text, and as a serial number
    rows[5][4] = (dt.date(1985, 6, 7) - dt.date(1899, 12, 30)).days
    job = upload(personas["admin"], xlsx_bytes(rows))
    errors = messages(job)
    assert (job.valid, job.invalid, job.warnings) == (4, 2, 1)  # warnings: of valid rows
    assert "31/02/1985 bukan tanggal yang ada" in errors[2]
    assert "31/02/1985 bukan tanggal yang ada" in errors[3] and "Astronot" in errors[3]
    assert "Astronot tidak ada dalam daftar" in errors[4]
    assert set(errors) == {2, 3, 4}


def test_a_number_cell_and_a_true_cell_are_not_the_same_desa_code(personas: Any) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, [*HEADERS, "Kode Desa"])
    for r in (1, 2, 3):
        sheet.write_row(r, 0, person(r))
    sheet.write_number(1, 10, 1606012001)  # Sukarami's code typed as a number
    sheet.write_boolean(2, 10, True)  # equal to 1 as a dictionary key, but no desa code
    sheet.write_number(3, 10, 1606012001)
    book.close()
    job = upload(personas["admin"], buffer.getvalue())
    assert (job.valid, job.invalid) == (2, 1), job.first_errors
    assert "Kode desa True tidak ada" in messages(job)[3]


def test_the_check_leaves_the_cycle_collector_as_it_found_it(personas: Any) -> None:
    assert gc.isenabled()
    upload(personas["admin"], xlsx_bytes([person(1)]))
    assert gc.isenabled()


def test_staged_rows_are_written_exactly_as_csv_writer_writes_them() -> None:
    import csv

    from lindung.imports.engine import _write_staged

    plain = [
        "3201",
        "",
        "Siti Aminah",
        "siti aminah",
        "Sekayu",
        "1985-06-07",
        "P",
        "Dusun I",
        "16.06.01.2001",
    ]
    rows = [
        plain + [""] * 10,
        [*plain[:2], "Ahmad, S.Pd", *plain[3:]] + [""] * 10,  # a comma
        [*plain[:7], 'Jl. "Mawar" 2', *plain[8:]] + [""] * 10,  # a quote
        [*plain[:7], "RT 1\nRW 2", *plain[8:]] + [""] * 10,  # a line break
        [*plain[:7], "Blok A\r", *plain[8:]] + [""] * 10,
    ]
    fast, reference = io.StringIO(), io.StringIO()
    _write_staged(fast, rows)
    csv.writer(reference).writerows(rows)
    assert fast.getvalue() == reference.getvalue()
    assert list(csv.reader(io.StringIO(fast.getvalue()))) == rows


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("child", ["as fast as it is", "always done first", "never done first"])
def test_a_check_on_two_cores_gives_what_one_core_gives(
    personas: Any, settings: Any, monkeypatch: Any, kind: str, child: str
) -> None:
    from lindung.imports import engine, parallel

    # This process checks one row between two looks at the child; the last two cases fix what it sees there:
    # the child checks everything, or this process checks every row it can read before it waits.
    monkeypatch.setattr(engine, "LOCAL_ROWS", 1)
    if child != "as fast as it is":
        monkeypatch.setattr(parallel.CheckHelper, "ready", lambda self: child == "always done first")

    rows = [person(i) for i in range(1, 15)]
    rows[3][5] = "X"  # invalid
    rows[6] = list(rows[2])  # the same NIK as an earlier row, in another chunk
    rows[9][1] = "1.60601E+15"  # Excel damage
    rows[12][2] = rows[11][2]  # a probable duplicate: the same name and birth date, another NIK
    rows.insert(8, [""] * len(HEADERS))  # a blank row
    if kind == "csv":
        import csv

        buffer = io.StringIO()
        csv.writer(buffer).writerows([HEADERS, *rows])
        content, name = buffer.getvalue().encode(), "desa.csv"
    else:
        content, name = xlsx_bytes(rows), "desa.xlsx"
    settings.IMPORT_CHUNK_ROWS = 2
    settings.IMPORT_PARALLEL_MIN_ROWS = 1
    jobs = []
    for helper in (False, True):
        settings.IMPORT_CHECK_HELPER = helper
        jobs.append(upload(personas["admin"], content, name=name))
    one, two = jobs
    assert engine.helper_wanted(one.total)  # the second job really ran on two cores
    fields = ["status", "valid", "invalid", "duplicates", "probable_duplicates", "warnings", "first_errors"]
    assert [getattr(two, f) for f in fields] == [getattr(one, f) for f in fields]
    assert (one.valid, one.invalid, one.duplicates, one.probable_duplicates) == (11, 2, 1, 1)
    assert Path(two.staged.path).read_bytes() == Path(one.staged.path).read_bytes()
