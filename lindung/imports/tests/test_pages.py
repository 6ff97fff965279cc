"""The import pages: who may use them, what they show, the template and report downloads; and the command."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import python_calamine
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from lindung.audit.models import AuditEvent
from lindung.conftest import login
from lindung.core.leases import lease
from lindung.imports.models import ImportJob
from lindung.workers.models import Worker

from .factory import HEADERS, commit, csv_bytes, media, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_roles_that_enter_workers_may_import(personas: Any) -> None:
    for name in ("admin", "kecamatan", "desa", "opd"):
        assert login(personas[name]).get("/impor/").status_code == 200
    for name in ("bpjs", "pimpinan"):
        assert login(personas[name]).get("/impor/").status_code == 403


def test_upload_checks_in_the_background_and_shows_the_preview(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(personas["desa"])
    rows = [person(1), person(2)]
    rows[1][5] = "X"
    upload_file = ContentFile(xlsx_bytes(rows), name="sukarami.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/impor/unggah/", {"file": upload_file, "source": "petugas"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/impor/{job.pk}/?otomatis=1"
    page = client.get(f"/impor/{job.pk}/").content.decode()
    assert "Selesai diperiksa" in page
    assert "Jenis kelamin X tidak dikenal" in page
    assert "Simpan 1 baris valid" in page
    assert 'http-equiv="refresh"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/impor/{job.pk}/simpan/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Worker.objects.get().source == "petugas"
    assert "Urungkan impor" in client.get(f"/impor/{job.pk}/").content.decode()


def test_two_clicks_on_simpan_queue_one_commit(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(personas["desa"])
    job = upload(personas["desa"], xlsx_bytes([person(1), person(2)]))
    with django_capture_on_commit_callbacks() as queued:
        first = client.post(f"/impor/{job.pk}/simpan/", follow=True).content.decode()
        second = client.post(f"/impor/{job.pk}/simpan/", follow=True).content.decode()
    assert "Penyimpanan dimulai" in first
    assert "Impor ini tidak dalam keadaan siap disimpan." in second
    assert len(queued) == 1  # one commit task for the two clicks
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert (job.status, job.rows_written, Worker.objects.count()) == (ImportJob.Status.DONE, 2, 2)


def test_running_job_page_refreshes_itself_and_shows_progress(personas: Any) -> None:
    job = upload(personas["admin"], xlsx_bytes([person(1)]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, rows_checked=5, total=10)
    client = login(personas["admin"])
    with lease(job.lease_key):  # a live worker holds the job
        page = client.get(f"/impor/{job.pk}/?otomatis=1").content.decode()
        still = client.get(f"/impor/{job.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and "Hentikan pembaruan otomatis" in page
    # Opened from the list, the page stays still until the user asks it to follow the work (WCAG 2.2.1).
    assert 'http-equiv="refresh"' not in still and "Perbarui otomatis tiap 3 detik" in still
    assert "50%" in page
    assert "Batalkan" in page
    assert "terhenti" not in page


def test_a_check_whose_worker_died_is_offered_again_and_rechecks(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2)]))
    # The worker marked the job as taken, then died: no lease is held.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, rows_checked=1, valid=0)
    client = login(personas["admin"])
    page = client.get(f"/impor/{job.pk}/").content.decode()
    assert "Proses ini terhenti" in page and "Jalankan ulang" in page
    assert 'http-equiv="refresh"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/impor/{job.pk}/ulangi/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.valid == 2
    assert AuditEvent.objects.filter(action="import.retry", object_id=str(job.pk)).count() == 1
    # A job that is not stalled is not run twice.
    assert "tidak terhenti" in client.post(f"/impor/{job.pk}/ulangi/", follow=True).content.decode()


def test_mapping_step_on_the_page(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    row = person(1)
    headers = ["NIK", "Nama Lengkap", "Kapan Lahir", "Jenis Kelamin", "Desa"]
    job = upload(personas["admin"], xlsx_bytes([[row[1], row[2], row[4], "L", "Sukarami"]], headers))
    client = login(personas["admin"])
    page = client.get(f"/impor/{job.pk}/").content.decode()
    assert "Pemetaan kolom" in page and "Kapan Lahir" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/impor/{job.pk}/kolom/", {"col_0": "birth_date"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert job.valid == 1


def test_jobs_outside_the_area_are_404(personas: Any) -> None:
    job = upload(personas["desa"], xlsx_bytes([person(1)]))
    assert login(personas["desa_lain"]).get(f"/impor/{job.pk}/").status_code == 404
    assert login(personas["admin_lain"]).get(f"/impor/{job.pk}/").status_code == 404
    assert login(personas["opd"]).get(f"/impor/{job.pk}/").status_code == 404
    assert login(personas["kecamatan"]).get(f"/impor/{job.pk}/").status_code == 200
    assert "desa.xlsx" not in login(personas["desa_lain"]).get("/impor/").content.decode()
    assert login(personas["desa_lain"]).post(f"/impor/{job.pk}/simpan/").status_code == 404


def test_undo_refused_message_on_the_page(personas: Any) -> None:
    from lindung.workers.models import Status
    from lindung.workers.workflow import worker_transition

    job = commit(upload(personas["admin"], xlsx_bytes([person(1)])), personas["admin"])
    worker_transition(worker=Worker.objects.get(), to=Status.DIVERIFIKASI, by=personas["admin"])
    response = login(personas["admin"]).post(f"/impor/{job.pk}/urungkan/", follow=True)
    assert "Impor tidak dapat diurungkan" in response.content.decode()
    assert Worker.objects.count() == 1


def test_error_report_download(personas: Any) -> None:
    rows = [person(1)]
    rows[0][1] = "1.60601E+15"
    job = upload(personas["admin"], xlsx_bytes(rows))
    response = login(personas["admin"]).get(f"/impor/{job.pk}/laporan.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    data = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheet = data.get_sheet_by_index(0).to_python()
    assert "angka ilmiah" in str(sheet[1][-1])
    event = AuditEvent.objects.get(action="import.report_download")
    assert (event.actor, event.object_id) == (personas["admin"], str(job.pk))


def test_template_xlsx_has_instructions_headers_and_dropdowns(personas: Any) -> None:
    response = login(personas["kecamatan"]).get("/impor/templat.xlsx")
    assert response.status_code == 200
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names[:2] == ["Petunjuk", "Data"]
    headers = book.get_sheet_by_name("Data").to_python()[0]
    assert headers[:4] == ["ID Sumber", "NIK", "Nomor KK", "Nama Lengkap"]
    lists = book.get_sheet_by_name("Pilihan").to_python()
    desa = [row[3] for row in lists[1:] if row[3]]
    assert "Sukarami" in desa and "Danau Cala" not in desa  # only the operator's kecamatan (Sekayu)
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet2.xml").decode()
    assert sheet.count("<dataValidation ") == 5


def test_the_template_itself_imports(personas: Any) -> None:
    """A filled-in template is read back by the same headers (no mapping step)."""
    response = login(personas["admin"]).get("/impor/templat.csv")
    header = response.content.decode("utf-8-sig").strip()
    row = person(1)
    line = f",{row[1]},,{row[2]},Sekayu,{row[4]},L,Dusun I,Sekayu,Sukarami,081234567890,Petani/pekebun,1500000,2,rentan,"
    job = upload(personas["admin"], (header + "\n" + line + "\n").encode(), "templat.csv")
    assert job.status == ImportJob.Status.CHECKED, job.error_message
    assert job.valid == 1, job.first_errors


def test_command_checks_then_commits(personas: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "daftar.csv"
    rows = [person(1), person(2)]
    rows[1][4] = "31/02/1990"
    path.write_bytes(csv_bytes(rows))
    report = tmp_path / "kesalahan.xlsx"
    call_command("import_workers", str(path), "--report", str(report), "--user", "admin")
    out = capsys.readouterr().out
    assert "valid 1, tidak valid 1" in out
    assert "Hanya diperiksa" in out
    assert Worker.objects.count() == 0
    assert report.exists()
    call_command("import_workers", str(path), "--commit", "--source", "p3ke", "--user", "admin")
    assert "Tersimpan 1 pekerja" in capsys.readouterr().out
    assert Worker.objects.get().source == "p3ke"


def test_command_unknown_columns_and_map(personas: Any, tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    row = person(1)
    path.write_bytes(
        csv_bytes([[row[1], row[2], row[4], "L", "Sukarami"]], ["NIK", "Nama", "Lahirnya", "JK", "Desa"])
    )
    with pytest.raises(CommandError, match="Judul kolom tidak dikenal: Lahirnya"):
        call_command("import_workers", str(path))
    call_command("import_workers", str(path), "--map", "Lahirnya=birth_date", "--commit")
    assert Worker.objects.count() == 1


def test_command_bad_file(tmp_path: Path, db: Any) -> None:
    path = tmp_path / "foto.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n0000")
    with pytest.raises(CommandError, match="gambar PNG"):
        call_command("import_workers", str(path))
    assert HEADERS  # the factory's headers stay the documented ones
