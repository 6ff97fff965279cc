"""Submissions of Lindung's XLSForm, exported as ODK Central and KoboToolbox write them, import end to end.

The export layouts are the published ones: ODK Central's CSV puts SubmissionDate first, then the form's fields by
XML name (a geopoint split into -Latitude/-Longitude/-Altitude/-Accuracy, groups joined by '-', so meta-instanceID),
then KEY, SubmitterID, SubmitterName, AttachmentsPresent, AttachmentsExpected, Status, ReviewState, DeviceID, Edits
and FormVersion. KoboToolbox writes the fields (by XML name, or by label), a geopoint's _<name>_latitude … columns,
then _id, _uuid, _submission_time, _validation_status, _notes, _status, _submitted_by, __version__, _tags, _index.
The field list itself is read from the form Lindung makes, so a changed form changes these files too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from typing import Any

import pytest
import xlsxwriter

from lindung.conftest import DESA_A, MUBA, make_worker
from lindung.fieldwork.headers import QUESTIONS
from lindung.fieldwork.xlsform import build_rows
from lindung.imports.models import ImportJob
from lindung.imports.tests.factory import commit, media, upload
from lindung.lib.nik import make_nik
from lindung.regions.models import Region
from lindung.workers.models import FlagKind, Worker

pytestmark = pytest.mark.django_db
S = ImportJob.Status
CENTRAL_TAIL = [
    "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
    "DeviceID", "Edits", "FormVersion",
]  # fmt: skip
KOBO_TAIL = [
    "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by", "__version__",
    "_tags", "_index",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def form_fields() -> list[str]:
    survey, _choices, _settings = build_rows(Region.objects.get(code=MUBA), ktp_photo=False)
    return [row["name"] for row in survey if row["type"] not in ("note", "geopoint")]


def submission(serial: int, name: str, birth: dt.date, sex: str, **extra: str) -> dict[str, str]:
    return {
        "start": "2026-12-01T09:00:00.000+07:00",
        "end": "2026-12-01T09:06:00.000+07:00",
        "username": "enumerator1",
        "persetujuan": "ya",
        "nik": make_nik("16.06.01", birth, sex, serial),
        "nama": name,
        "jenis_kelamin": sex,
        "tanggal_lahir": birth.isoformat(),
        "tempat_lahir": "Sekayu",
        "kk": "",
        "kecamatan": "16.06.01",
        "kode_desa": DESA_A,
        "alamat": "Dusun II RT 03",
        "nomor_hp": "081234567890",
        "pekerjaan": "penyadap-karet",
        "penghasilan": "1200000",
        "asn": "tidak",
        "peserta_bpjs_aktif": "tidak",
        **extra,
    }


def people() -> list[dict[str, str]]:
    return [
        submission(7101, "Sarinah", dt.date(1981, 2, 14), "P"),
        submission(7102, "Abdul Halim", dt.date(1977, 8, 30), "L", pekerjaan="nelayan"),
        submission(7103, "Yusuf Effendi", dt.date(1992, 12, 1), "L", tempat_lahir=""),
        # edited after export: a NIK of 15 digits
        submission(7104, "Rosmala Dewi", dt.date(1986, 5, 5), "P", nik="160601450586710"),
    ]


def central_csv(rows: list[dict[str, str]]) -> bytes:
    fields = form_fields()
    header = ["SubmissionDate", *fields, "lokasi-Latitude", "lokasi-Longitude", "lokasi-Altitude",
              "lokasi-Accuracy", "meta-instanceID", *CENTRAL_TAIL]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        instance = f"uuid:{uuid.uuid4()}"
        writer.writerow(
            ["2026-12-01T02:07:11.120Z", *(row.get(f, "") for f in fields), "-2.88", "103.85", "20", "4.5",
             instance, instance, "5", row.get("_submitter", "enumerator1"), "0", "0", "", row.get("_review", ""),
             "collect:abc", "0", "20261201-abcdef"]
        )  # fmt: skip
    return out.getvalue().encode()


def kobo_xlsx(rows: list[dict[str, str]], *, labels: bool = False) -> bytes:
    fields = form_fields()
    names = [QUESTIONS[f][1] if labels and f in QUESTIONS else f for f in fields]
    header = [*names, "lokasi", "_lokasi_latitude", "_lokasi_longitude", "_lokasi_altitude",
              "_lokasi_precision", *KOBO_TAIL]  # fmt: skip
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Pendataan Pekerja Rentan")
    sheet.write_row(0, 0, header)
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows, start=1):
        for c, field in enumerate(fields):
            value = row.get(field, "")
            if labels and field == "kode_desa":
                value = Region.objects.get(code=value).name if value else ""
            if labels and field == "kecamatan":
                value = Region.objects.get(code=value).name if value else ""
            if labels and field == "jenis_kelamin":
                value = {"L": "Laki-laki", "P": "Perempuan"}[value]
            if field == "tanggal_lahir":
                sheet.write_datetime(r, c, dt.datetime.fromisoformat(value), date)
            else:
                sheet.write_string(r, c, value)
        tail = ["-2.88 103.85 20 4.5", -2.88, 103.85, 20, 4.5, 1000 + r, str(uuid.uuid4()),
                "2026-12-01T02:07:11", row.get("_review", ""), "", "submitted_via_web",
                row.get("_submitter", "enumerator1"), "vabc123", "", r]  # fmt: skip
        sheet.write_row(r, len(fields), tail)
    book.close()
    return buffer.getvalue()


def test_an_odk_central_export_imports_as_written(personas: Any) -> None:
    admin = personas["admin"]
    rows = people()
    job = upload(admin, central_csv(rows), "lindung_pekerja.csv")
    assert job.status == S.CHECKED, job.error_message
    assert job.layout == "odk_central"
    assert job.unknown_headers == []
    assert (job.valid, job.invalid) == (3, 1)
    assert "16" in job.first_errors[0]["message"]  # the 15-digit NIK, told in Indonesian
    job = commit(job, admin)
    assert job.status == S.DONE and job.rows_written == 3
    sarinah = Worker.objects.get(nik=rows[0]["nik"])
    assert sarinah.desa_id == DESA_A and sarinah.sex == "P" and sarinah.birth_date == dt.date(1981, 2, 14)
    assert sarinah.occupation is not None and sarinah.occupation.code == "penyadap-karet"
    assert sarinah.source_ref.startswith("uuid:")
    halim = Worker.objects.get(nik=rows[1]["nik"])
    assert halim.occupation is not None and halim.occupation.code == "nelayan"

    # The same export again, a day later: nothing is added twice.
    again = upload(admin, central_csv(rows), "lindung_pekerja (1).csv")
    assert again.status == S.CHECKED and again.valid == 0
    assert Worker.objects.filter(nik__in=[r["nik"] for r in rows]).count() == 3


def test_a_kobo_export_by_xml_names_imports(personas: Any) -> None:
    admin = personas["admin"]
    rows = people()[:3]
    job = upload(admin, kobo_xlsx(rows), "Pendataan_Pekerja_Rentan_-_all_versions.xlsx")
    assert job.status == S.CHECKED, job.error_message
    assert job.layout == "kobo"
    assert (job.valid, job.invalid) == (3, 0)
    job = commit(job, admin)
    assert job.rows_written == 3
    assert Worker.objects.filter(source_ref__regex=r"^[0-9a-f-]{36}$").count() == 3


def test_a_kobo_export_by_labels_imports(personas: Any) -> None:
    admin = personas["admin"]
    rows = people()[:3]
    job = upload(admin, kobo_xlsx(rows, labels=True), "Pendataan_Pekerja_Rentan_-_labels.xlsx")
    assert job.status == S.CHECKED, job.error_message
    assert job.layout == "kobo_label"
    assert (job.valid, job.invalid) == (3, 0)
    assert commit(job, admin).rows_written == 3
    assert Worker.objects.get(nik=rows[2]["nik"]).desa_id == DESA_A


def test_a_row_edited_to_a_registered_nik_is_not_written_twice(personas: Any) -> None:
    admin = personas["admin"]
    existing = make_worker(DESA_A)
    rows = people()[:2]
    rows[1] = {**rows[1], "nik": existing.nik, "nama": "Orang Lain", "jenis_kelamin": existing.sex,
               "tanggal_lahir": existing.birth_date.isoformat()}  # fmt: skip
    job = upload(admin, central_csv(rows), "lindung_pekerja.csv")
    assert job.status == S.CHECKED, job.error_message
    assert job.valid == 1
    commit(job, admin)
    assert Worker.objects.get(nik=existing.nik).name == existing.name


def test_an_export_of_another_form_is_not_taken_for_lindungs(personas: Any) -> None:
    header = ["SubmissionDate", "nama_responden", "umur", "meta-instanceID", *CENTRAL_TAIL]
    data = ",".join(header).encode() + b"\n2026-12-01,Budi,40,uuid:1,uuid:1,5,x,0,0,,,,0,\n"
    job = upload(personas["admin"], data, "survei_lain.csv")
    assert job.layout == ""
    assert job.status in (S.MAPPING, S.FAILED)
    assert not Worker.objects.exists()


def reviewed(verdicts: tuple[str, str, str, str]) -> list[dict[str, str]]:
    """Four valid submissions: sent by a Lindung user of the desa, by an enumerator without an account, by a
    Lindung user of another area, and one more; each with the reviewer's verdict given."""
    rows = [
        submission(7201, "Sarinah", dt.date(1981, 2, 14), "P", _submitter="desa"),
        submission(7202, "Abdul Halim", dt.date(1977, 8, 30), "L", _submitter="Enumerator Sungai Lilin"),
        submission(7203, "Yusuf Effendi", dt.date(1992, 12, 1), "L", _submitter="desa_lain"),
        submission(7204, "Rosmala Dewi", dt.date(1986, 5, 5), "P", _submitter="desa"),
    ]
    return [row | {"_review": verdict} for row, verdict in zip(rows, verdicts, strict=True)]


