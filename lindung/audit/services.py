from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from lindung.lib.clientip import client_address

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: the peer, or behind LINDUNG_TRUSTED_PROXIES the right-most untrusted hop of
    X-Forwarded-For (lib/clientip). Used by the audit trail, the login lockout and every rate limit."""
    if request is None:
        return None
    cached: str | bool | None = getattr(request, "_lindung_client_ip", False)
    if cached is not False:
        return cached if isinstance(cached, str) else None
    address = client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        getattr(settings, "TRUSTED_PROXY_NETWORKS", ()),
    )
    request._lindung_client_ip = address  # type: ignore[attr-defined]
    return address


def audit_log(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
        ip=client_ip(request),
    )


def audit_log_bulk(
    *,
    actor: Any,
    action: str,
    entries: list[tuple[models.Model, dict[str, Any]]],
    request: HttpRequest | None = None,
) -> int:
    """audit_log for many objects of one action in one write (a bulk status change, a batch's memberships);
    the rows carry one timestamp. Returns how many were written."""
    from django.utils import timezone

    from lindung.core.bulk import insert_rows

    actor_id = actor.pk if getattr(actor, "pk", None) else None
    ip = client_ip(request)
    now = timezone.now()
    insert_rows(
        AuditEvent,
        ["actor", "action", "object_type", "object_id", "changes", "at", "ip"],
        (
            (actor_id, action, obj._meta.label_lower, str(obj.pk), changes or {}, now, ip)
            for obj, changes in entries
        ),
    )
    return len(entries)
