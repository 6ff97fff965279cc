"""Reads for the privacy pages: the audit trail an Admin Dinas may review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from lindung.accounts.staff import staff_visible_to
from lindung.audit.models import AuditEvent
from lindung.workers.selectors import workers_visible_to


def audit_events_visible_to(user: Any) -> QuerySet[AuditEvent]:
    """Events about a worker in the user's area, and events by users in the area."""
    if user.is_superuser:
        return AuditEvent.objects.all()
    worker_ids = (
        workers_visible_to(user, include_merged=True)
        .annotate(pk_text=Cast("pk", CharField()))
        .values("pk_text")
    )
    return AuditEvent.objects.filter(
        Q(object_type="workers.worker", object_id__in=worker_ids) | Q(actor__in=staff_visible_to(user))
    )


def filter_events(
    events: QuerySet[AuditEvent],
    *,
    action: str = "",
    username: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    worker_id: int | None = None,
) -> QuerySet[AuditEvent]:
    if action:
        events = (
            events.filter(action__startswith=action) if action.endswith(".") else events.filter(action=action)
        )
    if username:
        events = events.filter(actor__username__iexact=username)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    if worker_id:
        events = events.filter(object_type="workers.worker", object_id=str(worker_id))
    return events
