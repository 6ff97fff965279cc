"""The access matrix: role × capability, enforced on every route and API endpoint, written down in the docs.

Routes come from the URLconf (every app's urls.py), so a page added later is covered without editing this file:
it must declare a capability (capability_required) or be one of the pages every login or the public may open.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lindung.accounts.capabilities import PERSONAL, ROLE_CAPABILITIES, Capability, role_sees_people
from lindung.accounts.models import Role, User
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.api.tests.test_create import payload as worker_payload
from lindung.conftest import DESA_A, MUBA, login, make_worker
from lindung.lib.nik import make_nik

pytestmark = pytest.mark.django_db

# Pages without a capability: the public form and status, the user's own account and second factor, language.
OPEN_VIEWS = {
    "intake_apply",
    "intake_status",
    "login",
    "logout",
    "logout_everywhere",
    "account",
    "password_change",
    "twofactor_setup",
    "twofactor_verify",
    "backup_codes",
    "set_language",
    "home",  # the public front page; signed-in staff get their counts (workers.views.home, FIGURES)
    "health",  # /sehat/ for monitoring: the database and the job queue answer, no data
    "letter_verify",  # a printed letter's QR code: whether the letter is genuine, nothing more
    "whatsapp_webhook",  # called by the WhatsApp Business Cloud API; every request signed with the app secret
    "whatsapp_gateway",  # called by an HTTP WhatsApp gateway; every request signed with a shared secret
}
PERSONAS = ["admin", "kecamatan", "desa", "opd", "bpjs", "pimpinan"]
ROLE_OF = {
    "admin": Role.ADMIN_DINAS,
    "kecamatan": Role.OPERATOR_KECAMATAN,
    "desa": Role.OPERATOR_DESA,
    "opd": Role.OPERATOR_OPD,
    "bpjs": Role.PETUGAS_BPJS,
    "pimpinan": Role.PIMPINAN,
}


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue  # Django's own admin: superusers only, behind Lindung's login
            found += _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append((route, entry))
    return found


def _page_routes() -> list[tuple[str, Any]]:
    """Every staff and public page; the JSON API (token, not session) is checked below."""
    pages = []
    for route, entry in _walk(get_resolver().url_patterns):
        is_api = route.startswith("api/") and not route.startswith("api/token/")
        if is_api or route == "admin/login/":
            continue
        pages.append((route, entry))
    return pages


def _url(route: str) -> str:
    url = re.sub(r"<int:\w+>", "1", route)
    url = re.sub(r"<(?:str|slug):\w+>", "x", url)
    return "/" + url


def test_every_page_declares_a_capability_or_is_open_to_every_login():
    missing = [
        route
        for route, entry in _page_routes()
        if getattr(entry.callback, "capability", None) is None and entry.name not in OPEN_VIEWS
    ]
    assert not missing, f"pages without capability_required: {missing}"


def test_every_role_gets_403_exactly_where_it_lacks_the_pages_capability(personas):
    make_worker(DESA_A)
    clients = {name: login(personas[name]) for name in PERSONAS}
    wrong = []
    for route, entry in _page_routes():
        capability = getattr(entry.callback, "capability", None)
        if capability is None:
            continue
        url = _url(route)
        for name in PERSONAS:
            response = clients[name].get(url)
            if response.status_code == 405:
                response = clients[name].post(url)
            allowed = capability in ROLE_CAPABILITIES[ROLE_OF[name]]
            if (response.status_code == 403) == allowed:
                wrong.append((url, name, capability.value, response.status_code))
    assert not wrong, wrong


# The API's endpoints and the capability each needs; the list must cover the OpenAPI document.
API = [
    ("get", "/api/workers", Capability.PEOPLE),
    ("get", "/api/workers/{worker_id}", Capability.PEOPLE),
    ("post", "/api/workers", Capability.ENTER),
    ("post", "/api/applications/status", Capability.PEOPLE),
    ("get", "/api/memberships", Capability.MEMBERSHIPS),
    ("get", "/api/memberships/{membership_id}", Capability.MEMBERSHIPS),
    ("get", "/api/statistics", Capability.FIGURES),
    ("get", "/api/regions", None),
]


def test_the_api_list_covers_every_endpoint():
    schema = Client().get("/api/openapi.json").json()
    documented = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    assert documented == {(method, path) for method, path, _cap in API}


BIRTH = dt.date(1988, 7, 14)


def test_every_token_role_gets_403_exactly_where_it_lacks_the_endpoints_capability(personas, agency):
    worker = make_worker(DESA_A)
    areas = {
        Role.OPERATOR_KECAMATAN: "16.06.01",
        Role.OPERATOR_DESA: DESA_A,
        Role.PEMANTAU_PROVINSI: "16",
    }
    wrong = []
    serial = 900
    for role in Role:
        _token, key = make_token(
            role, areas.get(role, MUBA), agency=agency if role == Role.OPERATOR_OPD else None
        )
        api = ApiClient(key)
        for method, path, capability in API:
            url = path.replace("{worker_id}", str(worker.pk)).replace("{membership_id}", "1")
            if method == "get":
                response = api.get(url)
            elif url == "/api/workers":
                response = api.post(url, worker_payload(nik=make_nik("16.06.01", BIRTH, "L", serial)))
                serial += 1
            else:
                response = api.post(url, {"receipt_no": "LDG-0000-0000", "birth_date": "1990-03-05"})
            allowed = capability is None or capability in ROLE_CAPABILITIES[role]
            if (response.status_code == 403) == allowed:
                wrong.append((role.value, method, url, response.status_code))
    assert not wrong, wrong


def test_pimpinan_sees_no_person_and_no_nik(personas):
    # The probe: Pimpinan opened worker pages, revealed full NIKs, downloaded the worker and sweep lists, and a
    # pimpinan token returned full NIKs.
    worker = make_worker(DESA_A)
    client = login(personas["pimpinan"])
    assert client.get(f"/pekerja/{worker.pk}/").status_code == 403
    assert client.post(f"/pekerja/{worker.pk}/nik/").status_code == 403
    assert client.get("/pekerja/").status_code == 403
    assert client.get("/laporan/daftar/", {"daftar": "pekerja"}).status_code == 403
    assert client.get(f"/laporan/sisir/{DESA_A}/").status_code == 403
    _token, key = make_token(Role.PIMPINAN, MUBA)
    response = ApiClient(key).get("/api/workers", {"full_nik": 1})
    assert response.status_code == 403 and worker.nik not in response.content.decode()
    assert ApiClient(key).get("/api/statistics").status_code == 200
    assert client.get("/laporan/").status_code == 200


def test_petugas_bpjs_sees_batches_and_memberships_not_the_registry(personas):
    worker = make_worker(DESA_A)
    client = login(personas["bpjs"])
    assert client.get(f"/pekerja/{worker.pk}/").status_code == 403
    assert client.get("/pekerja/").status_code == 403
    assert client.get("/kepesertaan/batch/").status_code == 200
    assert client.get("/kepesertaan/").status_code == 200


def test_every_role_that_can_see_a_person_needs_a_second_factor():
    for role in Role:
        sees_people = bool(ROLE_CAPABILITIES[role] & PERSONAL)
        assert User(role=role).requires_2fa == sees_people == role_sees_people(role), role
    assert User(role=Role.PETUGAS_BPJS).requires_2fa
    assert not User(role=Role.PIMPINAN).requires_2fa
    assert User(is_superuser=True).requires_2fa


def test_petugas_bpjs_reaches_nothing_before_its_code(personas, settings):
    settings.LINDUNG_REQUIRE_2FA = True
    response = login(personas["bpjs"]).get("/kepesertaan/batch/")
    assert response.status_code == 302 and "/akun/2fa/" in response["Location"]
    # Pimpinan sees no person's data: its password is enough for figures and reports.
    assert login(personas["pimpinan"]).get("/laporan/").status_code == 200


def _documented_matrix() -> tuple[dict[str, set[str]], set[str]]:
    text = (Path(settings.BASE_DIR) / "docs" / "security.md").read_text()
    roles = [Role.ADMIN_DINAS, Role.OPERATOR_KECAMATAN, Role.OPERATOR_DESA, Role.OPERATOR_OPD]
    roles += [Role.PETUGAS_BPJS, Role.PIMPINAN, Role.PEMANTAU_PROVINSI]
    held: dict[str, set[str]] = {role: set() for role in roles}
    personal: set[str] = set()
    for line in text.splitlines():
        match = re.match(r"^\| `(\w+)` \|", line)
        if not match:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        capability, marks = match.group(1), cells[3:]
        assert len(marks) == len(roles), line
        if cells[2] == "yes":
            personal.add(capability)
        for role, mark in zip(roles, marks, strict=True):
            if mark == "✓":
                held[role].add(capability)
    return held, personal


def test_the_access_matrix_in_the_docs_is_the_one_enforced():
    held, personal = _documented_matrix()
    assert held == {role: {c.value for c in caps} for role, caps in ROLE_CAPABILITIES.items()}
    assert personal == {c.value for c in PERSONAL}
    assert {c for caps in held.values() for c in caps} == {c.value for c in Capability}
