"""Helpers shared by the endpoints: who is calling, and the one audit event per read."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lindung.accounts.capabilities import Capability, has_capability
from lindung.audit.services import audit_log

from .services import ApiPrincipal


def principal_of(request: HttpRequest) -> ApiPrincipal:
    return cast(ApiPrincipal, request.auth)  # type: ignore[attr-defined]


def principal_for(request: HttpRequest, capability: Capability) -> ApiPrincipal:
    """The token's principal if its role holds the capability (the same table as the pages); otherwise 403."""
    principal = principal_of(request)
    if not has_capability(principal, capability):
        raise PermissionDenied
    return principal


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
