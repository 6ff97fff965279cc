"""What a user does with an import: upload, map columns, confirm, cancel, undo. The heavy work is in engine.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.db.utils import IntegrityError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.models import Role
from lindung.audit.services import audit_log
from lindung.regions.models import Region
from lindung.workers.models import Source, Status, StatusChange, Worker

from .columns import BY_KEY
from .file_checks import ImportFileError, detect_kind, size_error
from .models import ImportJob
from .tasks import check_import, commit_import

S = ImportJob.Status


class ImportActionError(Exception):
    """A refused action; the message says why."""


def jobs_visible_to(user: Any) -> QuerySet[ImportJob]:
    jobs = ImportJob.objects.select_related("area", "created_by")
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    if user.is_superuser:
        return jobs
    if not user.area_id:
        return jobs.none()
    jobs = jobs.filter(Q(area_id=user.area_id) | Q(area__code__startswith=f"{user.area_id}."))
    if user.role == Role.OPERATOR_OPD:
        jobs = jobs.filter(agency_id=user.agency_id)
    return jobs


def get_job_for(user: Any, pk: object) -> ImportJob:
    try:
        return jobs_visible_to(user).get(pk=pk)  # type: ignore[misc]
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _area_of(user: Any) -> Region:
    if getattr(user, "area_id", None):
        return user.area
    return Region.objects.get(code=settings.DEFAULT_KABUPATEN)


def import_job_create(
    *,
    file: File,
    name: str,
    source: str,
    by: Any,
    start: bool = True,
    accept_nik_mismatch: bool = False,
    desa: str | None = None,
    max_bytes: int | None = None,
) -> ImportJob:
    """Store the upload and queue its check. A file that is obviously unreadable is refused here, unsaved.

    accept_nik_mismatch: rows whose birth date or sex disagrees with the NIK are taken in with a flag the
    verifier must clear, instead of being refused (Dukcapil's own records always are).
    `desa`: the desa of every row of a file without a desa column, if known in advance (the command line's
    --desa); otherwise the check asks for it. `max_bytes`: the size limit (None: the upload limit; 0: none).
    """
    if problem := size_error(file.size or 0, max_bytes):
        raise ImportFileError(problem)
    if source not in Source.values:
        raise ImportActionError(_("Sumber data tidak dikenal."))
    area = _area_of(by)
    if desa is not None:
        _check_desa(desa, area)
    opd = getattr(by, "role", "") == Role.OPERATOR_OPD
    job = ImportJob(
        original_name=Path(name).name[:200],
        source=Source.OPD if opd else source,
        area=area,
        kabupaten_id=area.code[:5],
        agency=by.agency if opd else None,
        desa_id=desa,
        created_by=by if getattr(by, "pk", None) else None,
        accept_nik_mismatch=accept_nik_mismatch,
    )
    job.file.save(f"impor{Path(name).suffix.lower()[:6]}", file, save=False)
    try:
        detect_kind(Path(job.file.path), job.original_name, max_bytes)
    except ImportFileError:
        job.file.delete(save=False)
        raise
    job.save()
    if start:
        transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


def desa_choices_for(area: Region) -> QuerySet[Region]:
    """The desa an uploader may give a file without a desa column: those of their area."""
    desa = Region.objects.filter(level=Region.Level.DESA).select_related("parent")
    if area.level == Region.Level.DESA:
        return desa.filter(code=area.code)
    return desa.filter(code__startswith=f"{area.code}.").order_by("parent__name", "name")


def _check_desa(code: str, area: Region) -> None:
    if not desa_choices_for(area).filter(code=code).exists():
        raise ImportActionError(
            _("Desa %(desa)s bukan kode desa/kelurahan di wilayah kerja Anda (%(area)s).")
            % {"desa": code, "area": area.name}
        )


def import_job_map(*, job: ImportJob, mapping: dict[str, str], by: Any, desa: str | None = None) -> ImportJob:
    """Apply the uploader's answers (headers mapped, the desa of a file without a desa column) and check again."""
    if job.status != S.MAPPING:
        raise ImportActionError(_("Pemetaan kolom hanya untuk impor yang menunggu pemetaan."))
    if desa:
        _check_desa(desa, job.area)
        job.desa_id = desa
    unknown = [key for key in mapping.values() if key and key not in BY_KEY]
    if unknown:
        raise ImportActionError(_("Kolom tujuan tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)})
    chosen = [key for key in mapping.values() if key]
    if len(chosen) != len(set(chosen)):
        raise ImportActionError(_("Satu kolom tujuan dipilih untuk lebih dari satu kolom berkas."))
    job.mapping = {**job.mapping, **mapping}
    job.status, job.error_message = S.UPLOADED, ""
    job.save(update_fields=["mapping", "status", "error_message", "desa", "updated_at"])
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


def import_job_confirm(*, job: ImportJob, by: Any, start: bool = True) -> ImportJob:
    """Queue the commit of a checked import. Conditional on the status, so two clicks commit once."""
    if job.valid == 0 and job.changes == 0 and job.status_reports == 0:
        raise ImportActionError(_("Tidak ada baris valid untuk disimpan."))
    updated = ImportJob.objects.filter(pk=job.pk, status=S.CHECKED).update(
        status=S.COMMITTING, cancel_requested=False, committed_by=by if getattr(by, "pk", None) else None
    )
    if not updated:
        raise ImportActionError(_("Impor ini tidak dalam keadaan siap disimpan."))
    user_id = by.pk if getattr(by, "pk", None) else None
    if start:
        transaction.on_commit(lambda: commit_import.enqueue(job.pk, user_id))
    job.refresh_from_db()
    return job


def import_job_accept_nik_mismatch(
    *, job: ImportJob, by: Any, request: HttpRequest | None = None
) -> ImportJob:
    """Check a checked import again, this time taking in the rows whose birth date or sex disagrees with the
    NIK with a flag for the verifier (instead of sending the file back to the village)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=S.CHECKED, accept_nik_mismatch=False).update(
        status=S.UPLOADED, accept_nik_mismatch=True, cancel_requested=False
    )
    if not updated:
        raise ImportActionError(_("Impor ini tidak dalam keadaan siap diperiksa ulang."))
    audit_log(actor=by, action="import.accept_nik_mismatch", obj=job, changes={}, request=request)
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    job.refresh_from_db()
    return job


def import_job_retry(*, job: ImportJob, by: Any, request: HttpRequest | None = None) -> ImportJob:
    """Queue again a check or commit whose worker died. The phase's writes were one transaction: none remain."""
    if not job.stalled:
        raise ImportActionError(_("Impor ini tidak terhenti; tidak perlu diulang."))
    phase = job.status
    again = S.UPLOADED if phase == S.CHECKING else S.COMMITTING
    updated = ImportJob.objects.filter(
        pk=job.pk, status=phase, worker_started_at=job.worker_started_at
    ).update(status=again, worker_started_at=None, rows_written=0, cancel_requested=False)
    if not updated:
        raise ImportActionError(_("Impor ini baru saja berubah; muat ulang halaman."))
    audit_log(actor=by, action="import.retry", obj=job, changes={"phase": phase}, request=request)
    if phase == S.CHECKING:
        transaction.on_commit(lambda: check_import.enqueue(job.pk))
    else:
        user_id = job.committed_by_id
        transaction.on_commit(lambda: commit_import.enqueue(job.pk, user_id))
    job.refresh_from_db()
    return job


def import_job_cancel(*, job: ImportJob, by: Any) -> ImportJob:
    """Stop a running check or commit (the worker stops after the current chunk) or drop a waiting import."""
    if job.status in (S.UPLOADED, S.MAPPING, S.CHECKED):
        ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=S.CANCELLED, cancel_requested=True
        )
    elif job.status in (S.CHECKING, S.COMMITTING):
        ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    else:
        raise ImportActionError(
            _("Impor yang sudah %(status)s tidak dapat dibatalkan.")
            % {"status": job.get_status_display().lower()}
        )
    job.refresh_from_db()
    return job


def _moved_message(n: int) -> str:
    return _(
        "Impor tidak dapat diurungkan: %(n)s pekerja dari impor ini sudah diproses lebih lanjut "
        "(diverifikasi, dikembalikan, atau ditolak). Urungkan hanya bisa selama semua masih Diajukan."
    ) % {"n": n}


def import_job_undo(*, job: ImportJob, by: Any, request: HttpRequest | None = None) -> int:
    """Delete the workers an import created, if none of them moved on in the workflow. Returns how many."""
    if job.status != S.DONE:
        raise ImportActionError(_("Hanya impor yang sudah selesai disimpan yang dapat diurungkan."))
    with transaction.atomic():
        workers = Worker.objects.filter(import_job_id=job.pk)
        # Lock the rows (PostgreSQL) so that nobody verifies one of them between this check and the delete.
        list(workers.select_for_update().values_list("pk", flat=True))
        moved = workers.exclude(status=Status.DIAJUKAN).count()
        if moved:
            raise ImportActionError(_moved_message(moved))
        if (
            workers.filter(merged_into__isnull=False).exists()
            or Worker.objects.filter(merged_into__import_job_id=job.pk).exists()
        ):
            raise ImportActionError(
                _("Impor tidak dapat diurungkan: sebagian pekerjanya sudah digabung dengan data lain.")
            )
        deleted = workers.count()
        try:
            StatusChange.objects.filter(worker__import_job_id=job.pk).delete()
            workers.filter(status=Status.DIAJUKAN).delete()
            # SQLite takes no row locks: a worker moved on in between is still there, and undoes the undo.
            if left := workers.count():
                raise ImportActionError(_moved_message(left))
        except (ProtectedError, IntegrityError):
            raise ImportActionError(
                _(
                    "Impor tidak dapat diurungkan: pekerjanya sudah dipakai di data lain (misalnya kepesertaan)."
                )
            ) from None
        job.status, job.undone_at = S.UNDONE, timezone.now()
        job.save(update_fields=["status", "undone_at", "updated_at"])
        audit_log(
            actor=by,
            action="import.undo",
            obj=job,
            changes={"file": job.original_name, "deleted": deleted},
            request=request,
        )
    return deleted