@pytest.mark.parametrize(
    ("layout", "verdicts"),
    [
        ("odk_central", ("", "hasIssues", "approved", "rejected")),
        (
            "kobo",
            ("", "validation_status_on_hold", "validation_status_approved", "validation_status_not_approved"),
        ),
    ],
)
def test_the_enumerator_and_the_reviewers_verdict_come_through(
    personas: Any, layout: str, verdicts: Any
) -> None:
    admin = personas["admin"]
    rows = reviewed(verdicts)
    data = central_csv(rows) if layout == "odk_central" else kobo_xlsx(rows)
    job = upload(admin, data, "lindung_pekerja.csv" if layout == "odk_central" else "lindung_pekerja.xlsx")
    assert job.status == S.CHECKED, job.error_message
    assert job.layout == layout
    # The rejected submission is not imported and is counted apart, with its reason in Indonesian.
    assert (job.valid, job.invalid, job.review_rejected, job.flagged_review) == (3, 0, 1, 1)
    assert (
        "ditolak peninjau" in job.first_errors[0]["message"] and verdicts[3] in job.first_errors[0]["message"]
    )
    job = commit(job, admin)
    assert (job.rows_written, job.enumerators_matched) == (3, 1)
    assert not Worker.objects.filter(nik=rows[3]["nik"]).exists()
    sarinah, halim, yusuf = (Worker.objects.get(nik=r["nik"]) for r in rows[:3])
    # A Lindung user of the worker's area is the entering operator; anyone else is a name on the record.
    assert (sarinah.created_by, sarinah.source_note) == (personas["desa"], "")
    assert (halim.created_by, halim.source_note) == (admin, "Petugas lapangan: Enumerator Sungai Lilin")
    assert (yusuf.created_by, yusuf.source_note) == (admin, "Petugas lapangan: desa_lain")
    # "Has issues" (Kobo: on hold) is imported with a flag the verifier clears before approval.
    flag = halim.flags.get()
    assert flag.kind == FlagKind.REVIEW and flag.is_open and verdicts[1] in flag.detail
    assert not sarinah.flags.exists() and not yusuf.flags.exists()
