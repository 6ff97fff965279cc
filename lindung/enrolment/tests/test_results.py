import datetime as dt
import io

import pytest
import xlsxwriter

from lindung.audit.models import AuditEvent
from lindung.conftest import login
from lindung.enrolment.batches import BatchError
from lindung.enrolment.models import BatchLine, EnrolmentBatch, Membership
from lindung.enrolment.results import (
    ResultFileError,
    parse_result_file,
    result_upload_apply,
    result_upload_create,
)
from lindung.notices.models import Notice
from lindung.workers.models import Status, Worker

from .conftest import approved, sealed_batch

pytestmark = pytest.mark.django_db

HEADER = ["No", "NIK", "Nama Peserta", "No KPJ", "Status", "Keterangan", "Tgl Efektif"]


def xlsx(rows: list[list], header: list = HEADER) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(
                    r, c, dt.datetime.combine(value, dt.time()), book.add_format({"num_format": "d/m/yyyy"})
                )
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def batch(personas, apbd):
    approved(4)
    return sealed_batch(personas["admin"], apbd)


def lines(batch):
    return list(batch.lines.order_by("id"))


def test_a_clean_file_is_applied_in_one_go(personas, batch):
    a, b, c, d = lines(batch)
    content = xlsx(
        [
            [1, a.nik, a.name, "16010000001", "Diterima", "", dt.date(2026, 1, 1)],
            [2, b.nik, b.name, "16010000002", "diterima", "", "01/02/2026"],
            [3, c.nik, c.name, "", "Ditolak", "NIK tidak terdaftar di Dukcapil", ""],
        ]
    )
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["bpjs"])
    assert upload.report["counts"]["accepted"] == 2
    assert upload.report["counts"]["missing"] == 1
    assert not upload.report["blocking"]
    assert not Membership.objects.exists()  # nothing before the user confirms
    response = login(personas["bpjs"]).post(f"/kepesertaan/hasil/{upload.pk}/terapkan/", follow=True)
    assert "Hasil diterapkan: 2 diterima, 1 ditolak." in response.content.decode()
    first = Membership.objects.get(worker=a.worker)
    assert (first.kpj, first.status, first.start, first.end) == (
        "16010000001",
        "aktif",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )
    assert Membership.objects.get(worker=b.worker).start == dt.date(2026, 2, 1)
    assert Worker.objects.get(pk=a.worker_id).status == Status.TERDAFTAR
    rejected = Worker.objects.get(pk=c.worker_id)
    assert rejected.status == Status.DISETUJUI
    assert rejected.status_changes.get(from_status="diusulkan").note == "NIK tidak terdaftar di Dukcapil"
    assert Worker.objects.get(pk=d.worker_id).status == Status.DIUSULKAN  # missing from the file
    batch.refresh_from_db()
    assert batch.status == EnrolmentBatch.Status.RESULTS_APPLIED
    assert AuditEvent.objects.filter(action="membership.notice", changes__event="start").count() == 2
    # One "membership active" notice per accepted worker, queued by the move to terdaftar (not twice).
    assert Notice.objects.filter(template="membership_active").count() == 2


def test_every_kind_of_mismatch_is_reported_and_nothing_is_applied(personas, apbd, batch):
    a, b, c, d = lines(batch)
    other = approved(1)[0]
    Membership.objects.create(worker=other, kpj="16019999999", funding_source=apbd, start=dt.date(2025, 1, 1))
    content = xlsx(
        [
            [1, a.nik, a.name, "16010000001", "Diterima", "", "2026-01-01"],
            [2, "1606019999990001", "Orang Lain", "16010000002", "Diterima", "", "2026-01-01"],  # unknown NIK
            [3, b.nik, b.name, "16010000001", "Diterima", "", "2026-01-01"],  # same KPJ as row 1
            [4, c.nik, "Budi Santoso", "16019999999", "Diterima", "", "2026-01-01"],  # KPJ in use + name
            [5, d.nik, d.name, "12AB", "Diterima", "", "31/02/2026"],  # bad KPJ and date
            [6, "1.60601E+15", "Rusak", "16010000009", "Diterima", "", ""],  # NIK damaged by Excel
        ]
    )
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    counts = upload.report["counts"]
    assert counts["unknown_nik"] == 1
    assert counts["duplicate_kpj"] == 2
    assert counts["kpj_in_use"] == 1
    assert counts["invalid"] == 2
    assert upload.report["blocking"]
    assert counts["accepted"] == 0  # every row has a problem
    problems = {p["row"]: p["problem"] for p in upload.report["invalid"]}
    assert "KPJ 12AB tidak sah" in problems[6]
    assert "tanggal efektif 31/02/2026 tidak dikenali" in problems[6]
    assert "angka ilmiah" in problems[7]
    page = login(personas["admin"]).get(f"/kepesertaan/hasil/{upload.pk}/").content.decode()
    assert "harus diperbaiki dulu" in page
    assert "Terapkan hasil" not in page
    with pytest.raises(BatchError, match="tidak ada yang diterapkan"):
        result_upload_apply(upload=upload, by=personas["admin"])
    assert not Membership.objects.filter(batch=batch).exists()
    assert Worker.objects.filter(status=Status.DIUSULKAN).count() == 4


