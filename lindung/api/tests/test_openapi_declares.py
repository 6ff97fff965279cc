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


def test_the_create_body_declares_what_the_form_enforces() -> None:
    # schemathesis ST202: a schema-valid desil 0 got "Desil harus antara 1 dan 10" (422).
    properties = Client().get("/api/openapi.json").json()["components"]["schemas"]["WorkerIn"]["properties"]
    assert (properties["desil"]["minimum"], properties["desil"]["maximum"]) == (1, 10)
    assert (properties["income"]["minimum"], properties["income"]["maximum"]) == (0, 2**31 - 1)
    assert properties["sex"]["enum"] == ["L", "P"]
    assert (properties["name"]["minLength"], properties["name"]["maxLength"]) == (2, 100)


def test_a_valid_create_is_accepted_and_repeating_it_is_a_conflict(client: Client, personas: Any) -> None:
    # The document's own example, sent twice by a token of its area: 202, then 409 (not 422, which a fuzzer
    # rightly reads as a schema-valid request rejected).
    from lindung.accounts.models import Role
    from lindung.api.tests.helpers import ApiClient, make_token
    from lindung.conftest import MUBA

    example = client.get("/api/openapi.json").json()["components"]["schemas"]["WorkerIn"]["examples"][0]
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    assert [api.post("/api/workers", example).status_code for _ in range(2)] == [202, 409]


def test_a_non_asn_worker_is_declared_to_need_an_agency() -> None:
    import jsonschema

    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["WorkerIn"]
    body = {"nik": "1606014503909999", "name": "Siti", "birth_date": "1990-03-05", "sex": "P", "desa": "x"}
    jsonschema.validate(body, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body | {"segment": "non_asn"}, schema)
    jsonschema.validate(body | {"segment": "non_asn", "agency": "DINKES"}, schema)
