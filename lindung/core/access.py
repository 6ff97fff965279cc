from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from lindung.accounts.capabilities import Capability, capabilities_of, has_capability

View = Callable[..., HttpResponse]


def capability_required(capability: Capability) -> Callable[[View], View]:
    """Login, then the capability (accounts/capabilities.py: the role → capability table); otherwise 403."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by the access-matrix test (and copied by the decorators above it, which use functools.wraps).
        wrapped.capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def role_required(*roles: str) -> Callable[[View], View]:
    """Login, then one of the roles (a superuser always passes); otherwise 403.

    Pages ask for a capability (capability_required); this stays for code that needs one exact role.
    """

    def decorator(view: View) -> View:
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


class _Caps:
    """`caps.people` in a template: whether the logged-in user has that capability.

    Read lazily, like request.user: a page that never asks (the 503 page while the database is down) never
    looks the user up.
    """

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._held: set[str] | None = None

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._held is None:
            self._held = {c.value for c in capabilities_of(getattr(self._request, "user", None))}
        return name in self._held


def capabilities(request: HttpRequest) -> dict[str, Any]:
    return {"caps": _Caps(request)}
