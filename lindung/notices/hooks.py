"""Worker status changes → notices, connected in NoticesConfig.ready() (the workers app does not know us)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from lindung.workers.models import Source, Status, StatusChange
from lindung.workers.workflow import REJECTION_REASONS, ChangeRecord

from .models import TemplateKey
from .services import notice_enqueue, notices_enqueue_bulk

log = logging.getLogger(__name__)

STATUS_TEMPLATES = {
    Status.DIAJUKAN: TemplateKey.RECEIVED,
    Status.DIKEMBALIKAN: TemplateKey.RETURNED,
    Status.DISETUJUI: TemplateKey.APPROVED,
    Status.DITOLAK: TemplateKey.REJECTED,
}
REASONS = dict(REJECTION_REASONS)
STATUSES = frozenset(Status.values)  # Status.values builds a list on every call; a bulk asks 45,000 times


def template_for(change: StatusChange | ChangeRecord) -> str | None:
    """The message a status change calls for, judged by where the worker came from as well as where to.

    Back to `disetujui` from `diusulkan` is BPJS refusing the registration, not an approval. The move to
    `terdaftar` sends nothing here: the membership does not exist yet when it happens, and the enrolment
    code's membership notice carries the KPJ and the period covered.
    """
    if change.to_status == Status.DISETUJUI and change.from_status == Status.DIUSULKAN:
        return TemplateKey.BPJS_REJECTED
    if change.to_status not in STATUSES:
        return None
    return STATUS_TEMPLATES.get(Status(change.to_status))


def reason_text(change: StatusChange | ChangeRecord) -> str:
    """The reason as the applicant should read it: the label from the list, then the operator's note.

    A code outside the list (ditolak_bpjs) is for staff; the note carries the words.
    """
    label = "" if change.reason == "lainnya" else REASONS.get(change.reason, "")
    return ". ".join(part.strip().rstrip(".") for part in (label, change.note) if part and part.strip())


def notice_for(change: StatusChange | ChangeRecord) -> tuple[str, dict[str, Any]] | None:
    """(template key, payload) of the notice a status change sends the person, or None."""
    key = template_for(change)
    if key is None:
        return None
    worker = change.worker
    # Only a public application has a receipt number to tell the applicant.
    if key == TemplateKey.RECEIVED and (worker.source != Source.MANDIRI or not worker.receipt_no):
        return None
    return key, {"reason": reason_text(change), "status": str(Status(change.to_status).label)}


def on_status_change(
    sender: Any, instance: StatusChange, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Runs inside the transition's transaction, so the notice exists exactly when the status change does.

    A savepoint keeps a failure here (a missing template, a bad placeholder) from spoiling that
    transaction: the status change goes through and the problem is logged.
    """
    if not created or raw:
        return
    found = notice_for(instance)
    if found is None:
        return
    try:
        with transaction.atomic():
            notice_enqueue(worker=instance.worker, template_key=found[0], payload=found[1])
    except Exception:
        log.exception("notices: no notice for status change %s of worker %s", instance.pk, instance.worker_id)


def on_status_changes_bulk(sender: Any, changes: list[ChangeRecord], **kwargs: Any) -> None:
    """The same notices for a bulk transition (workflow.workers_transition_bulk), queued in one pass."""
    items = []
    for change in changes:
        found = notice_for(change)
        if found is not None:
            items.append((change.worker, found[0], found[1]))
    if not items:
        return
    try:
        with transaction.atomic():
            notices_enqueue_bulk(items)
    except Exception:
        log.exception("notices: no notices for a bulk status change of %d workers", len(changes))
