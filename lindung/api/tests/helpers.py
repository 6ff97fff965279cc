from __future__ import annotations

from typing import Any

from django.test import Client

from lindung.accounts.models import User
from lindung.api.models import ApiToken
from lindung.api.services import api_token_create
from lindung.regions.models import Region


def make_token(role: str, area: str, *, by: User | None = None, agency: Any = None) -> tuple[ApiToken, str]:
    return api_token_create(
        name=f"sistem {role}", role=role, area=Region.objects.get(code=area), agency=agency, by=by
    )


class ApiClient:
    """A test client that sends the bearer token on every request."""

    def __init__(self, key: str):
        self.client = Client(
            enforce_csrf_checks=True
        )  # systems have no CSRF cookie; the API must not need one
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def get(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, data or {}, **self.headers)

    def post(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.post(path, data, content_type="application/json", **self.headers)
