"""The import engine: check a file row by row in chunks, then (after confirmation) commit it in one transaction.

Both phases run in the background worker (see tasks.py) or directly from `manage.py import_workers`. Progress is
written to the ImportJob after every chunk; a cancel request is read at the same moment.
"""

from __future__ import annotations

import csv
import gc
import io
import logging
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.audit.services import audit_log
from lindung.core.leases import lease
from lindung.dedup.models import DuplicateScan
from lindung.dedup.scanning import duplicate_scan_start
from lindung.regions.models import Region
from lindung.workers.models import Worker

from .checker import Checker
from .columns import match_headers
from .enumerators import enumerators_write
from .file_checks import ImportFileError, detect_kind
from .followups import CheckFollowups, flags_write, status_flags_write
from .layouts import variant
from .models import ImportJob
from .parallel import CheckHelper, helper_wanted
from .reader import open_sheet
from .registry import Classifier
from .reimport import apply_changes, changes_path
from .report import ErrorReport
from .results import DUPLICATE, INACTIVE, INVALID, REGISTERED, REJECTED, STAGE_FIELDS, VALID, RowResult
from .writer import write_staged

log = logging.getLogger(__name__)
S = ImportJob.Status
FIRST_ERRORS = 50
REMOTE_CHUNKS = 2  # chunks the child checks per request: see _check_on_two_cores
LOCAL_ROWS = 1000  # rows this process checks between two looks at whether the child is done


def chunk_size() -> int:
    return int(getattr(settings, "IMPORT_CHUNK_ROWS", 5000))


class Cancelled(Exception):
    pass


def _media_path(name: str) -> Path:
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _fail(job: ImportJob, message: str) -> None:
    job.status, job.error_message = S.FAILED, message
    job.save(update_fields=["status", "error_message", "updated_at"])


def _cancel_requested(job_id: int) -> bool:
    return ImportJob.objects.filter(pk=job_id, cancel_requested=True).exists()


def run_check(job_id: int) -> ImportJob:
    # The lease tells the pages that this job has a live worker (and makes a twice-delivered task wait).
    with lease(f"import:{job_id}"):
        return _run_check(job_id)


