"""Writes to staff accounts by an Admin Dinas: each audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from lindung.audit.services import audit_log

from . import throttle, twofactor
from .models import User


def user_end_sessions(*, user: User, by: Any, request: HttpRequest | None = None) -> None:
    """Every session of the user ends at its next request (the session hash no longer matches)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        audit_log(actor=by, action="account.logout_everywhere", obj=user, request=request)


def user_set_active(*, user: User, active: bool, by: Any, request: HttpRequest | None = None) -> User:
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        audit_log(
            actor=by, action="account.activate" if active else "account.deactivate", obj=user, request=request
        )
    return user


def user_unlock(*, user: User, by: Any, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        throttle.clear_failures(user.username)
        audit_log(actor=by, action="account.unlock", obj=user, request=request)


def user_reset_2fa(*, user: User, by: Any, request: HttpRequest | None = None) -> None:
    twofactor.totp_reset(user=user, by=by, request=request)
