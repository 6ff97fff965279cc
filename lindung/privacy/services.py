"""Data-subject rights: consent given or withdrawn, processing stop, legal hold."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lindung.audit.services import audit_log
from lindung.workers.models import Worker

from .models import ConsentEvent, LegalHold, ProcessingStop


def is_processing_stopped(worker: Worker) -> bool:
    """True while the person's consent is withdrawn: no status change, notice, batch or import update."""
    return ProcessingStop.objects.filter(worker_id=worker.pk).exists()


def exclude_stopped(workers: QuerySet[Worker]) -> QuerySet[Worker]:
    """The same queryset without people whose processing is stopped (for batches and mass notices)."""
    return workers.filter(processing_stop__isnull=True)


def consent_withdraw(
    *, worker: Worker, by: Any, text_version: str = "", note: str = "", request: HttpRequest | None = None
) -> ConsentEvent:
    with transaction.atomic():
        event = ConsentEvent.objects.create(
            worker=worker,
            kind=ConsentEvent.Kind.WITHDRAWN,
            by=by if getattr(by, "pk", None) else None,
            text_version=text_version or worker.consent_version,
            note=note,
        )
        ProcessingStop.objects.update_or_create(worker=worker, defaults={"since": event.at, "event": event})
        audit_log(
            actor=by,
            action="privacy.consent_withdraw",
            obj=worker,
            changes={"text_version": event.text_version},
            request=request,
        )
    return event


def consent_give(
    *, worker: Worker, by: Any, text_version: str, note: str = "", request: HttpRequest | None = None
) -> ConsentEvent:
    """Consent given again (or recorded for the first time here): processing may resume."""
    with transaction.atomic():
        event = ConsentEvent.objects.create(
            worker=worker,
            kind=ConsentEvent.Kind.GIVEN,
            by=by if getattr(by, "pk", None) else None,
            text_version=text_version,
            note=note,
        )
        ProcessingStop.objects.filter(worker=worker).delete()
        audit_log(
            actor=by,
            action="privacy.consent_give",
            obj=worker,
            changes={"text_version": text_version},
            request=request,
        )
    return event


def legal_hold_place(
    *, worker: Worker, by: Any, reason: str, request: HttpRequest | None = None
) -> LegalHold:
    with transaction.atomic():
        hold = LegalHold.objects.create(worker=worker, reason=reason, created_by=by)
        audit_log(
            actor=by, action="privacy.hold_place", obj=worker, changes={"reason": reason}, request=request
        )
    return hold


def legal_hold_release(*, hold: LegalHold, by: Any, request: HttpRequest | None = None) -> LegalHold:
    with transaction.atomic():
        hold.released_at = timezone.now()
        hold.save(update_fields=["released_at"])
        audit_log(
            actor=by,
            action="privacy.hold_release",
            obj=hold.worker,
            changes={"reason": hold.reason},
            request=request,
        )
    return hold
