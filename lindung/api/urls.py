from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from . import views
from .api import api
from .errors import error_response, not_found_message


def _no_such_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", not_found_message())


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a wrong method with Django's plain 405; give it the API's error format."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allow = response.get("Allow", "")
            response = error_response(
                405, "method_not_allowed", _("Metode HTTP ini tidak didukung di alamat ini.")
            )
            response["Allow"] = allow
        return response

    return wrapped


api_patterns, ninja_app, ninja_namespace = api.urls
for pattern in api_patterns:
    pattern.callback = _json_405(pattern.callback)  # type: ignore[arg-type]

urlpatterns = [
    path("token/", views.token_list, name="api_tokens"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="api_token_revoke"),
    path("", (api_patterns, ninja_app, ninja_namespace)),
    re_path(r"^(?P<rest>.*)$", _no_such_endpoint),
]
