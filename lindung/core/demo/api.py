"""Demo API token: one token for the default kabupaten. Its key is printed only on the run that creates it."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lindung.accounts.models import Role, User
from lindung.api.models import ApiToken
from lindung.api.services import api_token_create
from lindung.regions.models import Region

DEMO_TOKEN_NAME = "Demo integrasi (contoh)"  # noqa: S105 — a label, not a secret


def seed(out: Any) -> None:
    area = Region.objects.get(code=settings.DEFAULT_KABUPATEN)
    if ApiToken.objects.filter(name=DEMO_TOKEN_NAME, area=area).exists():
        out.write(f"API: token {DEMO_TOKEN_NAME!r} sudah ada (kuncinya hanya ditampilkan saat dibuat).")
        return
    admin = User.objects.filter(role=Role.ADMIN_DINAS, area=area).order_by("pk").first()
    _token, key = api_token_create(
        name=DEMO_TOKEN_NAME, role=Role.ADMIN_DINAS, area=area, agency=None, by=admin
    )
    out.write(f"API: token {DEMO_TOKEN_NAME!r} dibuat. Kunci (hanya ditampilkan sekali): {key}")
    base = settings.DEMO_URL.rstrip("/")
    out.write(
        f"  coba: curl -H 'Authorization: Bearer <kunci>' {base}/api/statistics · docs: {base}/api/docs"
    )
