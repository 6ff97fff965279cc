"""Every operation in /api/openapi.json answers a valid call with JSON that matches its documented schema."""

import datetime as dt
from typing import Any

import jsonschema
import pytest

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.conftest import DESA_A, MUBA, make_worker
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership
from lindung.lib.nik import make_nik


def _examples(worker_id: int, membership_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    """One valid call per operation. A new endpoint without an example here fails the test."""
    return {
        ("get", "/api/workers"): {"query": {"status": "diajukan", "limit": 5}, "status": 200},
        ("post", "/api/workers"): {
            "body": {
                "nik": make_nik("16.06.01", dt.date(1985, 1, 2), "P", 77),
                "name": "Nurhayati",
                "birth_date": "1985-01-02",
                "sex": "P",
                "desa": DESA_A,
            },
            "status": 202,
        },
        ("get", "/api/workers/{worker_id}"): {"path": {"worker_id": worker_id}, "status": 200},
        ("post", "/api/applications/status"): {
            "body": {"receipt_no": "LD-ACDE3467", "birth_date": "1990-03-05"},
            "status": 200,
        },
        ("get", "/api/regions"): {"query": {"parent": "16.06"}, "status": 200},
        ("get", "/api/statistics"): {"status": 200},
        ("get", "/api/memberships"): {"query": {"status": "aktif"}, "status": 200},
        ("get", "/api/memberships/{membership_id}"): {
            "path": {"membership_id": membership_id},
            "status": 200,
        },
    }


def _validate(document: dict[str, Any], schema: dict[str, Any], instance: Any) -> None:
    schema = dict(schema, components=document.get("components", {}))
    jsonschema.validate(instance, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.django_db
def test_every_documented_operation_matches_its_schema(client, personas):
    worker = make_worker(DESA_A, receipt_no="LD-ACDE3467")
    membership = Membership.objects.create(
        worker=make_worker(DESA_A), kpj="16060000009", funding_source=funding_source_default(MUBA),
        start=dt.date(2026, 1, 1),
    )  # fmt: skip
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    document = client.get("/api/openapi.json").json()
    examples = _examples(worker.pk, membership.pk)
    operations = [
        (m, p)
        for p, item in document["paths"].items()
        for m in item
        if m in {"get", "post", "put", "patch", "delete"}
    ]
    assert sorted(operations) == sorted(examples), "every operation needs an example call here"
    for method, path in operations:
        op = document["paths"][path][method]
        example = examples[(method, path)]
        url = path.format(**example.get("path", {}))
        response = api.get(url, example.get("query")) if method == "get" else api.post(url, example["body"])
        assert response.status_code == example["status"], (method, path, response.content)
        documented = op["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
        _validate(document, documented, response.json())
        # Every operation documents the shared error format for the errors every call can get.
        for code in ("401", "429"):
            error_schema = op["responses"][code]["content"]["application/json"]["schema"]
            _validate(document, error_schema, {"error": {"code": "x", "message": "y", "fields": {}}})
        unauthorized = (
            ApiClient("lnd_salah").get(url) if method == "get" else ApiClient("lnd_salah").post(url, {})
        )
        assert unauthorized.status_code == 401
        _validate(
            document, op["responses"]["401"]["content"]["application/json"]["schema"], unauthorized.json()
        )


def test_a_response_that_breaks_the_schema_is_caught():
    document = {
        "components": {
            "schemas": {"A": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}
        }
    }
    with pytest.raises(jsonschema.ValidationError):
        _validate(document, {"$ref": "#/components/schemas/A"}, {"n": "satu"})
