"""Saving a checked import: all or nothing, once, with source tags, timeline and one audit event; undo; cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, login
from lindung.imports import engine, writer
from lindung.imports.models import ImportJob
from lindung.imports.services import (
    ImportActionError,
    import_job_cancel,
    import_job_confirm,
    import_job_undo,
)
from lindung.workers.models import Status, StatusChange, Worker
from lindung.workers.workflow import worker_transition

from .factory import HEADERS, commit, media, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

S = ImportJob.Status


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def test_commit_writes_valid_rows_with_everything_a_worker_needs(personas: Any) -> None:
    rows = [person(1), person(2), person(3)]
    rows[2][5] = "X"  # invalid: not written
    headers = [*HEADERS, "ID Sumber"]
    rows = [[*r, f"P3KE-{i}" if i == 0 else ""] for i, r in enumerate(rows)]
    job = upload(personas["kecamatan"], xlsx_bytes(rows, headers), name="p3ke.xlsx", source="p3ke")
    job = commit(job, personas["kecamatan"])
    assert job.status == S.DONE
    assert job.rows_written == 2
    first = Worker.objects.get(nik=person(1)[1])
    assert (first.name, first.sex, str(first.birth_date)) == ("Warga Nurb", "L", "1985-06-07")
    assert (first.desa_id, first.kecamatan_id, first.kabupaten_id) == ("16.06.01.2001", "16.06.01", "16.06")
    assert first.name_key == "warga nurb"
    assert (first.source, first.source_ref, first.import_job_id) == ("p3ke", "P3KE-0", job.pk)
    assert first.status == Status.DIAJUKAN and first.created_by == personas["kecamatan"]
    assert first.occupation is not None and first.occupation.code == "petani"
    second = Worker.objects.get(nik=person(2)[1])
    assert second.source_ref == "p3ke.xlsx#3"
    # The file's audit event covers every row: no status-change row per imported worker (see the timeline test).
    assert not StatusChange.objects.filter(worker__import_job_id=job.pk).exists()
    events = AuditEvent.objects.filter(action="import.commit", object_id=str(job.pk))
    assert events.count() == 1
    assert events.get().changes["written"] == 2
    assert not AuditEvent.objects.filter(action="worker.create").exists()  # one summary, not one per row


def test_an_imported_workers_page_tells_when_by_whom_and_from_which_source_it_came(personas: Any) -> None:
    headers = [*HEADERS, "ID Sumber"]
    job = upload(personas["kecamatan"], xlsx_bytes([[*person(1), "P3KE-0042"]], headers), source="p3ke")
    commit(job, personas["kecamatan"])
    worker = Worker.objects.get(nik=person(1)[1])
    worker_transition(worker=worker, to=Status.DIVERIFIKASI, by=personas["admin"], note="dicek di balai desa")
    body = login(personas["admin"]).get(f"/pekerja/{worker.pk}/").content.decode()
    with translation.override("id"):
        came = date_filter(timezone.localtime(worker.created_at), "j M Y H:i")
    first = (
        f"<li><time>{came}</time> · kec · <b>Masuk registri dari sumber: Data P3KE · ID sumber P3KE-0042</b>"
    )
    assert first in body
    assert "· admin · <b>Status diubah</b>: Diajukan → Diverifikasi · dicek di balai desa" in body
    assert body.index(first) < body.index("Status diubah</b>")


def test_importing_the_same_file_again_creates_nothing(personas: Any) -> None:
    content = xlsx_bytes([person(1), person(2)])
    commit(upload(personas["admin"], content), personas["admin"])
    again = upload(personas["admin"], content)
    assert (again.valid, again.already_registered) == (0, 2)
    with pytest.raises(ImportActionError, match="Tidak ada baris valid"):
        import_job_confirm(job=again, by=personas["admin"], start=False)
    assert Worker.objects.count() == 2


@pytest.mark.parametrize("method", ["copy", "insert"])  # PostgreSQL's two write paths; SQLite has one
def test_nik_registered_between_check_and_commit_is_skipped(
    personas: Any, settings: Any, monkeypatch: Any, method: str
) -> None:
    settings.IMPORT_PG_METHOD = method
    monkeypatch.setattr(writer, "BLOCK", 1)  # one row per INSERT: the count is summed over blocks
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2), person(3)]))
    from lindung.conftest import make_worker

    make_worker(nik=person(2)[1], birth_date=job.created_at.date())  # someone else was quicker
    job = commit(job, personas["admin"])
    assert job.status == S.DONE
    assert job.rows_written == 2
    assert job.already_registered == 1
    assert Worker.objects.filter(import_job_id=job.pk).count() == 2
    assert AuditEvent.objects.get(action="import.commit", object_id=str(job.pk)).changes["written"] == 2


def test_a_failing_commit_writes_nothing(personas: Any, monkeypatch: Any) -> None:
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2)]))

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(engine, "audit_log", broken)  # fails after the rows were inserted
    job = commit(job, personas["admin"])
    assert job.status == S.FAILED
    assert "tidak ada data yang tersimpan" in job.error_message
    assert Worker.objects.count() == 0


def test_undo_deletes_the_workers_while_all_are_diajukan(personas: Any) -> None:
    job = commit(upload(personas["admin"], xlsx_bytes([person(1), person(2)])), personas["admin"])
    assert import_job_undo(job=job, by=personas["admin"]) == 2
    job.refresh_from_db()
    assert job.status == S.UNDONE
    assert Worker.objects.count() == 0
    assert AuditEvent.objects.filter(action="import.undo", object_id=str(job.pk)).count() == 1


def test_undo_is_refused_once_a_worker_moved_on(personas: Any) -> None:
    job = commit(upload(personas["admin"], xlsx_bytes([person(1), person(2)])), personas["admin"])
    worker = Worker.objects.get(nik=person(1)[1])
    worker_transition(worker=worker, to=Status.DIVERIFIKASI, by=personas["admin"])
    with pytest.raises(ImportActionError, match="1 pekerja dari impor ini sudah diproses"):
        import_job_undo(job=job, by=personas["admin"])
    assert Worker.objects.count() == 2
    job.refresh_from_db()
    assert job.status == S.DONE


def test_cancel_a_checked_import(personas: Any) -> None:
    job = upload(personas["admin"], xlsx_bytes([person(1)]))
    job = import_job_cancel(job=job, by=personas["admin"])
    assert job.status == S.CANCELLED
    with pytest.raises(ImportActionError):
        import_job_confirm(job=job, by=personas["admin"], start=False)
    assert Worker.objects.count() == 0


@pytest.mark.parametrize("helper", [False, True], ids=["one core", "two cores"])
def test_cancel_stops_a_running_check_between_chunks(
    personas: Any, settings: Any, monkeypatch: Any, helper: bool
) -> None:
    settings.IMPORT_CHUNK_ROWS = 2
    settings.IMPORT_CHECK_HELPER, settings.IMPORT_PARALLEL_MIN_ROWS = helper, 1
    from django.core.files.base import ContentFile

    from lindung.imports.services import import_job_create

    job = import_job_create(
        file=ContentFile(xlsx_bytes([person(i) for i in range(1, 8)]), name="x.xlsx"),
        name="x.xlsx",
        source="impor",
        by=personas["admin"],
        start=False,
    )
    real = engine.Classifier.classify  # once per chunk, in file order
    calls = {"n": 0}

    def check_then_cancel(self: Any, results: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)  # the user clicked Batalkan
        return real(self, results)

    monkeypatch.setattr(engine.Classifier, "classify", check_then_cancel)
    job = engine.run_check(job.pk)
    assert job.status == S.CANCELLED
    assert calls["n"] == 1


def test_cancel_during_commit_rolls_everything_back(personas: Any) -> None:
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2)]))
    import_job_confirm(job=job, by=personas["admin"], start=False)
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    job = engine.run_commit(job.pk, personas["admin"].pk)
    assert job.status == S.CANCELLED
    assert Worker.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_check_and_commit_run_in_the_real_db_worker(personas: Any, settings: Any) -> None:
    """The page's path: upload enqueues the check, confirm enqueues the commit; `db_worker --batch` runs both."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django.core.files.base import ContentFile

    from lindung.imports.services import import_job_create

    job = import_job_create(
        file=ContentFile(xlsx_bytes([person(1), person(2)]), name="desa.xlsx"),
        name="desa.xlsx",
        source="impor",
        by=personas["admin"],
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == S.CHECKED, job.error_message
    import_job_confirm(job=job, by=personas["admin"])
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == S.DONE
    assert Worker.objects.filter(import_job_id=job.pk).count() == 2


def test_a_commit_queues_one_duplicate_scan_of_the_kabupaten(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from lindung.dedup.models import DuplicateScan

    first = upload(personas["admin"], xlsx_bytes([person(1), person(2)]))
    with django_capture_on_commit_callbacks(execute=False):
        commit(first, personas["admin"])
        second = upload(personas["admin"], xlsx_bytes([person(3)]), name="desa2.xlsx")
        commit(second, personas["admin"])
    # Both imports wait for the same scan: the engine runs over the whole kabupaten once.
    scan = DuplicateScan.objects.get()
    assert (scan.kabupaten, scan.status) == ("16.06", DuplicateScan.Status.QUEUED)


def _index_definitions() -> dict[str, Any]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Worker._meta.db_table)
    return {name: sorted(found[name].items()) for name in found}


@pytest.mark.parametrize("registry", [0, 3], ids=["first load, indexes built after", "row by row"])
def test_a_commit_leaves_the_registry_indexes_as_they_were(personas: Any, registry: int) -> None:
    from lindung.conftest import make_worker

    for serial in range(registry):
        make_worker(nik=person(100 + serial)[1])
    before = _index_definitions()
    job = commit(upload(personas["admin"], xlsx_bytes([person(1), person(2)])), personas["admin"])
    assert (job.status, job.rows_written) == (S.DONE, 2)
    assert _index_definitions() == before
    assert Worker.objects.count() == registry + 2
    # The unique NIK index works again: the same NIK cannot be added twice.
    with pytest.raises(IntegrityError), transaction.atomic():
        Worker.objects.filter(nik=person(1)[1]).update(nik=person(2)[1])


def test_a_failing_first_load_leaves_no_rows_and_every_index(personas: Any, monkeypatch: Any) -> None:
    before = _index_definitions()
    monkeypatch.setattr(engine, "audit_log", lambda **kwargs: 1 / 0)  # fails after the indexes were built
    job = commit(upload(personas["admin"], xlsx_bytes([person(1), person(2)])), personas["admin"])
    assert job.status == S.FAILED
    assert Worker.objects.count() == 0
    assert _index_definitions() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite readers keep their snapshot; no lock")
def test_a_first_load_writes_row_by_row_when_a_reader_holds_the_registry(
    personas: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(writer, "LOCK_WAIT", "100ms")
    row_by_row: list[int] = []
    original = writer._copy

    def copy(*args: Any) -> int:
        row_by_row.append(1)
        return original(*args)

    monkeypatch.setattr(writer, "_copy", copy)
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2)]))
    reader = connections.create_connection("default")
    try:
        with reader.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f"LOCK TABLE {Worker._meta.db_table} IN ACCESS SHARE MODE")  # a long list page
            job = commit(job, personas["admin"])
    finally:
        reader.close()
    assert (job.status, job.rows_written) == (S.DONE, 2)
    assert Worker.objects.count() == 2
    assert row_by_row == [1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="session_replication_role is PostgreSQL's")
