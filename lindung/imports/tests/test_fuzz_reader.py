"""Property tests for the spreadsheet reader: whatever bytes arrive, the uploader gets rows or one clear sentence.

Every example writes one file into tmp_path (xlsx with XlsxWriter, csv with the csv module, or raw bytes) and
reads it back as an upload is read: `detect_kind`, then `open_sheet`, then every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from lindung.imports.cells import text
from lindung.imports.file_checks import ImportFileError, detect_kind
from lindung.imports.reader import open_sheet
from lindung.lib.nik import check_kk, check_nik, clean_digits

from .factory import HEADERS, csv_bytes, person, xlsx_bytes


def fuzz(examples: int) -> settings:
    # tmp_path belongs to the test, not to one example; each example overwrites the same file, so sharing is safe.
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )


# At most 9 cells a data row: HEADERS has 9 known headers, so no data row can look more like the header row.
WIDTH = len(HEADERS) - 1
BOM = b"\xef\xbb\xbf"
FIRST_WORDS = {"Berkas", "Lembar", "Sel", "Isi"}  # how every message of reader.py and file_checks.py starts


def read_back(path: Path, content: bytes) -> list[tuple[int, list[Any]]]:
    path.write_bytes(content)
    return list(open_sheet(path, detect_kind(path, path.name)).rows)


def assert_a_sentence_for_the_uploader(error: ImportFileError) -> None:
    message = str(error)
    assert message.split(" ", 1)[0] in FIRST_WORDS, message
    assert message.endswith("."), message


# --- Any bytes at all ---------------------------------------------------------------------------------------

VALID_XLSX = xlsx_bytes([person(1), person(2)])


def _mutated(content: bytes, cut: int | None, changes: list[tuple[int, int]]) -> bytes:
    data = bytearray(content[:cut] if cut else content)
    for position, value in changes:
        if data:
            data[position % len(data)] = value
    return bytes(data)


# Anywhere, or in the zip's central directory at the end, which check_zip reads before anything else.
POSITIONS = st.integers(0, len(VALID_XLSX)) | st.integers(VALID_XLSX.index(b"PK\x01\x02"), len(VALID_XLSX))
MAGIC = st.sampled_from(
    [b"", b"PK\x03\x04", b"PK", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF", b"\x89PNG", BOM, b"NIK;Nama\n"]
)
ANY_BYTES = st.one_of(
    st.binary(max_size=4096),
    st.builds(bytes.__add__, MAGIC, st.binary(max_size=2048)),
    st.builds(
        _mutated,
        st.just(VALID_XLSX),
        st.none() | st.integers(1, len(VALID_XLSX)),
        st.lists(st.tuples(POSITIONS, st.integers(0, 255)), max_size=8),
    ),
)


@fuzz(1000)
@given(content=ANY_BYTES, name=st.sampled_from(["daftar.csv", "daftar.xlsx"]))
def test_any_bytes_give_rows_or_one_indonesian_sentence(tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    try:
        sheet = open_sheet(path, detect_kind(path, name))
        numbers = [number for number, _row in sheet.rows]
    except ImportFileError as error:
        assert_a_sentence_for_the_uploader(error)
        event("refused", str(error).split(":")[0].split(".")[0][:40])
    else:
        assert numbers == sorted(set(numbers)) and all(n > sheet.header_row for n in numbers)
        event("read", "rows" if numbers else "header only")


# --- Real workbooks -----------------------------------------------------------------------------------------

CELL_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\ufffe\uffff"), max_size=40)


def _long(char: str, n: int) -> str:
    """Up to a cell's limit: 32,767 UTF-16 units (XlsxWriter cuts longer text, as Excel does)."""
    return char * min(n, 32767 // (len(char.encode("utf-16-le")) // 2))


LONG_TEXT = st.builds(
    _long, st.characters(codec="utf-8", exclude_characters="\ufffe\uffff"), st.integers(1000, 32767)
)
# From March 1900: Excel's serial numbers count a 29 February 1900 that never was.
DATES = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))
DATETIMES = st.datetimes(
    min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(microsecond=0))
NUMBERS = st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
# ("formula", cached result): what Excel saves. An empty cached text is what a writer that never calculates saves.
FORMULA_TEXT = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff"), max_size=20
)
FORMULAS = st.tuples(st.just("formula"), st.integers(-1000, 1000) | FORMULA_TEXT)
CELLS = st.one_of(st.none(), CELL_TEXT, LONG_TEXT, NUMBERS, st.booleans(), DATES, DATETIMES, FORMULAS)
ROWS = st.lists(st.lists(CELLS, max_size=WIDTH), max_size=12)


