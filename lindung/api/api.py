"""The NinjaAPI instance: token auth and rate limit on every operation, one error format, docs at /api/docs."""

from __future__ import annotations

from ninja import NinjaAPI

from . import lookups, workers
from .auth import TokenAuth, TokenRateThrottle
from .errors import install_handlers

api = NinjaAPI(
    title="Lindung API",
    version="1",
    description=(
        "API Lindung untuk sistem lain. Autentikasi: header `Authorization: Bearer <token>`; token dibuat "
        "Admin Dinas di /api/token/ dan bertindak dengan peran dan wilayahnya. Semua galat berbentuk "
        '`{"error": {"code", "message", "fields"}}`. NIK tersamar kecuali `full_nik=1` (tercatat di jejak audit).'
    ),
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("", workers.router)
api.add_router("", lookups.router)
