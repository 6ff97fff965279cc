import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


class LanguageMiddleware:
    """Indonesian unless the user chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to most staff
    laptops; Lindung speaks Indonesian by default and switches only on the user's explicit choice (cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
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
