"""Refuse an uploaded file that cannot or should not be read, before anything parses it.

Everything that can be wrong with the file itself is reported as one Indonesian sentence: too big, empty, not a
spreadsheet, corrupted, password-protected, a zip bomb, a used range too large to hold, formulas without values.
detect_kind runs on upload; reader.open_sheet runs the xlsx checks that need the chosen sheet.
"""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .parallel import Forked, fork_available

log = logging.getLogger(__name__)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
NOT_SHEETS = [
    (b"\x89PNG", "gambar PNG"),
    (b"%PDF", "dokumen PDF"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
    (b"Rar!", "arsip RAR"),
    (b"\x1f\x8b", "arsip GZIP"),
    (b"7z\xbc\xaf", "arsip 7-Zip"),
]
_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"[^>]*?>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>'
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def max_unzipped_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", 1024 * 1024 * 1024))


MAX_RATIO = 100  # xlsx parts compress 5–20×; a bomb compresses thousands of times
# calamine holds a sheet's used range densely, tens of bytes a cell whether filled or not: one stray value in
# cell XFD1048576 of a 5 KB file asks for 17 billion cells and kills the process. Excel's 1,048,576 rows × 15
# columns fit under this.
MAX_CELLS = 16_000_000
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}[0-9]+:)?([A-Z]{1,3})([0-9]+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"')


class ImportFileError(Exception):
    """The file cannot be read; the message says why in words the uploader understands."""


def size_error(size: int, limit: int | None = None) -> str | None:
    """The message for a file over `limit` bytes (None: the upload limit of the settings; 0: no limit)."""
    limit = max_bytes() if limit is None else limit
    if limit and size > limit:
        return _(
            "Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. Pecah berkas menjadi beberapa bagian."
        ) % {
            "size": f"{size / 1024 / 1024:.1f}",
            "limit": f"{limit / 1024 / 1024:.0f}",
        }
    return None


def detect_kind(path: Path, name: str, limit: int | None = None) -> str:
    """'xlsx', 'xls' or 'csv', or raise ImportFileError. Reads only the first bytes and the zip directory.
    `limit` as in size_error."""
    size = path.stat().st_size
    if problem := size_error(size, limit):
        raise ImportFileError(problem)
    if size == 0:
        raise ImportFileError(_("Berkas kosong (0 byte). Pilih berkas yang berisi daftar pekerja."))
    with path.open("rb") as fh:
        head = fh.read(4096)
    for magic, what in NOT_SHEETS:
        if head.startswith(magic):
            raise ImportFileError(
                _("Berkas ini bukan lembar kerja, melainkan %(what)s. Unggah berkas .xlsx atau .csv.")
                % {"what": what}
            )
    if head.startswith(OLE_MAGIC):
        with path.open("rb") as fh:
            data = fh.read(min(size, 2 * 1024 * 1024))
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportFileError(
                _(
                    "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
                    "(File › Info › Proteksi), simpan, lalu unggah lagi."
                )
            )
        return "xls"
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK"):
        check_zip(path)
        return "xlsx"
    if head.startswith(UTF16_BOMS):
        return "csv"  # Excel's "Unicode text": UTF-16 with a byte-order mark, tab-separated
    if b"\x00" in head:
        raise ImportFileError(_("Berkas ini bukan lembar kerja .xlsx atau .csv yang dapat dibaca."))
    return "csv"


# What zipfile raises for a damaged archive: a bad directory, a member that disagrees with it, an unknown method
# or version, a truncated stream.
ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error)


def _corrupted_xlsx() -> ImportFileError:
    return ImportFileError(
        _(
            "Berkas xlsx rusak atau tidak lengkap. Buka di Excel, simpan ulang sebagai .xlsx, lalu unggah lagi."
        )
    )


