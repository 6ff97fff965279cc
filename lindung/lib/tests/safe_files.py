"""Checks for the files Lindung writes: no formula in any xlsx cell, no CSV field a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from lindung.lib.sheets import DANGEROUS_START

# Texts that a spreadsheet runs when they land in a cell as-is (OWASP's CSV-injection examples).
PAYLOADS = [
    '=HYPERLINK("http://x.example/","klik")',
    "+cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"A0")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
]
_FORMULA = re.compile(rb"<f[ >/]")


def formula_cells(content: bytes) -> list[str]:
    """The worksheets of an xlsx that hold a formula (`<f>` elements); [] for a file of values only."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            and name.endswith(".xml")
            and _FORMULA.search(archive.read(name))
        ]


def dangerous_csv_fields(text: str) -> list[str]:
    """The fields of a CSV that begin with a character a spreadsheet reads as the start of a formula."""
    return [
        field for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for field in row
        if field.startswith(DANGEROUS_START)
    ]  # fmt: skip