def _workbook(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    as_datetime = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, tuple):
                sheet.write_formula(r, c, "=A1", None, value[1])
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, as_datetime)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, as_date)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif value is not None:
                # Not write(): it would turn "=..." into a formula and "http..." into a link.
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def _written(value: Any) -> bool:
    return value is not None  # XlsxWriter stores "" as a cell holding the empty string


def _same(read: Any, written: Any) -> bool:
    if isinstance(written, tuple):
        written = written[1]
    if written is None or written == "":
        return read == ""
    if isinstance(written, bool):
        return read is written
    if isinstance(written, int | float):
        # XlsxWriter saves 16 significant digits, as Excel does (17 would round-trip every float).
        return isinstance(read, int | float) and read == float(f"{written:.16G}")
    if isinstance(written, dt.datetime):
        if type(read) is dt.date:  # calamine gives a date for a datetime at midnight
            read = dt.datetime.combine(read, dt.time())
        return isinstance(read, dt.datetime) and abs(read - written) < dt.timedelta(milliseconds=1)
    return read == written


def _first_formula_without_value(rows: list[list[Any]]) -> str | None:
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if isinstance(value, tuple) and value[1] == "":
                return f"{'ABCDEFGHI'[c]}{r}"
    return None


@fuzz(300)
@given(rows=ROWS)
def test_a_real_workbook_reads_back_every_row_and_value(tmp_path: Path, rows: list[list[Any]]) -> None:
    content = _workbook(rows)
    if cell := _first_formula_without_value(rows):
        event("formula without a saved value")
        with pytest.raises(ImportFileError, match=f"^Sel {cell} berisi rumus"):
            read_back(tmp_path / "desa.xlsx", content)
        return
    read = read_back(tmp_path / "desa.xlsx", content)
    # Empty rows at the end are no rows; empty rows between data are kept with their row number.
    last = max((i for i, row in enumerate(rows) if any(_written(v) for v in row)), default=-1)
    assert [number for number, _row in read] == list(range(2, last + 3))
    for (_number, got), wrote in zip(read, rows, strict=False):
        assert len(got) == len(HEADERS)  # calamine pads every row to the sheet's width
        for c, value in enumerate(wrote):
            assert _same(got[c], value), (c, got[c], value)


@fuzz(150)
@given(
    rows=st.lists(
        st.lists(CELL_TEXT.filter(str.strip), min_size=WIDTH, max_size=WIDTH), min_size=1, max_size=6
    ),
    area=st.tuples(
        st.integers(0, 5), st.integers(0, WIDTH - 1), st.integers(0, 5), st.integers(0, WIDTH - 1)
    ),
)
def test_a_merged_area_gives_every_cell_its_top_left_value(
    tmp_path: Path, rows: list[list[str]], area: tuple[int, int, int, int]
) -> None:
    r0, c0 = min(area[0], area[2]), min(area[1], area[3])
    r1, c1 = max(area[0], area[2]), max(area[1], area[3])
    assume((r0, c0) != (r1, c1))  # one cell is no merged area
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    sheet.merge_range(r0 + 1, c0, r1 + 1, c1, "gabungan")
    book.close()
    read = dict(read_back(tmp_path / "desa.xlsx", buffer.getvalue()))
    # Rows below the data that only continue the merged area hold nothing of their own: they are not read.
    present = max(len(rows), r0 + 1)
    assert sorted(read) == list(range(2, present + 2))
    for r in range(present):
        for c in range(WIDTH):
            inside = r0 <= r <= r1 and c0 <= c <= c1
            expected = "gabungan" if inside else (rows[r][c] if r < len(rows) else "")
            assert read[r + 2][c] == expected, (r, c)


# --- csv ----------------------------------------------------------------------------------------------------

# What village names hold; these accented letters are never a valid UTF-8 sequence in cp1252, so the encoding
# guess is unambiguous.
NAME_TEXT = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 .,;|'\"\t\r\n/-éèáíóúñü"), max_size=20
)