def check_zip(path: Path) -> None:
    """Refuse a corrupted xlsx and a zip bomb from the zip directory alone, before calamine inflates anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS:
        raise _corrupted_xlsx() from None
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise ImportFileError(
            _(
                "Berkas ini arsip zip atau dokumen lain, bukan buku kerja Excel. Unggah berkas .xlsx atau .csv."
            )
        )
    total = sum(info.file_size for info in infos)
    bomb = total > max_unzipped_bytes() or any(
        info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if bomb:
        raise ImportFileError(
            _(
                "Isi berkas xlsx ini membengkak tidak wajar saat dibuka (%(size)s MB); berkas ditolak demi keamanan. "
                "Simpan ulang dari Excel atau gunakan CSV."
            )
            % {"size": f"{total / 1024 / 1024:.0f}"}
        )


class FormulaScan:
    """Looks for formulas without a saved result: `result()` is the message, if any; `close()` ends it.

    calamine's parse of a large sheet takes seconds and holds the GIL, so a thread could not scan meanwhile;
    a forked child started before the parse can (200,000 rows: parse 1.9 s, scan 0.4 s, which then no longer
    adds to the wait). A small file, or a machine without fork or a second core, is scanned in this process when
    the result is asked for; so is every file whose child failed.
    """

    def __init__(self, path: Path, sheet_index: int) -> None:
        self.path, self.sheet_index = path, sheet_index
        minimum = int(getattr(settings, "IMPORT_FORMULA_SCAN_FORK_BYTES", 4 * 1024 * 1024))
        large = path.stat().st_size >= minimum
        self.child = Forked(_formula_problem, path, sheet_index) if large and fork_available() else None

    def result(self) -> str | None:
        if self.child is not None:
            try:
                problem: str | None = self.child.result()
                return problem
            except RuntimeError:
                log.warning("formula scan in a child failed; scanning here", exc_info=True)
        return _formula_problem(self.path, self.sheet_index)

    def close(self) -> None:
        if self.child is not None:
            self.child.close()


def _formula_problem(path: Path, sheet_index: int) -> str | None:
    """The message for the first cell holding a formula whose result was never saved (calamine would read it
    as empty), or for a sheet that cannot be inflated; None if there is neither."""
    try:
        cell = _scan_formulas(path, sheet_index)
    except ZIP_ERRORS:
        return str(_corrupted_xlsx())
    if cell is None:
        return None
    return _(
        "Sel %(cell)s berisi rumus yang hasilnya tidak tersimpan di berkas. Buka berkas di Excel, "
        "simpan ulang (agar hasil rumus tersimpan) atau salin lalu tempel sebagai nilai."
    ) % {"cell": cell}


def _scan_formulas(path: Path, sheet_index: int) -> str | None:
    with zipfile.ZipFile(path) as archive:
        member = f"xl/worksheets/sheet{sheet_index + 1}.xml"
        if member not in archive.namelist():
            return None
        tail = b""
        with archive.open(member) as fh:
            while chunk := fh.read(1024 * 1024):
                data = tail + chunk
                if b"<f" in data and (match := _FORMULA_NO_VALUE.search(data)):
                    return match.group(1).decode()
                tail = data[-2048:]
    return None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_extent(path: Path, sheet_index: int) -> tuple[str, int, int] | None:
    """(last cell, rows, columns) of the sheet's used range, read before calamine allocates it.

    Excel and every library we know write `<dimension>` at the top of the sheet; without it, every cell
    reference is scanned (a few seconds for a large sheet, only for such files).
    """
    with zipfile.ZipFile(path) as archive:
        member = f"xl/worksheets/sheet{sheet_index + 1}.xml"
        if member not in archive.namelist():
            return None
        with archive.open(member) as fh:
            head = fh.read(64 * 1024)
            if match := _DIMENSION.search(head):
                col, row = match.group(1), int(match.group(2))
                return f"{col.decode()}{row}", row, _column_number(col)
            max_row, max_col, tail = 0, 0, b""
            data = head
            while data:
                data = tail + data
                for col, row in _CELL_REF.findall(data):
                    max_row, max_col = max(max_row, int(row)), max(max_col, _column_number(col))
                tail, data = data[-32:], fh.read(1024 * 1024)
    if not max_row:
        return None
    letters, n = "", max_col
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{max_row}", max_row, max_col


def check_extent(path: Path, sheet_index: int) -> None:
    try:
        extent = _sheet_extent(path, sheet_index)
    except ZIP_ERRORS:
        raise _corrupted_xlsx() from None
    if extent and extent[1] * extent[2] > MAX_CELLS:
        cell, rows, cols = extent
        raise ImportFileError(
            _(
                "Lembar kerja terpakai sampai sel %(cell)s (%(rows)s baris × %(cols)s kolom), jauh di luar tabel "
                "data. Hapus baris dan kolom di luar tabel (atau salin tabelnya ke berkas baru), simpan, lalu "
                "unggah lagi."
            )
            % {"cell": cell, "rows": f"{rows:,}".replace(",", "."), "cols": cols}
        )
