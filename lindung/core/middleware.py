import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Indonesian unless the user chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to most staff
    laptops; Lindung speaks Indonesian by default and switches only on the user's explicit choice (cookie).
    The language is active for this request only: the thread's previous one comes back after the response,
    so whatever the thread runs next (a task run inline, the next test) does not inherit the user's choice.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# What Django raises when the database cannot be reached: server down, network gone, file unreadable.
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
_DOWN = "_lindung_database_down"
RETRY_AFTER_SECONDS = 120


def mark_database_down(sender: object, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """got_request_exception receiver: note on the request that the database could not be reached.

    Django turns an exception anywhere in the middleware chain or the view into a 500 response before an
    outer middleware sees it; the signal is sent while the exception is being handled, so it can tell.
    """
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        setattr(request, _DOWN, True)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    # The page is drawn without the database: an anonymous header, no messages (both would be read from it).
    # This middleware sits outside LanguageMiddleware, whose language is over by now: the choice is reapplied.
    with translation.override(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)):
        response = render(request, "503.html", {"user": AnonymousUser(), "messages": ()}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A lost database answers 503 with a short page in Indonesian, never a traceback (also with DEBUG on).

    The traceback still goes to the log (django.request). Sits outside every middleware that reads the
    session or the user, so a failure there is covered too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _DOWN, False):
            return database_unavailable(request)
        return response


class RequestSizeMiddleware:
    """Refuse a request body larger than REQUEST_MAX_BYTES with 413, from its Content-Length, before anything
    reads it: Django would otherwise spool a large multipart body to disk (the CSRF check reads the form) before
    the view decided the visitor may not post at all.

    A view marked with core.access.accepts_upload takes up to IMPORT_MAX_BYTES (plus the multipart envelope)
    from a signed-in user of its roles. A body without Content-Length is not read by Django at all.
    """

    ENVELOPE = 64 * 1024  # multipart boundaries and the form's other fields around the file

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads no body for a length it cannot parse
        if size > settings.REQUEST_MAX_BYTES and size > self._upload_limit(request):
            return self._too_large(request, size)
        return self.get_response(request)

    def _upload_limit(self, request: HttpRequest) -> int:
        from django.urls import Resolver404, resolve

        from .access import UPLOAD_ROLES

        try:
            roles = getattr(resolve(request.path_info).func, UPLOAD_ROLES, None)
        except Resolver404:
            return 0
        user: Any = getattr(request, "user", None)
        if not roles or user is None or not user.is_authenticated:
            return 0
        if not (user.is_superuser or (user.role in roles and user.area_id)):
            return 0
        return int(settings.IMPORT_MAX_BYTES) + self.ENVELOPE

    @staticmethod
    def _too_large(request: HttpRequest, size: int) -> HttpResponse:
        limit = f"{settings.REQUEST_MAX_BYTES / 1024 / 1024:.1f}".replace(".", ",")
        message = _(
            "Permintaan terlalu besar (%(size)s MB); batasnya %(limit)s MB. Berkas hanya dapat diunggah di "
            "halaman unggah oleh pengguna yang berhak."
        ) % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "limit": limit}
        if request.path_info.startswith("/api/"):
            from lindung.api.errors import error_response

            response = error_response(413, "too_large", message)
        else:
            response = render(request, "413.html", {"message": message}, status=413)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response Django makes: pages, files and API answers carry personal data
    (a worker page, a sweep list, a receipt with a name), and a shared office computer or a caching proxy must
    not keep them. Static files are served by WhiteNoise before this and keep their long cache.

    A view that set its own Cache-Control keeps it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
