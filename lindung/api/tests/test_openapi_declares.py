"""The OpenAPI document declares what the API enforces, so generated clients and schemathesis send valid data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lindung.enrolment.models import Membership
from lindung.workers.models import Segment, Status

pytestmark = pytest.mark.django_db


def _parameters(document: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p["schema"] for p in document["paths"][path]["get"]["parameters"]}


def test_the_filters_declare_their_choices_and_the_nik_its_shape() -> None:
    document = Client().get("/api/openapi.json").json()
    workers = _parameters(document, "/api/workers")
    assert workers["status"]["enum"] == ["", *Status.values]
    assert workers["segment"]["enum"] == ["", *Segment.values]
    assert workers["nik"]["pattern"] == "^([0-9]{16})?$"
    assert _parameters(document, "/api/memberships")["status"]["enum"] == ["", *Membership.Status.values]
    assert document["components"]["schemas"]["WorkerIn"]["properties"]["segment"]["enum"] == Segment.values


def test_the_example_nik_is_not_one_the_tests_or_the_demo_register() -> None:
    from lindung.conftest import make_worker

    document = Client().get("/api/openapi.json").json()
    example = document["components"]["schemas"]["WorkerIn"]["examples"][0]["nik"]
    made = {make_worker().nik for _ in range(30)}
    assert example not in made
    assert example.endswith("9999")
