"""Build import files inside the tests (no binary fixtures): xlsx with XlsxWriter, csv as text."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import xlsxwriter
from django.core.files.base import ContentFile

from lindung.conftest import DESA_A
from lindung.imports import engine
from lindung.imports.models import ImportJob
from lindung.imports.services import import_job_confirm, import_job_create
from lindung.lib.nik import make_nik

HEADERS = [
    "No.",
    "NIK",
    "Nama Lengkap",
    "Tempat Lahir",
    "Tgl Lahir",
    "Jenis Kelamin",
    "Alamat",
    "Desa/Kelurahan",
    "Kecamatan",
    "Pekerjaan",
]


def _letters(n: int) -> str:
    """1 → 'Ab', 2 → 'Ac': distinct names for distinct rows (digits vanish from name keys)."""
    word = ""
    while True:
        n, r = divmod(n, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[r] + word
        if not n:
            return "Nur" + word


def person(
    serial: int, *, birth: dt.date = dt.date(1985, 6, 7), sex: str = "L", desa: str = DESA_A
) -> list[Any]:
    """One valid row under HEADERS (desa Sukarami, Kecamatan Sekayu)."""
    return [
        serial,
        make_nik(desa.rsplit(".", 1)[0], birth, sex, serial),
        f"Warga {_letters(serial)}",
        "Sekayu",
        birth.strftime("%d/%m/%Y"),
        sex,
        "Dusun I",
        "Sukarami",
        "Sekayu",
        "Petani/pekebun",
    ]


def xlsx_bytes(rows: list[list[Any]], headers: list[Any] | None = HEADERS, *, sheet: str = "Data") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    start = 0
    if headers is not None:
        worksheet.write_row(0, 0, headers)
        start = 1
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                worksheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                worksheet.write_number(r, c, value)
            elif value is not None:
                worksheet.write_string(r, c, str(value))
    workbook.close()
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], headers: list[Any] | None = HEADERS, sep: str = ",") -> bytes:
    lines = [sep.join(str(h) for h in headers)] if headers is not None else []
    lines += [sep.join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def upload(user: Any, content: bytes, name: str = "desa.xlsx", source: str = "impor") -> ImportJob:
    """Create a job as the user would and run its check synchronously."""
    job = import_job_create(
        file=ContentFile(content, name=name), name=name, source=source, by=user, start=False
    )
    return engine.run_check(job.pk)


def commit(job: ImportJob, user: Any) -> ImportJob:
    import_job_confirm(job=job, by=user, start=False)
    return engine.run_commit(job.pk, user.pk)


def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
