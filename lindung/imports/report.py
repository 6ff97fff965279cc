"""The error report: the rows that were not imported cleanly, as they were, plus what is wrong, bad cells red.

Written row by row while the check runs (XlsxWriter constant-memory mode), so a million-row file costs no memory.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from .cells import text
from .checker import DUPLICATE, INVALID, REGISTERED, RowResult

MAX_ROWS = 1_048_000  # one xlsx sheet holds 1,048,576 rows


def kind_label(result: RowResult) -> str:
    if result.kind == INVALID:
        return _("Tidak valid")
    if result.kind == DUPLICATE:
        return _("Ganda di berkas")
    if result.kind == REGISTERED:
        return _("Sudah terdaftar")
    if result.probable:
        return _("Kemungkinan ganda (tetap diimpor)")
    return _("Peringatan (tetap diimpor)")


class ErrorReport:
    def __init__(self, path: Path, headers: list[Any], columns: dict[str, int]) -> None:
        self.workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
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

    def add(self, result: RowResult) -> None:
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

    def close(self) -> None:
        if self.rows == 0:
            self.sheet.write_string(1, 0, _("Tidak ada kesalahan: semua baris valid."))
        self.workbook.close()
