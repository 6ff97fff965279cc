"""Session rules for staff: an idle session ends; a 2FA role reaches nothing until its code is checked; a password
that Admin Dinas made reaches nothing but the password change until the user has chosen their own."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .twofactor import has_device, two_factor_required

LAST_SEEN = "lindung_last_seen"
LOGIN_AT = "lindung_login_at"


def remember_login_time(sender: object, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """user_logged_in receiver: the session's start, from which the absolute limit counts."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT] = int(time.time())


class SessionGuardMiddleware:
    """Log out a session SESSION_COOKIE_AGE after its login, whatever its use, and one idle longer than
    SESSION_IDLE_MINUTES.

    The cookie's own expiry cannot be the absolute limit: every session write (the last-seen stamp below) pushes it
    to now + SESSION_COOKIE_AGE, so a session used every half hour would never end.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            login_at = request.session.get(LOGIN_AT)
            if login_at is None:
                request.session[LOGIN_AT] = now  # a session from before the stamp existed: counts from now
            elif now - int(login_at) > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(
                    request,
                    _("Sesi Anda berakhir karena sudah %(hours)s jam sejak masuk. Silakan masuk lagi.")
                    % {"hours": f"{settings.SESSION_COOKIE_AGE / 3600:g}"},
                )
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            last = request.session.get(LAST_SEEN)
            if last is not None and now - int(last) > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi."))
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if last is None or now - int(last) >= 60:  # write the session at most once a minute
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A user whose role needs 2FA reaches only enrolment, the code page and logout until verified; then, with a
    password made by Admin Dinas, only the password change until it is changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        needs_code = user is not None and two_factor_required(user) and not user.is_verified()
        if needs_code and not self._open(request.path_info):
            target = "twofactor_verify" if has_device(user) else "twofactor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        if (
            user is not None
            and getattr(user, "must_change_password", False)
            and not self._open(request.path_info)
            and request.path_info != reverse("password_change")
        ):
            messages.info(
                request,
                _(
                    "Kata sandi Anda dibuat oleh Admin Dinas. Ganti dulu dengan kata sandi pilihan Anda sendiri "
                    "sebelum melanjutkan."
                ),
            )
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        open_paths = [
            reverse("twofactor_setup"),
            reverse("twofactor_verify"),
            reverse("logout"),
            reverse("login"),
            "/" + settings.STATIC_URL.lstrip("/"),
            "/i18n/",
        ]
        return any(path.startswith(p) for p in open_paths)