@fuzz(400)
@given(
    rows=st.lists(st.lists(NAME_TEXT, max_size=WIDTH), max_size=12),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_a_csv_reads_back_every_row_and_cell(
    tmp_path: Path, rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    content = buffer.getvalue().encode(encoding)
    read = read_back(tmp_path / "desa.csv", content)
    assert [number for number, _row in read] == list(range(2, len(rows) + 2))
    assert [row for _number, row in read] == rows


# --- NIKs that Excel stored as numbers ----------------------------------------------------------------------

NIKS = st.integers(10**15, 10**16 - 1).map(str)


def _as_number_cells(tmp_path: Path, numbers: list[float]) -> list[float]:
    read = read_back(tmp_path / "desa.xlsx", xlsx_bytes([[n] for n in numbers], ["NIK"]))
    cells = [row[0] for _number, row in read]
    assert all(isinstance(cell, float) for cell in cells)
    return cells


@fuzz(200)
@given(niks=st.lists(NIKS, min_size=1, max_size=10))
def test_a_nik_a_program_wrote_as_a_number_is_exact_or_refused(tmp_path: Path, niks: list[str]) -> None:
    """A float holds every 16-digit number below 2**53; one ending in 0 may be Excel's damage (next test)."""
    for cell, nik in zip(_as_number_cells(tmp_path, [float(nik) for nik in niks]), niks, strict=True):
        digits, problem = clean_digits(cell)
        result = check_nik(cell)
        if int(nik) >= 2**53:
            assert digits == "" and problem is not None and "digit terakhirnya bisa berubah" in problem
        elif nik.endswith("0"):
            assert digits == "" and problem is not None and "hanya menyimpan 15 digit" in problem
        else:
            assert (digits, problem) == (nik, None)
            assert text(cell) == nik == result.nik
            continue
        assert not result.ok and result.nik == ""
        assert result.errors == [f"NIK {problem}"]


@fuzz(200)
@given(niks=st.lists(NIKS, min_size=1, max_size=10))
def test_a_nik_typed_into_an_excel_number_cell_is_never_taken(tmp_path: Path, niks: list[str]) -> None:
    """Excel keeps 15 significant digits: 1606014503900001 is saved as 1606014503900000, a different NIK."""
    saved_by_excel = [float(f"{int(nik):.15g}") for nik in niks]
    for cell in _as_number_cells(tmp_path, saved_by_excel):
        result = check_nik(cell)
        assert not result.ok and result.nik == ""
        assert "format kolom sebagai Teks" in result.errors[0]


@fuzz(150)
@given(nik=NIKS, decimals=st.integers(0, 5), comma=st.booleans())
def test_a_nik_excel_showed_as_scientific_is_refused_with_the_reason(
    tmp_path: Path, nik: str, decimals: int, comma: bool
) -> None:
    """A General column shows 1606014503900001 as 1.60601E+15, and "Save as CSV" keeps only what it shows."""
    shown = f"{int(nik):.{decimals}E}"
    if comma:
        shown = shown.replace(".", ",")  # Excel in Indonesian
    read = read_back(tmp_path / "desa.csv", csv_bytes([[shown, shown]], ["NIK", "Nomor KK"], sep=";"))
    [(_number, [nik_cell, kk_cell])] = read
    assert nik_cell == shown
    result = check_nik(nik_cell)
    assert not result.ok and result.nik == ""
    assert f"angka ilmiah ({shown})" in result.errors[0]
    _kk, problem = check_kk(kk_cell)
    assert problem is not None and "angka ilmiah" in problem


# --- Bugs these properties found in reader.py and file_checks.py (fixed outside this file) --------------


def _central_directory_field(content: bytes, offset: int, value: int) -> bytes:
    """Overwrite a 2-byte field of the first central-directory entry."""
    at = content.index(b"PK\x01\x02") + offset
    return content[:at] + struct.pack("<H", value) + content[at + 2 :]


def test_a_csv_holding_only_a_byte_order_mark_is_empty(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="Berkas CSV kosong"):
        read_back(tmp_path / "desa.csv", BOM)


def test_a_zip_directory_needing_an_unknown_zip_version_is_corrupted(tmp_path: Path) -> None:
    content = _central_directory_field(VALID_XLSX, 6, 0xFF)  # "version needed to extract"
    with pytest.raises(ImportFileError, match="rusak"):
        read_back(tmp_path / "desa.xlsx", content)


def test_a_worksheet_whose_local_header_disagrees_is_corrupted(tmp_path: Path) -> None:
    at = VALID_XLSX.index(b"xl/worksheets/sheet1.xml")  # the local header comes before the central directory
    content = VALID_XLSX[:at] + b"X" + VALID_XLSX[at + 1 :]
    with pytest.raises(ImportFileError, match="rusak"):
        read_back(tmp_path / "desa.xlsx", content)


def test_a_short_cp1252_csv_ending_in_an_accent_keeps_it(tmp_path: Path) -> None:
    content = "NIK;Nama\n1606014503900001;José\n".encode("cp1252")
    assert read_back(tmp_path / "desa.csv", content) == [(2, ["1606014503900001", "José"])]
