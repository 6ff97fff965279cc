"""The branch file's columns (an ExportLayout) and writing the file.

A column is [header, field] or [header, field, option]. The option is the text of a fixed-text column ("fixed":
program code, wadah, branch code) or, for a date field, the format the date is written in as text
(`dd-mm-yyyy` …); without it a date is an Excel date cell. "occupation_bpjs" writes the BPJS occupation code
kept on each occupation of the catalogue (Data induk › Pekerjaan).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from lindung.lib import sheets
from lindung.workers.models import Occupation

from .models import BatchLine, EnrolmentBatch

FIXED = "fixed"
OCCUPATION_CODE = "occupation_bpjs"
FALLBACK_OCCUPATION = "lainnya"  # a worker recorded without an occupation is sent as "Lainnya"
# The patterns a branch asks for, as a liaison officer writes them, and how Python writes them.
DATE_FORMATS: dict[str, str] = {
    "dd-mm-yyyy": "%d-%m-%Y",
    "dd/mm/yyyy": "%d/%m/%Y",
    "dd.mm.yyyy": "%d.%m.%Y",
    "ddmmyyyy": "%d%m%Y",
    "yyyy-mm-dd": "%Y-%m-%d",
    "yyyymmdd": "%Y%m%d",
}
DATE_FIELDS = {"birth_date", "coverage_start"}


def _sex(line: BatchLine) -> str:
    return "L" if line.worker.sex == "L" else "P"


# Each field: (row number, line, batch, occupation codes) → the cell's value.
Getter = Callable[[int, BatchLine, EnrolmentBatch, dict[int | None, str]], Any]
FIELDS: dict[str, Getter] = {
    "no": lambda i, line, b, codes: i,
    "nik": lambda i, line, b, codes: line.nik,
    "name": lambda i, line, b, codes: line.name,
    "birth_place": lambda i, line, b, codes: line.worker.birth_place,
    "birth_date": lambda i, line, b, codes: line.worker.birth_date,
    "sex": lambda i, line, b, codes: _sex(line),
    "address": lambda i, line, b, codes: line.worker.address,
    "desa": lambda i, line, b, codes: line.worker.desa.name,
    "kecamatan": lambda i, line, b, codes: line.worker.kecamatan.name,
    "occupation": lambda i, line, b, codes: line.worker.occupation.name if line.worker.occupation else "",
    OCCUPATION_CODE: lambda i, line, b, codes: codes.get(line.worker.occupation_id, ""),
    "phone": lambda i, line, b, codes: line.worker.phone,
    "income": lambda i, line, b, codes: b.funding_source.declared_income,
    "programs": lambda i, line, b, codes: "JKK+JKM",
    "group_code": lambda i, line, b, codes: b.group_code,
    "coverage_start": lambda i, line, b, codes: b.coverage_start,
    "kk": lambda i, line, b, codes: line.worker.kk,
    FIXED: lambda i, line, b, codes: "",
}
# Written as text cells: a NIK or a code with a leading zero must reach the branch as typed.
TEXT_FIELDS = {"nik", "phone", "kk", OCCUPATION_CODE, FIXED}
DEFAULT_COLUMNS = [
    ["No", "no"],
    ["NIK", "nik"],
    ["Nama", "name"],
    ["Tempat Lahir", "birth_place"],
    ["Tanggal Lahir", "birth_date"],
    ["Jenis Kelamin", "sex"],
    ["Alamat", "address"],
    ["Desa/Kelurahan", "desa"],
    ["Kecamatan", "kecamatan"],
    ["Pekerjaan", "occupation"],
    ["No HP", "phone"],
    ["Penghasilan", "income"],
    ["Program", "programs"],
    ["Kode Wadah", "group_code"],
    ["Mulai Kepesertaan", "coverage_start"],
]


class ExportLayoutError(ValueError):
    """A layout or a batch the file cannot be written from; the message says why."""


def column_option(column: Sequence[Any]) -> str:
    return str(column[2]) if len(column) > 2 and column[2] is not None else ""


def column_problems(columns: Any) -> list[str]:
    """What is wrong with a layout's columns, in sentences an Admin Dinas understands."""
    if not columns or not isinstance(columns, list):
        return [_("Kolom harus berupa daftar [judul, isian] atau [judul, isian, pilihan].")]
    if not all(
        isinstance(c, list) and len(c) in (2, 3) and all(isinstance(v, str) for v in c) for c in columns
    ):
        return [_("Kolom harus berupa daftar [judul, isian] atau [judul, isian, pilihan].")]
    problems = []
    unknown = [c[1] for c in columns if c[1] not in FIELDS]
    if unknown:
        problems.append(
            _("Isian tidak dikenal: %(u)s. Pilihan: %(f)s.")
            % {"u": ", ".join(unknown), "f": ", ".join(FIELDS)}
        )
    for header, field, *rest in columns:
        option = rest[0] if rest else ""
        if field in DATE_FIELDS and option and option not in DATE_FORMATS:
            problems.append(
                _("Format tanggal kolom %(h)s tidak dikenal: %(o)s. Pilihan: %(f)s.")
                % {"h": header, "o": option, "f": ", ".join(DATE_FORMATS)}
            )
        elif field not in DATE_FIELDS and field != FIXED and option:
            problems.append(
                _("Kolom %(h)s: teks tetap atau format tanggal hanya untuk isian Teks tetap dan tanggal.")
                % {"h": header}
            )
    return problems


