"""Demo imports: a village sheet that was checked and saved, a kecamatan list waiting for confirmation, and a
village's OpenSID export as OpenSID writes it (recognised, its desa chosen once, waiting for confirmation)."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.core.files.base import ContentFile

from lindung.accounts.models import User
from lindung.imports import engine
from lindung.imports.layouts import OPENSID_COLUMNS
from lindung.imports.models import ImportJob
from lindung.imports.services import import_job_confirm, import_job_create, import_job_map
from lindung.lib import sheets
from lindung.lib.nik import make_nik
from lindung.workers.models import Source, Worker

from . import clock
from .names import FEMALE, MALE, PLACES, SECOND, SECOND_FEMALE, STREETS

DONE_FILE = "DEMO-pendataan-desa.xlsx"
CHECKED_FILE = "DEMO-daftar-p3ke-kecamatan.xlsx"
OPENSID_FILE = "DEMO-ekspor-penduduk-opensid.xlsx"
# Dukcapil occupation codes as OpenSID writes them: petani, buruh tani, pedagang, tukang batu, nelayan, IRT.
OPENSID_OCCUPATIONS = ["9", "9", "20", "84", "26", "11", "2", "19"]
HEADERS = [
    "No",
    "NIK",
    "No. KK",
    "Nama Lengkap",
    "Tempat Lahir",
    "Tgl Lahir",
    "L/P",
    "Alamat",
    "Desa",
    "Pekerjaan",
    "No HP",
    "Desil",
]
OCCUPATIONS = [
    "Petani/pekebun",
    "Penyadap karet",
    "Buruh harian lepas",
    "Nelayan",
    "ojek",
    "Pedagang kaki lima",
]


def _rows(rng: random.Random, desa: Any, count: int, serial_base: int) -> list[list[Any]]:
    today = clock.today()
    rows: list[list[Any]] = []
    for i in range(count):
        sex = rng.choice("LLP")
        birth = today - dt.timedelta(days=rng.randint(19 * 366, 63 * 365))
        first = rng.choice(MALE if sex == "L" else FEMALE)
        second = rng.choice(SECOND if sex == "L" else SECOND_FEMALE)
        rows.append(
            [
                i + 1,
                make_nik(str(desa.parent_id), birth, sex, serial_base + i),
                f"{str(desa.parent_id).replace('.', '')}{rng.randint(1, 28):02d}0{rng.randint(1, 9)}{rng.randint(10, 24)}{rng.randint(1, 9999):04d}",
                f"{first} {second}",
                rng.choice(PLACES),
                f"{birth:%d/%m/%Y}",
                sex,
                f"{rng.choice(STREETS)} No. {rng.randint(1, 99)}",
                desa.name,
                rng.choice(OCCUPATIONS),
                f"08{rng.randint(10**9, 10**10 - 1)}",
                "",
            ]
        )
    return rows


def _spoil(rows: list[list[Any]], registered: list[tuple[str, dt.date, str]]) -> None:
    """A few mistakes every real sheet has: Excel-damaged NIK, impossible date, unknown desa, repeats."""
    rows[5][1] = "1.60601E+15"
    rows[11][5] = "31/02/1988"
    rows[17][8] = "Desa Tidak Ada"
    rows[23][6] = "X"
    rows[29][5] = "01/01/1940"  # older than the program's age limit
    rows[40][1:] = rows[39][1:]  # the same person twice
    rows[41][1:] = rows[2][1:]
    for row, (nik, birth, sex) in zip(rows[50:], registered, strict=False):
        row[1], row[5], row[6] = nik, f"{birth:%d/%m/%Y}", sex  # already in the registry
    # Occupations as outside lists write them: people who do not work (imported with a flag for the verifier)
    # and a value the alias table does not know yet (Lainnya, counted on the preview).
    rows[44][9] = "PELAJAR/MAHASISWA"
    rows[45][9] = "MENGURUS RUMAH TANGGA"
    rows[46][9] = "Jual pulsa"
    rows[47][9] = "BURUH TANI/PERKEBUNAN"


def _xlsx(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, HEADERS)
    text = book.add_format({"num_format": "@"})
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value), text) if c in (1, 2, 10) else sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def _opensid(rng: random.Random, desa: Any, count: int, serial_base: int) -> bytes:
    """An "Ekspor Penduduk" file: OpenSID's 43 columns, codes in text cells, a dead and a moved resident, and one
    without a NIK yet (OpenSID's temporary 0 + desa code + serial)."""
    today = clock.today()
    rows = []
    for i in range(count):
        sex = rng.choice("LLP")
        birth = today - dt.timedelta(days=rng.randint(19 * 366, 63 * 365))
        first = rng.choice(MALE if sex == "L" else FEMALE)
        second = rng.choice(SECOND if sex == "L" else SECOND_FEMALE)
        cells = dict.fromkeys(OPENSID_COLUMNS, "")
        cells.update(
            dusun=rng.choice(["DUSUN I", "DUSUN II", "DUSUN III", "-"]),
            rt=f"{rng.randint(1, 12):03d}",
            rw="-",
            nama=f"{first} {second}".upper(),
            no_kk=f"{str(desa.parent_id).replace('.', '')}0{rng.randint(1, 9)}{rng.randint(10, 24)}{i:06d}",
            nik=make_nik(str(desa.parent_id), birth, sex, serial_base + i),
            sex="1" if sex == "L" else "2",
            tempatlahir=rng.choice(PLACES).upper(),
            tanggallahir=birth.isoformat(),
            agama_id="1",
            pekerjaan_id=rng.choice(OPENSID_OCCUPATIONS),
            status_kawin="2",
            kk_level="1",
            warganegara_id="1",
            status_dasar="1",
        )
        rows.append([cells[c] for c in OPENSID_COLUMNS])
    status_at, nik_at = OPENSID_COLUMNS.index("status_dasar"), OPENSID_COLUMNS.index("nik")
    rows[3][status_at], rows[7][status_at] = "2", "3"  # dead, moved away
    rows[11][nik_at] = "0" + str(desa.code).replace(".", "") + f"{serial_base % 100000:05d}"
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, OPENSID_COLUMNS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def _run(user: User, name: str, content: bytes, source: str, commit: bool) -> ImportJob:
    job = import_job_create(
        file=ContentFile(content, name=name), name=name, source=source, by=user, start=False
    )
    job = engine.run_check(job.pk)
    if commit and job.status == ImportJob.Status.CHECKED:
        import_job_confirm(job=job, by=user, start=False)
        job = engine.run_commit(job.pk, user.pk)
    return job


def seed(out: Any) -> None:
    if ImportJob.objects.filter(original_name__in=[DONE_FILE, CHECKED_FILE, OPENSID_FILE]).exists():
        out.write("Impor demo sudah ada.")
        return
    rng = random.Random(4)
    village_operator = User.objects.get(username="desa")
    kecamatan_operator = User.objects.get(username="kecamatan")
    registered = list(
        Worker.objects.filter(desa=village_operator.area)
        .order_by("id")
        .values_list("nik", "birth_date", "sex")[:2]
    )
    rows = _rows(rng, village_operator.area, 200, 7000)
    _spoil(rows, registered)
    done = _run(village_operator, DONE_FILE, _xlsx(rows), Source.PETUGAS, commit=True)
    desa = village_operator.area
    rows = _rows(rng, desa, 60, 7500)
    # The P3KE list brings the desil, also for two people registered already: a change shown on its preview.
    for row in rows:
        row[11] = rng.randint(1, 3)
    _spoil(rows, registered)
    checked = _run(kecamatan_operator, CHECKED_FILE, _xlsx(rows), Source.P3KE, commit=False)
    # The kecamatan operator is asked which desa the OpenSID file is of (it has no desa column) and answers once.
    opensid = _run(
        kecamatan_operator, OPENSID_FILE, _opensid(rng, desa, 40, 8000), Source.IMPOR, commit=False
    )
    if opensid.status == ImportJob.Status.MAPPING and opensid.needs_desa:
        import_job_map(job=opensid, mapping={}, by=kecamatan_operator, desa=str(village_operator.area_id))
        opensid = engine.run_check(opensid.pk)
    out.write(
        f"Impor demo: {done.original_name} {done.get_status_display().lower()} ({done.rows_written} tersimpan, "
        f"{done.invalid} tidak valid, {done.duplicates} ganda, {done.already_registered} sudah terdaftar); "
        f"{checked.original_name} {checked.get_status_display().lower()} menunggu konfirmasi ({checked.valid} valid, "
        f"{checked.changes} pekerja terdaftar diperbarui; ditandai bukan pekerja: {done.flagged_not_working}); "
        f"{opensid.original_name}: {opensid.layout_label}, {opensid.valid} valid, "
        f"{opensid.inactive} meninggal/pindah."
    )
