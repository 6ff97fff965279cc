from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Login, then one of the roles (a superuser always passes); otherwise 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: Any = request.user
            if not (user.is_superuser or (user.role in roles and user.area_id)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


UPLOAD_ROLES = "lindung_upload_roles"


def accepts_upload(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Mark a view that takes a file: for a signed-in user of these roles (or a superuser) the request body may
    be as large as an import file; every other request is refused above the small cap before its body is read
    (core.middleware.RequestSizeMiddleware). Put it below role_required, which copies the mark outwards."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        setattr(view, UPLOAD_ROLES, frozenset(roles))
        return view

    return decorator