def _run_check(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("area", "kabupaten", "agency").get(pk=job_id)
    if job.status not in (S.UPLOADED, S.CHECKING):
        return job  # already handled (a task delivered twice does nothing)
    if job.cancel_requested:
        job.status = S.CANCELLED
        job.save(update_fields=["status", "updated_at"])
        return job
    job.status, job.error_message, job.worker_started_at = S.CHECKING, "", timezone.now()
    job.save(update_fields=["status", "error_message", "worker_started_at", "updated_at"])
    try:
        _check(job)
    except ImportFileError as exc:
        _fail(job, str(exc))
    except Cancelled:
        job.status = S.CANCELLED
        job.save(update_fields=["status", "updated_at"])
    except Exception:
        log.exception("import %s: check failed", job.pk)
        _fail(job, _("Pemeriksaan berkas gagal karena kesalahan sistem. Coba lagi atau hubungi admin."))
    return job


def _ask(job: ImportJob, unknown: list[str], message: str) -> None:
    """Stop for the uploader: headers to map, or the desa of a file without a desa column."""
    job.status, job.unknown_headers, job.error_message = S.MAPPING, unknown, message
    job.save(
        update_fields=[
            "status",
            "unknown_headers",
            "error_message",
            "needs_desa",
            "desa",
            "layout",
            "updated_at",
        ]
    )


def _check(job: ImportJob) -> None:
    path = Path(job.file.path)
    # The size limit is the upload's (services.import_job_create); a file the command line took is read whole.
    sheet = open_sheet(path, detect_kind(path, job.original_name, limit=0))
    match = match_headers(sheet.headers, job.mapping)
    job.layout = match.layout.key if match.layout else ""
    job.needs_desa = match.needs_desa
    if match.needs_desa and job.desa_id is None and job.area.level == Region.Level.DESA:
        job.desa = job.area  # a desa operator's file is of their desa
    ask_desa = match.needs_desa and job.desa_id is None
    no_desa = _("Berkas ini tidak punya kolom desa; pilih desa/kelurahan untuk seluruh baris berkas.")
    if match.unknown:
        _ask(
            job,
            match.unknown,
            _("Kolom wajib belum ditemukan: %(cols)s.") % {"cols": ", ".join(match.missing)}
            if match.missing
            else "",
        )
        return
    if match.missing:
        raise ImportFileError(
            _("Kolom wajib tidak ditemukan: %(cols)s. Gunakan templat impor atau ganti judul kolomnya.")
            % {"cols": ", ".join(match.missing)}
        )
    if ask_desa:
        _ask(job, [], no_desa)
        return
    if match.needs_desa and not _desa_in_area(job):
        raise ImportFileError(
            _("Desa %(desa)s bukan desa/kelurahan di wilayah kerja Anda (%(area)s).")
            % {"desa": job.desa_id, "area": job.area.name}
        )
    if match.repeated:
        raise ImportFileError(
            _("Kolom %(cols)s muncul lebih dari sekali; hapus salah satunya.")
            % {"cols": ", ".join(match.repeated)}
        )
    job.mapping = {str(sheet.headers[i]).strip(): key for key, i in match.columns.items()} | {
        h: k for h, k in job.mapping.items() if not k
    }
    checker = Checker(
        kabupaten=job.kabupaten,
        area=job.area,
        columns=match.columns,
        source=job.source,
        file_name=job.original_name,
        agency=job.agency,
        accept_nik_mismatch=job.accept_nik_mismatch,
        desa_for_all=job.desa_id if match.needs_desa else None,
        layout=match.layout,
    )
    report_name = f"imports/reports/impor-{job.pk}-kesalahan.xlsx"
    staged_name = f"imports/staged/impor-{job.pk}.csv"
    report = ErrorReport(_media_path(report_name), sheet.headers, match.columns)
    followups = CheckFollowups(
        job=job, columns=match.columns, report=report, media_root=Path(settings.MEDIA_ROOT)
    )
    classifier = Classifier(keep_registered=followups.keep_registered)
    counts = dict.fromkeys([*CHECKED, "probable_duplicates", "warnings"], 0)
    job.total, job.first_errors = sheet.total, []
    read = 0
    size = chunk_size()
    rows: Iterator[tuple[int, list[Any]]] = iter(sheet.rows)
    if match.layout is not None:
        first = list(islice(rows, size))
        job.layout = variant(match.layout, first, match.columns)
        rows = chain(first, rows)
        if match.layout.kk_fill_down and "kk" in match.columns:
            rows = _fill_down(rows, match.columns["kk"])

    def finish(chunk: list[tuple[int, list[Any]]], results: list[RowResult]) -> None:
        nonlocal read
        before, read = read, read + len(chunk)
        _tally(classifier.classify(results), counts, staged, report, job)
        followups.add(results)
        if read // size > before // size:  # once every `size` rows, whatever the slices
            _progress(job, read, counts)

    try:
        with (
            _media_path(staged_name).open("w", newline="", encoding="utf-8") as staged,
            _without_cycle_collector(),
        ):
            if not helper_wanted(sheet.total):
                while chunk := list(islice(rows, size)):
                    finish(chunk, checker.check_rows(chunk))
            else:
                _check_on_two_cores(checker, rows, size, finish)
        followups.close(job)
    finally:
        followups.abort()
        report.close()
    checked = sum(counts[k] for k in CHECKED)
    if checked == 0:
        raise ImportFileError(_("Berkas hanya berisi judul kolom; tidak ada baris data pekerja."))
    for key, value in counts.items():
        setattr(job, key, value)
    job.total = job.rows_read = job.rows_checked = checked
    job.error_report.name, job.staged.name = report_name, staged_name
    job.status, job.checked_at, job.unknown_headers = S.CHECKED, timezone.now(), []
    job.save()


# Every checked row is one of these; probable duplicates and warnings are among the valid ones.
CHECKED = ["valid", "invalid", "duplicates", "already_registered", "inactive", "review_rejected"]


def _desa_in_area(job: ImportJob) -> bool:
    code, area = job.desa_id or "", job.area_id
    return (code == area or code.startswith(f"{area}.")) and Region.objects.filter(
        code=code, level=Region.Level.DESA
    ).exists()


def _fill_down(rows: Iterator[tuple[int, list[Any]]], at: int) -> Iterator[tuple[int, list[Any]]]:
    """DTKS writes a family's KK on its first member's row only: the members below it get that KK."""
    last: Any = None
    for row_no, cells in rows:
        if at < len(cells):
            value = cells[at]
            if value is None or value == "":
                if last is not None and any(c not in (None, "") for c in cells):
                    cells[at] = last
            else:
                last = value
        yield row_no, cells


def _check_on_two_cores(
    checker: Checker,
    rows: Iterator[tuple[int, list[Any]]],
    size: int,
    finish: Callable[[list[tuple[int, list[Any]]], list[RowResult]], None],
) -> None:
    """The child process (parallel.py) checks REMOTE_CHUNKS chunks at a time; this one reads, classifies and
    writes every chunk in file order (`finish`), and while the child is still busy it checks the next rows
    itself, LOCAL_ROWS at a time, asking after each slice whether the child is done.

    The share each side checks follows from how fast each is on this machine and this file, so neither waits
    for the other for long: measured on a 200,000-row CSV (CPU), checking the rows is about half of the work,
    reading, classifying and writing them the other half, which only this process can do.
    """
    helper = CheckHelper(checker)
    in_order: deque[list[Any]] = deque()  # [chunk, results]: results None while the child has the chunk
    at_child: list[list[Any]] = []
    try:
        while True:
            if not at_child:
                at_child = [[c, None] for c in (list(islice(rows, size)) for _ in range(REMOTE_CHUNKS)) if c]
                if at_child:
                    helper.submit([chunk for chunk, _results in at_child])
                    in_order.extend(at_child)
            while in_order and in_order[0][1] is not None:
                chunk, results = in_order.popleft()
                finish(chunk, results)
            if not in_order:
                return
            local = [] if helper.ready() else list(islice(rows, LOCAL_ROWS))
            if local:
                in_order.append([local, checker.check_rows(local)])
            else:  # the child is done, or nothing is left to check here: wait for it
                for entry, results in zip(at_child, helper.result(), strict=True):
                    entry[1] = results
                at_child = []
    finally:
        helper.close()


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while rows are checked.

    A chunk's rows and results form no reference cycles and are freed as soon as the chunk is done, but the
    thousands of objects they allocate keep triggering collections, and every full one walks all of Django's
    long-lived objects again: a quarter of the check's CPU time at 100,000 rows. Restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _tally(
    results: list[RowResult], counts: dict[str, int], staged: Any, report: ErrorReport, job: ImportJob
) -> None:
    _write_staged(staged, [r.staged for r in results if r.kind == VALID and r.staged])  # in row order
    for r in results:
        if r.kind == VALID:
            counts["valid"] += 1
            if r.probable:
                counts["probable_duplicates"] += 1
            if r.warnings:
                counts["warnings"] += 1
            else:
                continue
        elif r.kind == INVALID:
            counts["invalid"] += 1
        elif r.kind == DUPLICATE:
            counts["duplicates"] += 1
        elif r.kind == REGISTERED:
            counts["already_registered"] += 1
        elif r.kind == INACTIVE:
            counts["inactive"] += 1
        elif r.kind == REJECTED:
            counts["review_rejected"] += 1
        report.add(r)
        if len(job.first_errors) < FIRST_ERRORS and r.kind != REGISTERED:
            job.first_errors.append({"row": r.row_no, "kind": r.kind, "message": r.message})