def test_a_changed_name_is_reported_but_does_not_block(personas, batch):
    a = lines(batch)[0]
    content = xlsx([[1, a.nik, "Budi Santoso", "16010000001", "Diterima", "", "2026-01-01"]])
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    assert upload.report["changed_name"][0]["ours"] == a.name
    assert not upload.report["blocking"]
    # Spelling variants are not a change of name.
    a2 = lines(batch)[1]
    BatchLine.objects.filter(pk=a2.pk).update(name="Muhammad Soekarno")
    content = xlsx([[1, a2.nik, "M. Sukarno", "16010000002", "Diterima", "", "2026-01-01"]])
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    assert upload.report["counts"]["changed_name"] == 0


def test_csv_with_other_headers_and_semicolons(personas, batch):
    a = lines(batch)[0]
    content = f"nomor ktp;KPJ;hasil;alasan;TMT\n{a.nik};16010000001;TERIMA;;15-01-2026\n".encode()
    rows = parse_result_file("hasil.csv", content)
    assert (
        rows[0]["status"] == "diterima"
        and rows[0]["date"] == "2026-01-15"
        and rows[0]["kpj"] == "16010000001"
    )


def test_a_file_without_the_needed_columns_is_refused(personas, batch):
    with pytest.raises(ResultFileError, match="Kolom wajib tidak ditemukan: NIK, STATUS"):
        parse_result_file("x.csv", b"nama,kpj\nSiti,123\n")
    response = login(personas["admin"]).post(
        f"/kepesertaan/batch/{batch.pk}/hasil/",
        {"file": io.BytesIO(b"bukan xlsx")},
        follow=True,
    )
    assert "xlsx atau csv" in response.content.decode()


def test_applying_twice_is_refused(personas, batch):
    a = lines(batch)[0]
    content = xlsx([[1, a.nik, a.name, "16010000001", "Diterima", "", "2026-01-01"]])
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    result_upload_apply(upload=upload, by=personas["admin"])
    with pytest.raises(BatchError, match="sudah diterapkan"):
        result_upload_apply(upload=upload, by=personas["admin"])
    again = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    assert again.report["counts"]["already_done"] == 1
    assert Membership.objects.count() == 1


def test_other_kabupaten_cannot_see_the_reconciliation(personas, batch):
    a = lines(batch)[0]
    content = xlsx([[1, a.nik, a.name, "16010000001", "Diterima", "", "2026-01-01"]])
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    assert login(personas["admin_lain"]).get(f"/kepesertaan/hasil/{upload.pk}/").status_code == 404
    assert login(personas["admin_lain"]).post(f"/kepesertaan/hasil/{upload.pk}/terapkan/").status_code == 404
    assert not Membership.objects.exists()


def test_a_large_result_file_is_applied_by_the_db_worker(
    personas, batch, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    # The worker closes connections not in autocommit, which would drop the PostgreSQL test connection.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.ENROLMENT_INLINE_LIMIT = 1
    a, b, _c, _d = lines(batch)
    content = xlsx(
        [
            [1, a.nik, a.name, "16010000001", "Diterima", "", "2026-01-01"],
            [2, b.nik, b.name, "16010000002", "Diterima", "", "2026-01-01"],
        ]
    )
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["bpjs"])
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas["bpjs"]).post(f"/kepesertaan/hasil/{upload.pk}/terapkan/", follow=True)
    assert "Hasil sedang diterapkan di latar belakang." in response.content.decode()
    assert not Membership.objects.exists()  # queued, not yet run
    call_command("db_worker", "--batch", "--no-startup-delay")
    batch.refresh_from_db()
    assert batch.job_message == "Hasil diterapkan: 2 diterima, 0 ditolak."
    assert (batch.job, Membership.objects.count()) == ("", 2)


def test_bpjs_officer_uploads_on_the_page_and_sees_the_reconciliation(personas, batch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = lines(batch)[0]
    content = xlsx(
        [
            [1, a.nik, "Nama Lain Sekali", "16010000001", "Diterima", "", "2026-01-01"],
            [2, "1606019999990001", "Orang Lain", "16010000002", "Diterima", "", "2026-01-01"],
        ]
    )
    response = login(personas["bpjs"]).post(
        f"/kepesertaan/batch/{batch.pk}/hasil/",
        {"file": SimpleUploadedFile("hasil.xlsx", content)},
        follow=True,
    )
    page = response.content.decode()
    assert "Pencocokan hasil BPJS" in page
    assert "NIK tidak ada di batch (1)" in page and "1606019999990001" in page
    assert "Nama berbeda (NIK cocok) (1)" in page and "Nama Lain Sekali" in page
    assert "Baris batch yang tidak ada di berkas (tetap Diusulkan)</dt><dd>3" in page
    assert "harus diperbaiki dulu" in page
    assert login(personas["pimpinan"]).post(f"/kepesertaan/batch/{batch.pk}/hasil/").status_code == 403


def test_a_worker_who_became_a_member_meanwhile_blocks_the_file(personas, apbd, batch):
    a = lines(batch)[0]
    Membership.objects.create(
        worker=a.worker, kpj="16010000077", funding_source=apbd, start=dt.date(2025, 1, 1)
    )
    content = xlsx([[1, a.nik, a.name, "16010000001", "Diterima", "", "2026-01-01"]])
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    assert upload.report["already_member"][0]["problem"] == "Pekerja ini sudah punya kepesertaan aktif"
    with pytest.raises(BatchError, match="tidak ada yang diterapkan"):
        result_upload_apply(upload=upload, by=personas["admin"])
    assert Membership.objects.count() == 1
