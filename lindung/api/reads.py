"""Helpers shared by the endpoints: who is calling, and the one audit event per read."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest

from lindung.audit.services import audit_log

from .services import ApiPrincipal


def principal_of(request: HttpRequest) -> ApiPrincipal:
    return cast(ApiPrincipal, request.auth)  # type: ignore[attr-defined]


def audit_read(request: HttpRequest, *, endpoint: str, filters: dict[str, Any], count: int) -> None:
    """One event per request (not per row): which token read what, with which filters, how many rows."""
    token = principal_of(request).token
    audit_log(
        actor=None,
        action="api.read",
        obj=token,
        changes={"endpoint": endpoint, "filters": filters, "count": count, "token": token.name},
        request=request,
    )