COMMAS = len(STAGE_FIELDS) - 1


def _write_staged(staged: Any, rows: list[list[str]]) -> None:
    """Write a chunk's staged rows exactly as csv.writer would (minimal quoting, CRLF), in one write.

    csv.writer takes about 7 µs a row of 19 fields; nearly every row needs no quoting at all (no comma, quote
    or line break in a name or an address), and its line is then just the fields joined by commas (~1 µs).
    The others go through csv.writer.
    """
    lines = []
    for row in rows:
        line = ",".join(row)
        if line.count(",") != COMMAS or '"' in line or "\n" in line or "\r" in line:
            buffer = io.StringIO()
            csv.writer(buffer).writerow(row)
            lines.append(buffer.getvalue())
        else:
            lines.append(line + "\r\n")
    staged.write("".join(lines))


def _progress(job: ImportJob, read: int, counts: dict[str, int]) -> None:
    checked = sum(counts[k] for k in CHECKED)
    ImportJob.objects.filter(pk=job.pk).update(
        rows_read=read, rows_checked=checked, total=max(job.total, read), **counts
    )
    if _cancel_requested(job.pk):
        raise Cancelled


def run_commit(job_id: int, user_id: int | None) -> ImportJob:
    with lease(f"import:{job_id}"):
        return _run_commit(job_id, user_id)


