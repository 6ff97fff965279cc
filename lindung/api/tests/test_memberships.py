"""/api/memberships: the same scoping as the staff pages, filters, masked NIKs, the documented schema."""

from __future__ import annotations

import datetime as dt

import jsonschema
import pytest
from django.test import Client

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, DESA_OUTSIDE, MUBA, make_worker
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(personas):
    apbd = funding_source_default(MUBA)
    rohani = Membership.objects.create(
        worker=make_worker(DESA_A, name="Rohani"),
        kpj="16060000001",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
    )
    sulastri = Membership.objects.create(
        worker=make_worker(DESA_LAIS, name="Sulastri"),
        kpj="16060000002",
        funding_source=apbd,
        start=dt.date(2026, 2, 1),
        status=Membership.Status.BERHENTI,
        end_reason="meninggal",
        end_date=dt.date(2026, 6, 3),
    )
    return {"rohani": rohani, "sulastri": sulastri}


def test_a_desa_token_sees_the_members_of_its_desa_only(members):
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    api = ApiClient(key)
    body = api.get("/api/memberships").json()
    assert body["total"] == 1
    item = body["items"][0]
    assert (item["kpj"], item["worker"]["name"], item["status"]) == ("16060000001", "Rohani", "aktif")
    assert "••••••" in item["worker"]["nik"]  # masked
    hidden = api.get(f"/api/memberships/{members['sulastri'].pk}")
    missing = api.get("/api/memberships/987654")
    assert hidden.status_code == missing.status_code == 404


def test_filters_by_status_kpj_and_nik(members):
    _token, key = make_token(Role.PETUGAS_BPJS, MUBA)
    api = ApiClient(key)
    ended = api.get("/api/memberships", {"status": "berhenti"}).json()["items"]
    assert [(m["kpj"], m["end_reason"], m["end_date"]) for m in ended] == [
        ("16060000002", "meninggal", "2026-06-03")
    ]
    assert api.get("/api/memberships", {"kpj": "16060000001"}).json()["total"] == 1
    nik = members["rohani"].worker.nik
    assert api.get("/api/memberships", {"nik": nik}).json()["items"][0]["worker"]["name"] == "Rohani"
    wrong = api.get("/api/memberships", {"status": "hidup"})
    assert wrong.status_code == 422 and "status" in wrong.json()["error"]["fields"]
    assert AuditEvent.objects.filter(action="api.read").count() == 3  # the refused request read nothing


def test_another_kabupaten_sees_none_and_answers_match_the_schema(members):
    Membership.objects.create(
        worker=make_worker(DESA_OUTSIDE, name="Orang Banyuasin"),
        kpj="16070000001",
        funding_source=funding_source_default("16.07"),
        start=dt.date(2026, 1, 1),
    )
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    body = ApiClient(key).get("/api/memberships").json()
    assert {m["worker"]["name"] for m in body["items"]} == {"Rohani", "Sulastri"}
    document = Client().get("/api/openapi.json").json()
    page = document["components"]["schemas"]["MembershipPage"]
    jsonschema.validate(
        body, {**page, "components": document["components"]}, cls=jsonschema.Draft202012Validator
    )


def test_without_a_token_the_answer_is_401(members):
    assert Client().get("/api/memberships").status_code == 401
