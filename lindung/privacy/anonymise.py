"""Erasure after the retention period: identity replaced, statistics kept (UU PDP art. 43-44).

Kept for statistics: kecamatan and desa, sex, birth year, occupation, segment, status, source, dates of the
workflow. Erased: name, NIK, no. KK, phone, address, birth place, day and month of birth, income, source id,
receipt number, free-text notes, and the old values of those fields inside the audit trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.dispatch import Signal
from django.utils import timezone

from lindung.audit.models import AuditEvent
from lindung.audit.services import audit_log
from lindung.workers.models import Status, StatusChange, Worker

from .models import Anonymisation, LegalHold, ProcessingStop

PERSONAL_FIELDS = (
    "name",
    "nik",
    "kk",
    "phone",
    "address",
    "birth_place",
    "birth_date",
    "income",
    "source_ref",
)
# Keys erased inside audit `changes` (status notes are free text and may name people).
SCRUBBED_KEYS = {*PERSONAL_FIELDS, "note"}
ERASED = "[dihapus]"
# People still being served (proposed to BPJS or covered) are never "inactive", whatever the dates say.
SERVED = (Status.DIUSULKAN, Status.TERDAFTAR)

# Sent inside the transaction after a worker is anonymised: apps that copy personal data into their own rows
# (notices with a phone number, import rows, application payloads) erase it in a receiver.
worker_anonymised = Signal()


def anonymous_nik(worker: Worker) -> str:
    """Unique (the primary key is) and never a valid NIK: 'X' + 15 hex digits."""
    return f"X{worker.pk:015X}"


def is_anonymised(worker: Worker) -> bool:
    return Anonymisation.objects.filter(worker_id=worker.pk).exists()


def due_for_anonymisation(now: dt.datetime | None = None) -> QuerySet[Worker]:
    """Workers whose retention has run out: inactive for RETENTION_YEARS, or withdrawn for
    WITHDRAWN_RETENTION_DAYS; never one on legal hold, never one already anonymised."""
    now = now or timezone.now()
    inactive_since = now - dt.timedelta(days=365 * settings.RETENTION_YEARS)
    withdrawn_before = now - dt.timedelta(days=settings.WITHDRAWN_RETENTION_DAYS)
    recent_change = StatusChange.objects.filter(worker=OuterRef("pk"), at__gte=inactive_since)
    recent_event = AuditEvent.objects.filter(
        object_type="workers.worker", object_id=OuterRef("pk_text"), at__gte=inactive_since
    ).exclude(action__startswith="privacy.")
    active_hold = LegalHold.objects.filter(worker=OuterRef("pk"), released_at__isnull=True)
    withdrawn = ProcessingStop.objects.filter(worker=OuterRef("pk"), since__lte=withdrawn_before)
    expired = (
        Q(updated_at__lt=inactive_since)
        & ~Q(status__in=SERVED)
        & ~Q(Exists(recent_change))
        & ~Q(Exists(recent_event))
    )
    return (
        Worker.objects.annotate(pk_text=Cast("pk", CharField()))
        .filter(anonymisation__isnull=True)
        .filter(~Exists(active_hold))
        .filter(expired | Q(Exists(withdrawn)))
        .order_by("pk")
    )


def worker_anonymise(*, worker: Worker, reason: str, by: Any = None) -> Worker:
    """Erase one person's identity in place. Idempotent: an anonymised worker is left as it is."""
    with transaction.atomic():
        worker = Worker.objects.select_for_update().get(pk=worker.pk)
        if is_anonymised(worker):
            return worker
        worker.name = "Anonim"
        worker.nik = anonymous_nik(worker)
        worker.kk = ""
        worker.phone = ""
        worker.address = ""
        worker.birth_place = ""
        worker.birth_date = dt.date(worker.birth_date.year, 1, 1)
        worker.income = None
        worker.source_ref = ""
        worker.receipt_no = None
        worker.version += 1
        worker.save()
        StatusChange.objects.filter(worker=worker).exclude(note="").update(note="")
        _scrub_audit(worker)
        Anonymisation.objects.create(worker=worker, reason=reason)
        worker_anonymised.send(sender=Worker, worker=worker)
        audit_log(
            actor=by,
            action="privacy.anonymise",
            obj=worker,
            changes={"reason": reason, "fields": PERSONAL_FIELDS},
        )
    return worker


def _scrub_audit(worker: Worker) -> None:
    """Old values of personal fields in the audit trail are erased too; who did what, when, stays."""
    events = AuditEvent.objects.filter(object_type="workers.worker", object_id=str(worker.pk))
    for event in events.exclude(changes={}):
        changes = _scrub(event.changes)
        if changes != event.changes:
            AuditEvent.objects.filter(pk=event.pk).update(changes=changes)


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (ERASED if k in SCRUBBED_KEYS and v else _scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def anonymise_expired(*, dry_run: bool = False, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduled job: anonymise everyone due. Safe to run again (does nothing the second time)."""
    due = list(due_for_anonymisation(now).values_list("pk", flat=True))
    withdrawn = set(ProcessingStop.objects.filter(worker_id__in=due).values_list("worker_id", flat=True))
    counts = {"due": len(due), "anonymised": 0}
    if dry_run:
        return counts
    for pk in due:
        worker = Worker(pk=pk)
        worker_anonymise(worker=worker, reason="withdrawal" if pk in withdrawn else "retention")
        counts["anonymised"] += 1
    return counts
