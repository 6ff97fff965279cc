"""Open an uploaded worker list and stream its rows.

The file has passed file_checks.detect_kind; what can only be found once a sheet is chosen (its used range,
formulas without values) is checked here before the rows are read, with file_checks' rules. xlsx is read with
python-calamine (cached formula values, merged cells filled from their top-left cell); csv with the standard
library, streamed.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .columns import has_nik_header, score_header
from .file_checks import UTF16_BOMS, FormulaScan, ImportFileError, check_extent

HEADER_SCAN_ROWS = 10


@dataclass
class Sheet:
    header_row: int  # 1-based row number of the header in the file
    headers: list[Any]
    total: int  # data rows (an upper bound for xlsx: trailing empty rows are skipped while reading)
    rows: Iterator[tuple[int, list[Any]]]  # (1-based row number, cells)


def open_sheet(path: Path, kind: str) -> Sheet:
    if kind == "csv":
        return _open_csv(path)
    return _open_workbook(path, kind)


def _find_header(first: list[list[Any]]) -> int:
    best, best_score = 0, 0
    for index, row in enumerate(first):
        score = score_header(row)
        if score > best_score:
            best, best_score = index, score
    return best


def _open_workbook(path: Path, kind: str) -> Sheet:
    import python_calamine as pc

    scan = None
    try:
        try:
            workbook = pc.CalamineWorkbook.from_path(str(path))
            metas = workbook.sheets_metadata
            index = _pick_sheet(metas)
            sheet = None
            if _data_sheet_named(metas) is None and len(metas) > 1:
                index, sheet = _sheet_with_people(workbook, path, kind, metas, index)
            if kind == "xlsx":
                check_extent(path, index)
                scan = FormulaScan(path, index)  # beside the parse
            if sheet is None:
                sheet = workbook.get_sheet_by_index(index)
            merged = sheet.merged_cell_ranges or []
            height = sheet.height
        except ImportFileError:
            raise
        except pc.PasswordError:
            raise ImportFileError(
                _("Berkas dilindungi kata sandi. Hapus kata sandinya di Excel lalu unggah lagi.")
            ) from None
        except Exception:  # calamine raises several kinds for damaged files
            raise ImportFileError(
                _(
                    "Berkas lembar kerja rusak dan tidak dapat dibaca. Buka di Excel, simpan ulang, lalu unggah "
                    "lagi."
                )
            ) from None
        problem = scan.result() if scan else None
    finally:
        if scan:
            scan.close()  # a failed parse's message is the one shown; the scan is not waited for
    if problem:
        raise ImportFileError(problem)
    rows = _fill_merged(sheet.iter_rows(), merged) if merged else sheet.iter_rows()
    numbered = zip(itertools.count(1), rows)  # enumerate's pairs without a generator frame per row
    first = []
    for item in numbered:
        first.append(item)
        if len(first) >= HEADER_SCAN_ROWS:
            break
    if not first:
        raise ImportFileError(_("Lembar kerja kosong: tidak ada judul kolom maupun data."))
    at = _find_header([row for _n, row in first])
    header_number, headers = first[at]
    rest = first[at + 1 :]

    def stream() -> Iterator[tuple[int, list[Any]]]:
        yield from rest
        yield from numbered

    return Sheet(
        header_row=header_number, headers=headers, total=max(height - header_number, 0), rows=stream()
    )


def _visible(metas: list[Any]) -> list[tuple[int, str]]:
    visible = [(i, m.name) for i, m in enumerate(metas) if str(m.visible).endswith("Visible")]
    return visible or [(i, m.name) for i, m in enumerate(metas)]


def _data_sheet_named(metas: list[Any]) -> int | None:
    for i, name in _visible(metas):
        if name.strip().lower() in ("data", "pekerja", "daftar pekerja", "data pekerja"):
            return i
    return None


def _sheet_with_people(workbook: Any, path: Path, kind: str, metas: list[Any], index: int) -> tuple[int, Any]:
    """In a workbook of several sheets, the first (from `index` on, then the others) whose header names a NIK:
    DTKS/Regsosek keeps its people on the fourth sheet, after the place, the enumerator and the house.

    Only workbooks of several sheets without a "Data" sheet pay for this: each sheet tried is parsed.
    Returns (index, the parsed sheet or None when no sheet has a NIK header)."""
    order = [index] + [i for i, _n in _visible(metas) if i != index]
    for i in order:
        if kind == "xlsx":
            check_extent(path, i)
        sheet = workbook.get_sheet_by_index(i)
        top = list(itertools.islice(sheet.iter_rows(), HEADER_SCAN_ROWS))
        if any(has_nik_header(row) for row in top):
            return i, sheet
    return index, None


def _pick_sheet(metas: list[Any]) -> int:
    """The sheet named like data ("Data", "Pekerja"), else the first visible one that is not the instructions."""
    visible = _visible(metas)
    if (named := _data_sheet_named(metas)) is not None:
        return named
    for i, name in visible:
        if name.strip().lower() not in ("petunjuk", "instruksi", "pilihan", "daftar pilihan"):
            return i
    return visible[0][0]


def _fill_merged(rows: Iterator[list[Any]], merged: list[Any]) -> Iterator[list[Any]]:
    """Give every cell of a merged area the value of its top-left cell (calamine leaves them empty)."""
    starting: dict[int, list[tuple[int, int, int, int]]] = {}
    for (r0, c0), (r1, c1) in merged:
        starting.setdefault(r0, []).append((r0, c0, r1, c1))
    active: list[tuple[int, int, int, int, Any]] = []
    for r, row in enumerate(rows):
        for r0, c0, r1, c1 in starting.get(r, []):
            active.append((r0, c0, r1, c1, row[c0] if c0 < len(row) else ""))
        if active:
            for _r0, c0, _r1, c1, value in active:
                if len(row) <= c1:
                    row.extend([""] * (c1 + 1 - len(row)))
                for c in range(c0, c1 + 1):
                    row[c] = value
            active = [a for a in active if a[2] > r]
        yield row


def _open_csv(path: Path) -> Sheet:
    sample_size = 64 * 1024
    with path.open("rb") as fh:
        sample = fh.read(sample_size)
    encoding = "utf-8-sig"
    if sample.startswith(UTF16_BOMS):
        encoding = "utf-16"  # the codec reads the byte-order mark and drops it
    else:
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A sample cut inside a multi-byte character is still UTF-8; a whole file is what it is.
            cut = len(sample) == sample_size
            if not cut or exc.start < len(sample) - 4:
                encoding = "cp1252"
    lines = sample.decode(encoding, errors="replace").splitlines()
    first_line = lines[0] if lines else ""  # a file of nothing but a byte-order mark has no line
    delimiter = max([",", ";", "\t", "|"], key=first_line.count)
    total = _count_lines(path, encoding)
    handle = io.TextIOWrapper(path.open("rb"), encoding=encoding, errors="replace", newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    numbered = zip(itertools.count(1), reader)  # enumerate's pairs without a generator frame per row
    first = []
    try:
        for item in numbered:
            first.append(item)
            if len(first) >= HEADER_SCAN_ROWS:
                break
    except csv.Error as exc:
        handle.close()
        raise _csv_error(exc, reader.line_num) from None
    if not first or not any(str(c).strip() for _n, row in first for c in row):
        handle.close()
        raise ImportFileError(_("Berkas CSV kosong: tidak ada judul kolom maupun data."))
    at = _find_header([row for _n, row in first])
    header_number, headers = first[at]
    rest = first[at + 1 :]

    def stream() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from rest
            yield from numbered
        except csv.Error as exc:
            raise _csv_error(exc, reader.line_num) from None
        finally:
            handle.close()

    return Sheet(
        header_row=header_number, headers=headers, total=max(total - header_number, 0), rows=stream()
    )


def _csv_error(exc: csv.Error, line: int) -> ImportFileError:
    if "field larger than field limit" in str(exc):
        # The csv module refuses a field over its limit (128 KiB) rather than hold it: no name or address is
        # that long, so the usual cause is a quote (") never closed, which swallows the rest of the file.
        return ImportFileError(
            _(
                "Berkas CSV memuat sel yang terlalu panjang (lebih dari %(limit)s karakter) sekitar baris "
                '%(line)s. Biasanya karena tanda kutip (") yang tidak ditutup, atau teks panjang yang tertempel '
                "di satu sel. Perbaiki sel itu, simpan, lalu unggah lagi."
            )
            % {
                "limit": f"{csv.field_size_limit():,}".replace(",", "."),
                "line": f"{line:,}".replace(",", "."),
            }
        )
    return ImportFileError(_("Berkas CSV rusak: ada baris yang tidak dapat dibaca."))


def _count_lines(path: Path, encoding: str = "utf-8") -> int:
    if encoding == "utf-16":
        # A newline byte can be half of another character in UTF-16: count decoded text instead.
        lines, last_char = 0, "\n"
        with path.open(encoding="utf-16", errors="replace", newline="") as text_fh:
            while text_chunk := text_fh.read(2 * 1024 * 1024):
                lines += text_chunk.count("\n")
                last_char = text_chunk[-1:]
        return lines + (last_char != "\n")
    count, last = 0, b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(4 * 1024 * 1024):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
