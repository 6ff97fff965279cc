"""Background jobs: sealing a large batch and applying a large result file (run by `manage.py db_worker`).

A batch of thousands of workers moves each one through worker_transition; that takes minutes, longer than a
web request should. The page queues the job, shows "sedang diproses", and the outcome lands in job_message.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lindung.accounts.models import User
from lindung.audit.services import audit_log
from lindung.core.leases import lease

from .batches import BatchError, batch_seal
from .models import EnrolmentBatch, ResultUpload
from .results import result_upload_apply

log = logging.getLogger(__name__)


def inline_limit() -> int:
    return int(getattr(settings, "ENROLMENT_INLINE_LIMIT", 1000))


def job_claim(batch: EnrolmentBatch, job: str) -> bool:
    """Mark the batch busy; False when another job already holds it."""
    return bool(EnrolmentBatch.objects.filter(pk=batch.pk, job="").update(job=job, job_message=""))


def _finish(batch_id: int, message: str) -> None:
    EnrolmentBatch.objects.filter(pk=batch_id).update(job="", job_started_at=None, job_message=message[:300])


def _start(batch_id: int) -> None:
    EnrolmentBatch.objects.filter(pk=batch_id).update(job_started_at=timezone.now())


def job_release_if_stalled(batch: EnrolmentBatch) -> bool:
    """Free the batch of a job whose worker died, so that the user can run it again. True when freed."""
    if not batch.job_stalled:
        return False
    freed = EnrolmentBatch.objects.filter(
        pk=batch.pk, job=batch.job, job_started_at=batch.job_started_at
    ).update(
        job="",
        job_started_at=None,
        job_message=_(
            "Proses sebelumnya terhenti karena pekerja latar belakang mati; tidak ada yang berubah. "
            "Silakan jalankan lagi."
        ),
    )
    if freed:
        audit_log(actor=None, action="batch.job_stalled", obj=batch, changes={"job": batch.job})
        batch.refresh_from_db()
    return bool(freed)


@task()
def seal_batch_job(batch_id: int, user_id: int) -> None:
    with lease(f"batch:{batch_id}"):
        _start(batch_id)
        _seal(batch_id, user_id)


def _seal(batch_id: int, user_id: int) -> None:
    batch = EnrolmentBatch.objects.get(pk=batch_id)
    try:
        result = batch_seal(batch=batch, by=User.objects.get(pk=user_id))
    except BatchError as exc:
        _finish(batch_id, _("Gagal dikunci: %(e)s") % {"e": exc})
        return
    except Exception:
        log.exception("enrolment: seal of batch %s failed", batch_id)
        _finish(batch_id, _("Gagal dikunci karena kesalahan sistem; tidak ada yang berubah."))
        raise
    _finish(
        batch_id,
        _("Batch dikunci: %(n)d pekerja diusulkan, %(d)d dikeluarkan.")
        % {"n": result.sealed, "d": len(result.dropped)},
    )


@task()
def apply_results_job(upload_id: int, user_id: int) -> None:
    upload = ResultUpload.objects.get(pk=upload_id)
    with lease(f"batch:{upload.batch_id}"):
        _start(upload.batch_id)
        _apply(upload, user_id)


def _apply(upload: ResultUpload, user_id: int) -> None:
    try:
        counts = result_upload_apply(upload=upload, by=User.objects.get(pk=user_id))
    except BatchError as exc:
        _finish(upload.batch_id, _("Hasil gagal diterapkan: %(e)s") % {"e": exc})
        return
    except Exception:
        log.exception("enrolment: applying result upload %s failed", upload.pk)
        _finish(upload.batch_id, _("Hasil gagal diterapkan karena kesalahan sistem; tidak ada yang berubah."))
        raise
    _finish(
        upload.batch_id,
        _("Hasil diterapkan: %(a)d diterima, %(r)d ditolak.")
        % {"a": counts["accepted"], "r": counts["rejected"]},
    )


def queue_seal(*, batch: EnrolmentBatch, by: Any) -> bool:
    if not job_claim(batch, "seal"):
        return False
    transaction.on_commit(lambda: seal_batch_job.enqueue(batch.pk, by.pk))
    return True


def queue_apply(*, upload: ResultUpload, by: Any) -> bool:
    if not job_claim(upload.batch, "apply"):
        return False
    transaction.on_commit(lambda: apply_results_job.enqueue(upload.pk, by.pk))
    return True
