"""Writes to staff accounts by an Admin Dinas: each audited."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
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


# No 0/o, 1/l/i: the password is read off a screen or a note and typed on a phone.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 — the alphabet, not a password
TRACKED = ["username", "first_name", "role", "area_id", "agency_id"]


def password_generate(user: User) -> str:
    """Three groups of four random characters (about 59 bits) that pass AUTH_PASSWORD_VALIDATORS."""
    for _attempt in range(20):
        password = "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password
    raise RuntimeError("no generated password passed the password validators")


def user_snapshot(user: User) -> dict[str, Any]:
    return {field: getattr(user, field) for field in TRACKED}


def user_create(*, user: User, by: Any, request: HttpRequest | None = None) -> tuple[User, str]:
    """Save a new staff account with a generated password; the password is returned once, never stored."""
    with transaction.atomic():
        password = password_generate(user)
        user.set_password(password)
        user.is_superuser = user.is_staff = False
        user.must_change_password = True
        user.save()
        audit_log(actor=by, action="account.create", obj=user, changes=user_snapshot(user), request=request)
    return user, password


def user_update(*, user: User, before: dict[str, Any], by: Any, request: HttpRequest | None = None) -> User:
    """Save a changed name, role, area or OPD; the audit event holds the old and new values."""
    changes = {k: [before.get(k), v] for k, v in user_snapshot(user).items() if before.get(k) != v}
    if not changes:
        return user
    with transaction.atomic():
        user.save(update_fields=[f.removesuffix("_id") for f in changes])
        audit_log(actor=by, action="account.update", obj=user, changes=changes, request=request)
    return user


def user_new_password(*, user: User, by: Any, request: HttpRequest | None = None) -> str:
    """A forgotten password: a new generated one (returned once), every session ends, the lock opens."""
    password = password_generate(user)
    with transaction.atomic():
        user.set_password(password)  # the session hash contains the password: other sessions end
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        throttle.clear_failures(user.username)
        audit_log(actor=by, action="account.password_reset", obj=user, request=request)
    return password
