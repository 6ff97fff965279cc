"""Files out of the reports: xlsx (XlsxWriter) and PDF (fpdf2). Every download leaves an audit event."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from fpdf import FPDF

from lindung.audit.services import audit_log
from lindung.lib import sheets
from lindung.regions.models import Region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_576


class Percent(Decimal):
    """A figure in percent (48.26): a number cell formatted 0.00% in xlsx, "48,26%" on paper."""


class Year(int):
    """A year: a number cell never thousands-grouped ("2023", not "2.023")."""


class Rupiah(int):
    """An amount in Rupiah: a number cell formatted "Rp"#,##0 in xlsx, "Rp1.683.000" on paper."""


@dataclass
class Table:
    title: str
    header: list[str]
    # A list, or for a long export an iterator read once while the file is written (never held in memory).
    rows: Iterable[list[Any]]
    note: str = ""
    written: int = 0


@dataclass
class Document:
    """A report: a title, a period line, and sections of text and tables, written to xlsx or PDF."""

    name: str  # the report's key in the audit trail, e.g. "paritrana"
    title: str
    subtitle: str = ""
    # A fact's value is text or a figure (int, Percent, Rupiah, Year): figures stay numbers in xlsx.
    facts: list[tuple[str, Any]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) if isinstance(t.rows, list) else t.written for t in self.tables)


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "Data"
    base, n = name, 1
    while name in used:
        n += 1
        name = f"{base[:25]} {n}"
    used.add(name)
    return name


def xlsx_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    # A name such as "=HYPERLINK(...)" stays text, never a formula (lib/sheets).
    # constant_memory: rows are flushed as they are written, so a long list does not fill the memory.
    book = sheets.workbook(buffer, {"constant_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEFE7", "border": 1, "text_wrap": True})
    # Number formats Excel and LibreOffice show with the reader's own separators (1.683 and 0,79% in Indonesian).
    formats = {
        "int": book.add_format({"num_format": "#,##0"}),
        "decimal": book.add_format({"num_format": "#,##0.00"}),
        "percent": book.add_format({"num_format": "0.00%"}),
        "rupiah": book.add_format({"num_format": '"Rp"#,##0'}),
        "year": book.add_format({"num_format": "0"}),
    }
    used: set[str] = set()
    if doc.facts or doc.texts or not doc.tables:
        sheet = book.add_worksheet(_sheet_name("Ringkasan", used))
        sheet.set_column(0, 0, 38)
        sheet.set_column(1, 1, 60)
        sheet.write_string(0, 0, doc.title, bold)
        sheet.write_string(1, 0, doc.subtitle)
        r = 3
        for label, value in doc.facts:
            sheet.write_string(r, 0, label)
            _cell(sheet, r, 1, value, formats)
            r += 1
        for heading, text in doc.texts:
            r += 1
            sheet.write_string(r, 0, heading, bold)
            sheet.write_string(r, 1, text)
            r += 1
    for table in doc.tables:
        sheet = book.add_worksheet(_sheet_name(table.title, used))
        sheet.write_string(0, 0, table.title, bold)
        if table.note:
            sheet.write_string(1, 0, table.note)
        for c, text in enumerate(table.header):
            sheet.write_string(2, c, text, head)
            sheet.set_column(c, c, max(12, min(40, len(text) + 4)))
        table.written = 0
        for r, row in enumerate(table.rows, start=3):
            if r >= XLSX_MAX_ROWS - 1:
                # constant_memory writes rows in order only: the notice goes on the last row.
                sheet.write_string(
                    r, 0, _("Terpotong: lembar xlsx memuat paling banyak %(n)s baris.") % {"n": r - 3}
                )
                break
            for c, value in enumerate(row):
                _cell(sheet, r, c, value, formats)
            table.written += 1
        sheet.freeze_panes(3, 0)
    book.close()
    return buffer.getvalue()


def _cell(sheet: Any, r: int, c: int, value: Any, formats: dict[str, Any]) -> None:
    if value is None or value == "":
        sheet.write_blank(r, c, None)
    elif isinstance(value, bool):
        sheet.write_string(r, c, "ya" if value else "tidak")
    elif isinstance(value, Percent):
        sheet.write_number(r, c, float(value) / 100, formats["percent"])
    elif isinstance(value, Year):
        sheet.write_number(r, c, int(value), formats["year"])
    elif isinstance(value, Rupiah):
        sheet.write_number(r, c, int(value), formats["rupiah"])
    elif isinstance(value, int):
        sheet.write_number(r, c, value, formats["int"])
    elif isinstance(value, float | Decimal):
        sheet.write_number(r, c, float(value), formats["decimal"])
    else:
        sheet.write_string(r, c, str(value))


PDF_REPLACEMENTS = {
    "•": "*",
    "–": "-",
    "—": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "…": "...",
    "×": "x",
    "≤": "<=",
    "≥": ">=",
    "→": "->",
}


def pdf_text(text: Any) -> str:
    """Text the built-in PDF fonts can draw: Latin-1, with common typography mapped and the rest as '?'."""
    text = str(text if text is not None else "")
    for bad, good in PDF_REPLACEMENTS.items():
        text = text.replace(bad, good)
    return text.encode("latin-1", "replace").decode("latin-1")


def pdf_bytes(doc: Document) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(pdf_text(doc.title))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, pdf_text(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    if doc.subtitle:
        pdf.multi_cell(0, 5, pdf_text(doc.subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if doc.facts:
        with pdf.table(col_widths=(70, 110), text_align="LEFT", first_row_as_headings=False) as grid:
            for label, value in doc.facts:
                row = grid.row()
                row.cell(pdf_text(label))
                row.cell(pdf_text(_plain(value)))
        pdf.ln(3)
    for table in doc.tables:
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, pdf_text(table.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        if table.note:
            pdf.multi_cell(0, 5, pdf_text(table.note), new_x="LMARGIN", new_y="NEXT")
        with pdf.table(text_align="LEFT") as grid:
            heading = grid.row()
            for text in table.header:
                heading.cell(pdf_text(text))
            for values in table.rows:
                row = grid.row()
                for value in values:
                    row.cell(pdf_text(_plain(value)))
        pdf.ln(3)
    for heading_text, text in doc.texts:
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, pdf_text(heading_text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, pdf_text(text or "-"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


def _plain(value: Any) -> str:
    """A value as printed in the PDF: Indonesian separators for figures, a year as it is."""
    from .charts import number

    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, Year):
        return str(int(value))
    if isinstance(value, Percent):
        return number(Decimal(value)) + "%"
    if isinstance(value, Rupiah):
        return "Rp" + number(int(value))
    if isinstance(value, int | Decimal):
        return number(value)
    return str(value)


def download(
    *, request: HttpRequest, doc: Document, region: Region, filters: dict[str, Any], kind: str
) -> HttpResponse:
    """The file as an attachment, after recording who exported what, with which filters and how many rows."""
    content, content_type = (xlsx_bytes(doc), XLSX) if kind == "xlsx" else (pdf_bytes(doc), "application/pdf")
    audit_log(
        actor=request.user,
        action="report.export",
        obj=region,
        changes={"report": doc.name, "format": kind, "filters": filters, "rows": doc.row_count},
        request=request,
    )
    response = HttpResponse(content, content_type=content_type)
    filename = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{doc.name}-{region.code}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response