def _run_commit(job_id: int, user_id: int | None) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    if job.status != S.COMMITTING:
        return job
    job.worker_started_at = timezone.now()
    job.save(update_fields=["worker_started_at", "updated_at"])
    user = User.objects.filter(pk=user_id).first() if user_id else None
    progress, close = _commit_progress(job.pk)
    try:
        with transaction.atomic():
            written = (
                write_staged(
                    staged=Path(job.staged.path),
                    job_id=job.pk,
                    user_id=user_id,
                    rows=job.valid,
                    progress=progress,
                )
                if job.valid
                else 0
            )
            media = Path(settings.MEDIA_ROOT)
            flags_write(media_root=media, job_id=job.pk)
            job.enumerators_matched = enumerators_write(media_root=media, job_id=job.pk)
            status_flags_write(
                media_root=media,
                job_id=job.pk,
                source_label=_("Impor %(file)s") % {"file": job.original_name},
            )
            job.changes_applied = apply_changes(
                path=changes_path(media, job.pk), job_id=job.pk, user_id=user_id
            )
            if _cancel_requested(job.pk):
                raise Cancelled
            skipped = job.valid - written  # registered by someone else between check and commit
            job.rows_written = written
            job.already_registered += skipped
            job.status, job.committed_at, job.committed_by = S.DONE, timezone.now(), user
            job.save()
            audit_log(
                actor=user,
                action="import.commit",
                obj=job,
                changes={
                    "file": job.original_name,
                    "source": job.source,
                    "written": written,
                    "invalid": job.invalid,
                    "duplicates": job.duplicates,
                    "already_registered": job.already_registered,
                    "probable_duplicates": job.probable_duplicates,
                    "flagged_not_working": job.flagged_not_working,
                    "flagged_nik": job.flagged_nik,
                    "changes_applied": job.changes_applied,
                },
            )
    except Cancelled:
        ImportJob.objects.filter(pk=job.pk).update(status=S.CANCELLED, rows_written=0)
    except Exception:
        log.exception("import %s: commit failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=S.FAILED,
            rows_written=0,
            error_message=_("Penyimpanan gagal karena kesalahan sistem; tidak ada data yang tersimpan."),
        )
    finally:
        close()
    job.refresh_from_db()
    if job.status == S.DONE and job.rows_written:
        vacuum_after_import(job.rows_written)
        _scan_for_duplicates(job, user)
    return job


def vacuum_after_import(rows: int) -> bool:
    """VACUUM (ANALYZE) the worker table after a large commit on PostgreSQL (IMPORT_VACUUM_ROWS). Returns whether
    it ran. A failure is logged, never the import's: the rows are committed and autovacuum comes later anyway."""
    threshold = getattr(settings, "IMPORT_VACUUM_ROWS", 0)
    if connection.vendor != "postgresql" or not threshold or rows < threshold or connection.in_atomic_block:
        return False
    table = connection.ops.quote_name(Worker._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    except Exception:
        log.exception("VACUUM after an import of %s rows failed", rows)
        return False
    return True


def _scan_for_duplicates(job: ImportJob, user: User | None) -> None:
    """Queue the engine over the kabupaten, unless a scan is already waiting: the new rows join that one."""
    waiting = DuplicateScan.objects.filter(kabupaten=job.kabupaten_id, status=DuplicateScan.Status.QUEUED)
    if not waiting.exists():
        duplicate_scan_start(by=user, kabupaten=job.kabupaten_id)


def _commit_progress(job_id: int) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """Report rows written from inside the commit's transaction through a second connection (PostgreSQL).

    SQLite has one writer at a time, so there the page shows 'sedang disimpan' until the transaction ends.
    """
    # Inside an outer transaction (tests) the job row may be locked by it: no side connection then.
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None, lambda: None
    side = connections.create_connection("default")

    def progress(done: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET rows_written = %s WHERE id = %s",  # noqa: S608
                [done, job_id],
            )

    return progress, side.close
