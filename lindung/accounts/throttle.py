"""Login lockout, keyed so that guessing cannot lock an official out of their own office.

- One username from one address: LOGIN_FAILURE_LIMIT wrong passwords in the window lock that address for that
  username. Someone guessing the password of `dinas` from elsewhere does not lock out `dinas` at the dinas.
- One address, any usernames: LOGIN_IP_FAILURE_LIMIT failures lock the address (guessing many accounts from one
  place). Generous, because a desa office or a mobile carrier puts many people behind one address.
- One username from many addresses: LOGIN_USERNAME_FAILURE_LIMIT failures lock the username for addresses it has
  not signed in from in the last LOGIN_KNOWN_ADDRESS_DAYS. A distributed guess is stopped; the owner still
  signs in from their usual address, and the lock ends LOGIN_LOCKOUT_MINUTES after the flood stops.

The address is lindung.audit.services.client_ip (behind LINDUNG_TRUSTED_PROXIES, the real client, not the proxy).
Written here rather than with django-axes: axes' backend refuses `authenticate()` calls without a request,
which breaks `Client.login()` in tests and any non-web authentication, and what is needed is a few queries.
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


def _lock_end(where: Q, limit: int, since: dt.datetime) -> dt.datetime | None:
    recent = list(
        LoginFailure.objects.filter(where, at__gte=since).order_by("-at").values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    # Locked until the oldest of the last `limit` failures leaves the window.
    return recent[-1] + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def known_address(username: str, ip: str) -> bool:
    """Has this user signed in from this address lately (the audit trail's account.login events)?"""
    from lindung.audit.models import AuditEvent

    from .models import User

    user_id = User.objects.filter(username__iexact=username.strip()).values_list("pk", flat=True).first()
    if user_id is None:
        return False
    since = timezone.now() - dt.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return AuditEvent.objects.filter(
        action="account.login", object_type="accounts.user", object_id=str(user_id), ip=ip, at__gte=since
    ).exists()


def locked_until(username: str, ip: str | None) -> dt.datetime | None:
    """When the lockout for this username at this address ends, or None if a login may be tried now.

    Without an address (the staff page) the answer is whether the username is locked anywhere.
    """
    since, key = _window_start(), _key(username)
    ends: list[dt.datetime | None] = []
    if ip:
        ends.append(_lock_end(Q(username=key, ip=ip), settings.LOGIN_FAILURE_LIMIT, since))
        ends.append(_lock_end(Q(ip=ip), settings.LOGIN_IP_FAILURE_LIMIT, since))
        flood = _lock_end(Q(username=key), settings.LOGIN_USERNAME_FAILURE_LIMIT, since)
        if flood is not None and not known_address(username, ip):
            ends.append(flood)
    else:
        ends.append(_lock_end(Q(username=key), settings.LOGIN_FAILURE_LIMIT, since))
    found = [end for end in ends if end is not None]
    return max(found) if found else None


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=_key(username), ip=ip)
    # Old rows decide nothing; keep the table small.
    LoginFailure.objects.filter(at__lt=timezone.now() - dt.timedelta(days=1)).delete()


def clear_failures(username: str, ip: str | None = None) -> None:
    """After a successful login only that address's failures go (a flood from elsewhere keeps counting);
    Admin Dinas' unlock clears them all."""
    rows = LoginFailure.objects.filter(username=_key(username))
    if ip is not None:
        rows = rows.filter(ip=ip)
    rows.delete()
