"""Writes for API tokens: create (the key is returned once, only its hash is kept) and revoke."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from lindung.accounts.models import Agency, User
from lindung.audit.services import audit_log
from lindung.regions.models import Region

from .models import ApiToken, hash_key, new_key


@dataclass
class ApiPrincipal:
    """Who a token acts as: the attributes `workers_visible_to` and the role checks read from a user."""

    token: ApiToken
    role: str
    area: Region
    area_id: str
    agency_id: int | None
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False
    pk: None = field(default=None)

    @classmethod
    def of(cls, token: ApiToken) -> ApiPrincipal:
        return cls(
            token=token, role=token.role, area=token.area, area_id=token.area_id, agency_id=token.agency_id
        )


def check_role_area(*, role: str, area: Region, agency: Agency | None) -> None:
    """The same rule as a staff account: an operator desa needs a desa, an operator OPD an OPD, ..."""
    User(role=role, area=area, agency=agency).clean()


def api_token_create(
    *,
    name: str,
    role: str,
    area: Region,
    agency: Agency | None,
    by: Any,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    check_role_area(role=role, area=area, agency=agency)
    key = new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name,
            key_hash=hash_key(key),
            key_hint=key[:8],
            role=role,
            area=area,
            agency=agency,
            created_by=by if getattr(by, "pk", None) else None,
        )
        audit_log(
            actor=by,
            action="api.token_create",
            obj=token,
            changes={"name": name, "role": role, "area": area.code, "agency": agency.pk if agency else None},
            request=request,
        )
    return token, key


def api_token_revoke(*, token: ApiToken, by: Any, request: HttpRequest | None = None) -> ApiToken:
    if token.revoked_at is not None:
        raise ValidationError("already revoked")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(actor=by, action="api.token_revoke", obj=token, request=request)
    return token


def api_token_for_key(key: str) -> ApiToken | None:
    """The active token for a presented key, or None."""
    if not key:
        return None
    return (
        ApiToken.objects.select_related("area")
        .filter(key_hash=hash_key(key.strip()), revoked_at__isnull=True)
        .first()
    )
