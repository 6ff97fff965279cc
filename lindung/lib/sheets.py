"""Every spreadsheet and CSV that Lindung writes is made here, so that no cell can become a formula.

Names, addresses, headers and occupation names come from the public form, imported files and staff; a text such
as `=HYPERLINK("http://x","klik")` or `+cmd|' /C calc'!A0` written as-is would run as a formula in the
spreadsheet of the officer who opens the file (CSV/formula injection, OWASP).

- xlsx: a workbook from `workbook()` writes every text as a text cell (XlsxWriter's `strings_to_formulas`,
  `strings_to_urls` and `strings_to_numbers` are off) and its sheets refuse formulas. The text itself is kept
  as it was, so an error report can be corrected and imported again without the data changing; Excel and
  LibreOffice show a text cell, they never evaluate it. Numbers and dates stay numbers and dates.
- CSV: a file has no cell types, so a text that begins with = + - @, tab or carriage return gets a leading
  apostrophe (OWASP's advice); numbers (int, float, Decimal) are written as they are. Lindung's own data does
  not begin with those characters: NIKs are digits, phone numbers are stored as 08… (an imported +62… is
  normalised), money is a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def neutralise(value: Any) -> Any:
    """A CSV field that no spreadsheet reads as a formula; anything but text is returned unchanged."""
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


class FormulaRefused(ValueError):
    pass


class SafeWorksheet(Worksheet):
    """A worksheet that holds no formula: exported files carry values only."""

    def write_formula(self, *args: Any, **kwargs: Any) -> Any:
        raise FormulaRefused("Lindung's exports hold values only, never formulas")

    def write_array_formula(self, *args: Any, **kwargs: Any) -> Any:
        raise FormulaRefused("Lindung's exports hold values only, never formulas")

    def write_dynamic_array_formula(self, *args: Any, **kwargs: Any) -> Any:
        raise FormulaRefused("Lindung's exports hold values only, never formulas")


class SafeWorkbook(xlsxwriter.Workbook):
    def add_worksheet(self, name: str | None = None, worksheet_class: Any = None) -> Worksheet:
        return super().add_worksheet(name, worksheet_class=worksheet_class or SafeWorksheet)


def workbook(target: Any, options: dict[str, Any] | None = None) -> SafeWorkbook:
    """An XlsxWriter workbook (file name or binary buffer) whose text cells can never become formulas."""
    return SafeWorkbook(target, {**(options or {}), **SAFE_OPTIONS})


class SafeCsvWriter:
    """csv.writer with every text field passed through `neutralise`."""

    def __init__(self, handle: IO[str], **kwargs: Any) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str], **kwargs: Any) -> SafeCsvWriter:
    return SafeCsvWriter(handle, **kwargs)
