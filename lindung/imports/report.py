"""The error report: the rows that were not imported cleanly, as they were, plus what is wrong, bad cells red.

Written row by row while the check runs (XlsxWriter constant-memory mode), so a million-row file costs no memory.
Rows skipped because their NIK is registered already have nothing to fix: they are listed on a sheet of their
own, "Sudah terdaftar", by row number, NIK and name. A new extract of a list imported before is mostly such
rows, and XlsxWriter takes about 4.5 µs a cell: 75 µs for a whole row of the bench's file, 14 µs for the three
cells (measured with 50,000 rows), so re-checking a million-row extract no longer spends over a minute on them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lindung.lib import sheets

from .cells import text
from .results import DUPLICATE, INACTIVE, INVALID, REGISTERED, RowResult

MAX_ROWS = 1_048_000  # one xlsx sheet holds 1,048,576 rows


def kind_label(result: RowResult) -> str:
    if result.kind == INVALID:
        return _("Tidak valid")
    if result.kind == DUPLICATE:
        return _("Ganda di berkas")
    if result.kind == REGISTERED:
        return _("Sudah terdaftar")
    if result.kind == INACTIVE:
        return _("Meninggal, pindah, atau hilang")
    if result.probable:
        return _("Kemungkinan ganda (tetap diimpor)")
    return _("Peringatan (tetap diimpor)")


def registered_sheet_name() -> str:
    return _("Sudah terdaftar")


class ErrorReport:
    def __init__(self, path: Path, headers: list[Any], columns: dict[str, int]) -> None:
        self.workbook = sheets.workbook(str(path), {"constant_memory": True})
        self.sheet = self.workbook.add_worksheet(_("Kesalahan"))
        self.bold = self.workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.bad = self.workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.note = self.workbook.add_format({"text_wrap": False, "font_color": "#9C0006"})
        self.columns = columns
        self.width = len(headers)
        titles = [_("Baris"), *[text(h) for h in headers], _("Status"), _("Keterangan")]
        self.sheet.write_row(0, 0, titles, self.bold)
        self.sheet.freeze_panes(1, 0)
        self.sheet.set_column(0, 0, 7)
        self.sheet.set_column(1, self.width, 18)
        self.sheet.set_column(self.width + 2, self.width + 2, 80)
        self.rows = 0
        self.registered_sheet: Any = None
        self.registered = 0
        self.name_at = columns.get("name", -1)  # the name's cell, for the registered rows' sheet

    def add(self, result: RowResult) -> None:
        if result.kind == REGISTERED:
            self._add_registered(result)
            return
        if self.rows >= MAX_ROWS:
            return
        self.rows += 1
        r = self.rows
        bad = {self.columns[key] for key, _m in result.errors if key in self.columns}
        sheet = self.sheet
        sheet.write_number(r, 0, result.row_no)
        for index in range(self.width):
            value = result.cells[index] if index < len(result.cells) else ""
            if isinstance(value, dt.date):
                value = f"{value:%d/%m/%Y}"
            sheet.write_string(r, index + 1, text(value), self.bad if index in bad else None)
        sheet.write_string(r, self.width + 1, kind_label(result))
        sheet.write_string(r, self.width + 2, result.message, self.note)

    def _add_registered(self, result: RowResult) -> None:
        if self.registered >= MAX_ROWS:
            return
        sheet = self.registered_sheet
        if sheet is None:  # the second sheet, made when the first such row comes
            sheet = self.registered_sheet = self.workbook.add_worksheet(registered_sheet_name())
            sheet.write_row(0, 0, [_("Baris"), "NIK", _("Nama")], self.bold)
            sheet.freeze_panes(1, 0)
            sheet.set_column(0, 0, 7)
            sheet.set_column(1, 2, 24)
        self.registered += 1
        r = self.registered
        sheet.write_number(r, 0, result.row_no)
        sheet.write_string(r, 1, result.nik)
        if 0 <= self.name_at < len(result.cells):
            sheet.write_string(r, 2, text(result.cells[self.name_at]))

    def close(self) -> None:
        if self.rows == 0:
            if self.registered:
                message = _(
                    "Tidak ada kesalahan. Baris yang NIK-nya sudah terdaftar ada di lembar %(sheet)s."
                ) % {"sheet": registered_sheet_name()}
            else:
                message = _("Tidak ada kesalahan: semua baris valid.")
            self.sheet.write_string(1, 0, message)
        self.workbook.close()
