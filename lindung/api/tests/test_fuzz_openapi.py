"""Schemathesis against the API's own OpenAPI document: generated calls to every operation, none a server error.

The document is the one the site serves (/api/openapi.json through `lindung.wsgi`), and every call goes through
the whole WSGI stack with the token of an Admin Dinas. Per operation schemathesis sends its coverage cases
(boundaries, wrong types, missing auth, unsupported methods), the documented examples and MAX_EXAMPLES
generated requests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from lindung.accounts.models import Role
from lindung.api.tests.helpers import make_token
from lindung.conftest import DESA_A, DESA_LAIS, MUBA, make_worker
from lindung.wsgi import application

MAX_EXAMPLES = 60
# Left out: positive_data_acceptance (a schema-valid string is not yet a valid NIK, desa code or receipt, so 422 is
# right) and negative_data_rejection (unknown query parameters are ignored, as HTTP APIs do).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # A real WSGI request closes the database connection when it ends, and with it the test's transaction.
    # Django's own test client disconnects the same handler.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth(personas: Any, settings: Any) -> dict[str, str]:
    # Hundreds of calls a minute from one token: the rate limit's 429 would hide every other answer.
    settings.API_RATE_LIMIT = 1_000_000
    make_worker(DESA_A, receipt_no="LD-ACDE3467")  # what the StatusQuery example asks for
    make_worker(DESA_LAIS)
    _token, key = make_token(Role.ADMIN_DINAS, MUBA, by=personas["admin"])
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def calls() -> Iterator[Counter[int]]:
    """Status codes of every call made for one operation, printed at the end (`-rP` shows them)."""
    counter: Counter[int] = Counter()
    yield counter
    print(f"{sum(counter.values())} calls, by status: {dict(sorted(counter.items()))}")
    assert counter, "schemathesis sent no request"


@pytest.mark.django_db
@schema.parametrize()
# The health checks left out judge how the data is generated, not how the API answers: a red run here means
# the API answered wrongly. The fixtures are per operation, not per case, on purpose (one token, one data set).
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_no_operation_answers_with_a_server_error(
    case: Any, auth: dict[str, str], calls: Counter[int]
) -> None:
    response = case.call_and_validate(headers=auth, checks=CHECKS)
    calls[response.status_code] += 1
