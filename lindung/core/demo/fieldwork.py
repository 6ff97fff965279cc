"""Demo: an ODK Central export of Lindung's form, as Central writes it, saved by the kecamatan operator. Three
submissions were sent by the village operator's own account (recorded as the entering operator), one by an enumerator
without a Lindung account (kept as 'Petugas lapangan: …'), one the reviewer marked hasIssues (saved with a flag)
and one the reviewer rejected (not imported, counted apart)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.files.base import ContentFile

from lindung.accounts.models import User
from lindung.fieldwork.xlsform import build_rows
from lindung.imports import engine
from lindung.imports.models import ImportJob
from lindung.imports.services import import_job_confirm, import_job_create
from lindung.lib.nik import make_nik
from lindung.regions.models import Region
from lindung.workers.models import Source

CENTRAL_FILE = "DEMO-odk-central-lindung_pekerja.csv"
CENTRAL_TAIL = [
    "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
    "DeviceID", "Edits", "FormVersion",
]  # fmt: skip
# name, sex, birth date, occupation, submitter, review state
SUBMISSIONS = [
    ("Marlina Sari", "P", dt.date(1984, 6, 9), "penyadap-karet", "desa", ""),
    ("Hendri Saputra", "L", dt.date(1979, 11, 21), "nelayan", "desa", "approved"),
    ("Yuliana", "P", dt.date(1990, 2, 2), "buruh-tani", "desa", ""),
    ("Sukardi", "L", dt.date(1972, 4, 30), "petani", "Enumerator Sungai Keruh", ""),
    ("Ponirah", "P", dt.date(1981, 9, 15), "pedagang-kaki-lima", "Enumerator Sungai Keruh", "hasIssues"),
    ("Darmawan", "L", dt.date(1988, 1, 5), "tukang-bangunan", "desa", "rejected"),
]


def _central_csv(desa: Region) -> bytes:
    survey, _choices, _settings = build_rows(Region.objects.get(code=desa.code[:5]), ktp_photo=False)
    fields = [row["name"] for row in survey if row["type"] not in ("note", "geopoint")]
    kecamatan = str(desa.parent_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["SubmissionDate", *fields, "meta-instanceID", *CENTRAL_TAIL])
    for n, (name, sex, birth, occupation, submitter, review) in enumerate(SUBMISSIONS, start=1):
        values = {
            "start": "2026-11-20T09:00:00.000+07:00",
            "end": "2026-11-20T09:07:00.000+07:00",
            "username": submitter,
            "persetujuan": "ya",
            "nik": make_nik(kecamatan, birth, sex, 9300 + n),  # serials the demo registry does not use
            "nama": name,
            "jenis_kelamin": sex,
            "tanggal_lahir": birth.isoformat(),
            "tempat_lahir": "Sekayu",
            "kecamatan": kecamatan,
            "kode_desa": desa.code,
            "alamat": f"Dusun {n} RT 0{n}",
            "nomor_hp": f"0812730000{n:02d}",
            "pekerjaan": occupation,
            "penghasilan": "1100000",
            "asn": "tidak",
            "peserta_bpjs_aktif": "tidak",
        }
        instance = f"uuid:6f1c2a4e-0000-4000-8000-0000000093{n:02d}"
        writer.writerow(
            ["2026-11-20T02:10:00.000Z", *(values.get(f, "") for f in fields), instance, instance, str(n),
             submitter, "0", "0", "", review, "collect:demo", "0", "2026112001"]
        )  # fmt: skip
    return out.getvalue().encode()


def seed(out: Any) -> None:
    if ImportJob.objects.filter(original_name=CENTRAL_FILE).exists():
        return
    # The kecamatan operator uploads what the village operator (and an enumerator without an account) collected.
    operator = User.objects.get(username="kecamatan")
    desa = Region.objects.get(code=User.objects.get(username="desa").area_id)
    data = _central_csv(desa)
    job = import_job_create(
        file=ContentFile(data, name=CENTRAL_FILE),
        name=CENTRAL_FILE,
        source=Source.IMPOR,
        by=operator,
        start=False,
    )
    job = engine.run_check(job.pk)
    if job.status == ImportJob.Status.CHECKED:
        import_job_confirm(job=job, by=operator, start=False)
        job = engine.run_commit(job.pk, operator.pk)
    out.write(
        f"Impor ODK Central demo ({job.original_name}): {job.rows_written} tersimpan, {job.enumerators_matched} "
        f"dengan petugas Lindung sebagai pencatat, {job.review_rejected} ditolak peninjau, {job.flagged_review} "
        "ditandai bermasalah."
    )