def occupation_codes() -> dict[int | None, str]:
    """BPJS occupation code by occupation id; None (no occupation recorded) takes the code of Lainnya."""
    codes: dict[int | None, str] = dict(Occupation.objects.values_list("id", "bpjs_code"))
    fallback = (
        Occupation.objects.filter(code=FALLBACK_OCCUPATION, kabupaten__isnull=True)
        .values_list("bpjs_code", flat=True)
        .first()
    )
    codes[None] = fallback or ""
    return codes


def _missing_codes(lines: Any, codes: dict[int | None, str]) -> list[str]:
    used = set(lines.values_list("worker__occupation_id", flat=True).distinct())
    missing = sorted({o for o in used if not codes.get(o)}, key=lambda o: (o is None, o or 0))
    names = dict(Occupation.objects.filter(id__in=[o for o in missing if o]).values_list("id", "name"))
    return [
        names.get(o, _("Lainnya (pekerja tanpa pekerjaan)")) if o else _("Lainnya (pekerja tanpa pekerjaan)")
        for o in missing
    ]


def render_batch_xlsx(batch: EnrolmentBatch, columns: list[list[str]]) -> bytes:
    problems = column_problems(columns)
    if problems:
        raise ExportLayoutError(_("Tata letak tidak dapat dipakai: %(p)s") % {"p": " ".join(problems)})
    lines = (
        batch.lines.filter(result=BatchLine.Result.PENDING)
        .select_related("worker__desa", "worker__kecamatan", "worker__occupation")
        .order_by("id")
    )
    codes: dict[int | None, str] = {}
    if any(field == OCCUPATION_CODE for _h, field, *_o in columns):
        codes = occupation_codes()
        missing = _missing_codes(lines, codes)
        if missing:
            raise ExportLayoutError(
                _(
                    "Kode pekerjaan BPJS belum diisi untuk: %(names)s. Isi kodenya di Data induk › Pekerjaan, "
                    "lalu ekspor lagi."
                )
                % {"names": ", ".join(missing)}
            )
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Peserta")
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    plan = []
    for col, column in enumerate(columns):
        header, field, option = column[0], column[1], column_option(column)
        as_text = field in TEXT_FIELDS or (field in DATE_FIELDS and bool(option))
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, 22 if as_text else 16, text if as_text else None)
        plan.append((col, field, FIELDS[field], option, as_text))
    row = 0
    for row, line in enumerate(lines, start=1):
        for col, field, getter, option, as_text in plan:
            value = option if field == FIXED else getter(row, line, batch, codes)
            if isinstance(value, dt.date) and option:
                sheet.write_string(row, col, value.strftime(DATE_FORMATS[option]), text)
            elif as_text:
                # A NIK written as a number loses its last digits in Excel: always a string.
                sheet.write_string(row, col, str(value or ""), text)
            elif isinstance(value, dt.date):
                sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, int):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value or ""))
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
