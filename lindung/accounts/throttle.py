"""Login lockout: too many wrong passwords for one username, or from one IP, lock it for a while.

Written here rather than with django-axes: axes' backend refuses `authenticate()` calls without a request,
which breaks `Client.login()` in tests and any non-web authentication, and what is needed is one query.
Failures are rows (not cache entries) so every web process and server sees the same count.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import LoginFailure


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def locked_until(username: str, ip: str | None) -> dt.datetime | None:
    """When the lockout for this username or IP ends, or None if a login may be tried now."""
    since = _window_start()
    ends: list[dt.datetime] = []
    checks = [(Q(username=_key(username)), settings.LOGIN_FAILURE_LIMIT)]
    if ip:
        checks.append((Q(ip=ip), settings.LOGIN_IP_FAILURE_LIMIT))
    for where, limit in checks:
        recent = list(
            LoginFailure.objects.filter(where, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            # Locked until the oldest of the last `limit` failures leaves the window.
            ends.append(recent[-1] + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES))
    return max(ends) if ends else None


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=_key(username), ip=ip)
    # Old rows decide nothing; keep the table small.
    LoginFailure.objects.filter(at__lt=timezone.now() - dt.timedelta(days=1)).delete()


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(username=_key(username)).delete()
