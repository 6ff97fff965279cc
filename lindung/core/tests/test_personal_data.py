"""Every role × every page and file it may open, on a registry with real records behind each route's id:
no masked NIK shows more than its region (the serial would complete it from the birth date beside it), a full
NIK appears only where it is meant to, and a role without a personal capability sees no person at all."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lindung.accounts.capabilities import PERSONAL, ROLE_CAPABILITIES
from lindung.accounts.models import Role
from lindung.conftest import DESA_A, DESA_B, login, make_worker
from lindung.dedup.models import DuplicateCandidate
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership
from lindung.lib.nik import make_nik
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db

PERSONAS = {
    "admin": Role.ADMIN_DINAS,
    "kecamatan": Role.OPERATOR_KECAMATAN,
    "desa": Role.OPERATOR_DESA,
    "opd": Role.OPERATOR_OPD,
    "bpjs": Role.PETUGAS_BPJS,
    "pimpinan": Role.PIMPINAN,
}
# A masked NIK: 16 places of digits and bullets with at least one bullet.
MASKED = re.compile(r"(?<![\d•])[\d•]{16}(?![\d•])")
# Where a full NIK is the point of the page: the audited button and the file the BPJS branch registers from.
FULL_NIK_ROUTES = {"worker_reveal_nik", "batch_download", "worker_edit", "privacy_export"}
PDFS_READ: list[bytes] = []


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                found += _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append((route, entry))
    return found


def _text(response: Any) -> str:
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        cells = []
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python():
                cells += [str(c) for c in row]
        return "\n".join(cells)
    if "pdf" in kind:
        from pypdf import PdfReader

        PDFS_READ.append(content)
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode(errors="replace")


@pytest.fixture
def registry(personas: dict[str, Any]) -> dict[str, Any]:
    # Serials no example row in a template uses, so a full NIK found in a response is one of these people's.
    birth = dt.date(1990, 3, 5)
    a = make_worker(
        DESA_A, nik=make_nik("16.06.01", birth, "P", 7301), name="Sumiati Rahasia", phone="081311112222"
    )
    b = make_worker(
        DESA_A, nik=make_nik("16.06.01", birth, "P", 7302), name="Sumiyati Rahasia", phone="081311113333"
    )
    c = make_worker(
        DESA_B,
        nik=make_nik("16.06.01", birth, "L", 7303),
        sex="L",
        name="Paijo Terdaftar",
        status=Status.TERDAFTAR,
    )
    a.address, b.address = "Jalan Kenanga 7", "Jalan Kenanga 8"
    a.save(update_fields=["address"])
    b.save(update_fields=["address"])
    pair = DuplicateCandidate.objects.create(worker_a=a, worker_b=b, score=0.9, reasons=["nama mirip"])
    member = Membership.objects.create(
        worker=c, kpj="12345678901", funding_source=funding_source_default("16.06"), start=dt.date(2026, 1, 1)
    )
    return {"workers": [a, b, c], "pair": pair, "membership": member}


def _url_for(route: str, name: str | None, registry: dict[str, Any]) -> str:
    worker = registry["workers"][0]
    ids = {
        "dedup_pair": registry["pair"].pk,
        "membership_detail": registry["membership"].pk,
        "membership_letter": registry["membership"].pk,
    }
    pk = ids.get(name or "", worker.pk if (name or "").startswith(("worker_", "privacy_")) else 1)
    url = re.sub(r"<int:pk>", str(pk), route)
    url = re.sub(r"<int:\w+>", "1", url)
    url = url.replace("<str:code>", DESA_A).replace("<str:fmt>", "json")
    url = re.sub(r"<(?:str|slug):\w+>", "x", url)
    return "/" + url


def test_no_response_of_any_role_completes_a_masked_nik_or_shows_a_person_to_pimpinan(personas, registry):
    workers = registry["workers"]
    niks = {w.nik for w in workers}
    secrets = [w.name for w in workers] + [w.phone for w in workers] + [w.address for w in workers]
    routes = [
        (route, entry)
        for route, entry in _walk(get_resolver().url_patterns)
        if getattr(entry.callback, "capability", None) is not None
    ]
    problems: list[tuple[Any, ...]] = []
    seen = 0
    letters: list[str] = []
    PDFS_READ.clear()
    for persona, role in PERSONAS.items():
        client = login(personas[persona])
        personal = bool(ROLE_CAPABILITIES[role] & PERSONAL)
        for route, entry in routes:
            url = _url_for(route, entry.name, registry)
            response = client.get(url)
            if response.status_code != 200:
                continue
            seen += 1
            text = _text(response)
            if entry.name == "membership_letter":
                letters.append(text)
            for token in MASKED.findall(text):
                if "•" in token and not re.fullmatch(r"\d{6}•{10}|•{16}", token):
                    problems.append((persona, url, "mask shows more than the region", token))
            if entry.name not in FULL_NIK_ROUTES and any(nik in text for nik in niks):
                problems.append((persona, url, "full NIK on a page without the audited button"))
            if not personal:
                shown = [s for s in secrets if s and s in text] + MASKED.findall(text)
                if shown:
                    problems.append((persona, url, "a person shown to a role without personal data", shown))
    assert seen > 100  # the sweep reached the pages (a broken fixture would pass vacuously)
    # The PDF letter was read as text, the member's masked NIK among it (a PDF read as nothing would pass).
    member = workers[2]
    assert PDFS_READ and letters and all(member.name in t and member.masked_nik in t for t in letters)
    assert not problems, problems


def test_the_revealed_nik_is_the_only_full_one_and_it_is_audited(personas, registry):
    from lindung.audit.models import AuditEvent

    worker = registry["workers"][0]
    page = login(personas["desa"]).post(f"/pekerja/{worker.pk}/nik/").content.decode()
    assert worker.nik in page
    assert AuditEvent.objects.filter(action="worker.view_nik", object_id=str(worker.pk)).count() == 1


def test_the_edit_form_holds_the_full_nik_and_opening_it_is_audited(personas, registry):
    from lindung.audit.models import AuditEvent

    worker = registry["workers"][0]
    page = login(personas["desa"]).get(f"/pekerja/{worker.pk}/ubah/").content.decode()
    assert worker.nik in page
    assert AuditEvent.objects.filter(action="worker.view_nik", object_id=str(worker.pk)).count() == 1