@pytest.mark.parametrize("registry", [0, 3], ids=["first load", "row by row"])
def test_a_commit_checks_the_foreign_keys_once_per_key_instead_of_per_row(
    personas: Any, monkeypatch: Any, registry: int
) -> None:
    from lindung.conftest import make_worker

    for serial in range(registry):
        make_worker(nik=person(100 + serial)[1])
    checked: list[int] = []
    original = writer._check_references

    def check(cursor: Any, table: str, job_id: int) -> None:
        checked.append(job_id)
        original(cursor, table, job_id)

    monkeypatch.setattr(writer, "_check_references", check)
    job = commit(upload(personas["admin"], xlsx_bytes([person(1), person(2)])), personas["admin"])
    assert (job.status, job.rows_written) == (S.DONE, 2)
    assert checked == [job.pk]
    with connection.cursor() as cursor:
        # Switched back on for everything after the COPY (this test runs inside one transaction).
        cursor.execute("SELECT current_setting('session_replication_role')")
        assert cursor.fetchone()[0] == "origin"


def _staged_with_a_desa_gone(job: ImportJob) -> Path:
    """The job's staged rows, the first one's desa replaced by a code the regions table does not hold (as if
    the desa had been deleted since the check)."""
    staged = Path(job.staged.path)
    text = staged.read_text(encoding="utf-8")
    assert f",{DESA_A}," in text
    staged.write_text(text.replace(f",{DESA_A},", ",16.06.01.9999,", 1), encoding="utf-8")
    return staged


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the row-by-row COPY path is PostgreSQL's")
def test_a_commit_with_a_key_that_no_longer_exists_is_refused(personas: Any) -> None:
    from lindung.conftest import make_worker

    make_worker(nik=person(100)[1])
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2)]))
    staged = _staged_with_a_desa_gone(job)
    with pytest.raises(IntegrityError), transaction.atomic():
        writer._copy(staged, job.pk, personas["admin"].pk, timezone.now(), None)
    assert Worker.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the first-load path is PostgreSQL's")
def test_a_first_load_with_a_key_that_no_longer_exists_writes_nothing(personas: Any) -> None:
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2)]))
    staged = _staged_with_a_desa_gone(job)
    before = _index_definitions()
    with transaction.atomic():
        written = writer._copy_rebuilding(staged, job.pk, personas["admin"].pk, timezone.now(), None)
        assert written is None  # the row-by-row path runs instead, and its foreign-key check refuses the row
        assert Worker.objects.count() == 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('session_replication_role')")
            assert cursor.fetchone()[0] == "origin"
    assert _index_definitions() == before
