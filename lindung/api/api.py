"""The NinjaAPI instance: token auth and rate limit on every operation, one error format, docs at /api/docs."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.parser import Parser

from lindung.enrolment.models import Membership
from lindung.workers.models import Segment, Status

from . import lookups, memberships, workers
from .auth import TokenAuth, TokenRateThrottle
from .errors import install_handlers


class JsonParser(Parser):
    """JSON bodies that are UTF-8 text, as RFC 8259 requires.

    An escaped lone surrogate ("\\ud800") parses to a Python string no database can encode; refusing it here gives
    the 400 for unreadable JSON instead of a 500 from the INSERT.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        json.dumps(data, ensure_ascii=False).encode()  # UnicodeEncodeError on a lone surrogate
        return data


# Query parameters the views check against a list (valid_choice, in Lindung's error format): the document
# declares the lists. A NIK is declared as 16 digits; the views also clean one typed with spaces or dots.
DECLARED_PARAMETERS: dict[tuple[str, str], dict[str, Any]] = {
    ("/api/workers", "status"): {"enum": ["", *Status.values]},
    ("/api/workers", "segment"): {"enum": ["", *Segment.values]},
    ("/api/workers", "nik"): {"pattern": "^([0-9]{16})?$"},
    ("/api/memberships", "status"): {"enum": ["", *Membership.Status.values]},
    ("/api/memberships", "nik"): {"pattern": "^([0-9]{16})?$"},
}


class LindungAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                    declared = DECLARED_PARAMETERS.get((path, parameter.get("name", "")))
                    if declared:
                        parameter.setdefault("schema", {}).update(declared)
        return schema


api = LindungAPI(
    title="Lindung API",
    version="1",
    description=(
        "API Lindung untuk sistem lain. Autentikasi: header `Authorization: Bearer <token>`; token dibuat "
        "Admin Dinas di /api/token/ dan bertindak dengan peran dan wilayahnya. Semua galat berbentuk "
        '`{"error": {"code", "message", "fields"}}`. NIK tersamar kecuali `full_nik=1` (tercatat di jejak audit).'
    ),
    auth=TokenAuth(),
    parser=JsonParser(),
    throttle=[TokenRateThrottle()],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("", workers.router)
api.add_router("", lookups.router)
api.add_router("", memberships.router)
