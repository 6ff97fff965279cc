"""Every page each role can open, in a real Chromium at phone and desktop widths, checked as a person would see it.

The demo's data (a small registry) fills the pages. Each staff role of the demo signs in through the login page
and its second factor, the public applicant uses the public pages, and every page of the URLconf that the role
may open is visited: the plain routes from the access matrix's EXPECTED table, the routes with an id filled from
the demo's objects (SAMPLES below: a route added without a sample fails here). At 360, 412 and 1366 px:
- the page never scrolls sideways (document.scrollingElement.scrollWidth <= the viewport's width);
- no element sticks out of the viewport except inside a scroll box (a wide table in `.table-responsive`);
- axe-core (4.12, shipped in the axe-playwright-python wheel) finds no serious or critical violation.
Set LINDUNG_SCREENSHOTS=/some/dir to keep a full-page picture of every page at every width, to look at.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connections
from django.urls import get_resolver
from django.utils.module_loading import import_string
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.conftest import CHROMIUM, CHROMIUM_ARGS, browser_test, load_reference_data
from lindung.core.demo import STEPS, clock, people
from lindung.core.tests.test_access_matrix import EXPECTED, PERSONAS, _walk
from lindung.workers.models import Status

pytestmark = browser_test

WIDTHS = (360, 412, 1366)
SERIOUS = {"serious", "critical"}
# Demo login → its column in the access matrix.
STAFF = {
    "dinas": "admin",
    "kecamatan": "kecamatan",
    "desa": "desa",
    "opd": "opd",
    "bpjs": "bpjs",
    "pimpinan": "pimpinan",
    "provinsi": "provinsi",
}
PUBLIC = ["/", "/daftar/", "/status/", "/akun/masuk/"]
# Not pages: files, JSON, the API (its docs are a third-party page), Django's admin, the language switch.
NOT_PAGES = re.compile(r"(\.(xlsx|csv|pdf|json|<str:fmt>)$)|^(api/(?!token/)|admin/|i18n/|sehat/|\^)")


def _first(qs: Any) -> list[Any]:
    obj = qs.order_by("pk").first()
    return [] if obj is None else [obj.pk]


def _visible_workers(user: Any, **filters: Any) -> list[Any]:
    from lindung.workers.selectors import workers_visible_to

    return _first(workers_visible_to(user).filter(**filters))


def _workers(user: Any) -> list[Any]:
    # A worker waiting for this user (the status buttons), and a member (the membership card).
    found = _visible_workers(user, status=Status.DIAJUKAN) + _visible_workers(user, status=Status.TERDAFTAR)
    return found or _visible_workers(user)


def _merged(user: Any) -> list[Any]:
    from lindung.workers.selectors import workers_visible_to

    return _first(workers_visible_to(user, include_merged=True).filter(merged_into__isnull=False))


def _desa(user: Any) -> list[Any]:
    from lindung.regions.models import Region

    area = user.area_id or "16.06"
    desa = Region.objects.filter(level=Region.Level.DESA, code__startswith=area).order_by("code").first()
    return [desa.code] if desa else []


def _model(label: str, **filters: Any) -> Callable[[Any], list[Any]]:
    def sample(user: Any) -> list[Any]:
        from django.apps import apps

        return _first(apps.get_model(label).objects.filter(**filters))

    return sample


def _pair(user: Any) -> list[Any]:
    from lindung.dedup.models import DuplicateCandidate
    from lindung.workers.selectors import workers_visible_to

    visible = workers_visible_to(user)
    return _first(
        DuplicateCandidate.objects.filter(decision="pending", worker_a__in=visible, worker_b__in=visible)
    )


def _letter(user: Any) -> list[Any]:
    from lindung.enrolment.models import MembershipLetter

    letter = MembershipLetter.objects.order_by("pk").first()
    return [letter.token] if letter else []


# The first id of each route with ids, by the route's text before its first "<". A list: each value is a page.
SAMPLES: dict[str, Callable[[Any], list[Any]]] = {
    "akun/pengguna/": _model("accounts.User", role="operator_desa"),
    "privasi/": _workers,
    "pekerja/": _workers,
    "verifikasi-surat/": _letter,
    "aturan/": _model("eligibility.EligibilityRule"),
    "duplikat/": _pair,
    "duplikat/pindai/": _model("dedup.DuplicateScan"),
    "duplikat/pekerja/": _merged,
    "duplikat/ulang/": _model("intake.RepeatApplication"),
    "impor/": lambda user: (
        _model("imports.ImportJob")(user) + _model("imports.ImportJob", committed_at=None)(user)
    ),
    "kepesertaan/": _model("enrolment.Membership"),
    "kepesertaan/batch/": _model("enrolment.EnrolmentBatch"),
    "kepesertaan/hasil/": _model("enrolment.ResultUpload"),
    "kepesertaan/pembaruan/": _model("enrolment.RenewalRun"),
    "iuran/tagihan-bpjs/": _model("premiums.InvoiceUpload"),
    "iuran/klaim/": _model("premiums.Claim"),
    "api/token/": _model("api.ApiToken"),
    "notifikasi/": _model("notices.Notice"),
    "notifikasi/templat/": _model("notices.NoticeTemplate"),
    "laporan/sisir/": _desa,
    "laporan/data/": lambda user: ["regulasi"],
    "laporan/": lambda user: ["paritrana", "semester"],
    "data-induk/pekerjaan/": _model("workers.Occupation"),
    "data-induk/padanan-pekerjaan/": _model("workers.OccupationAlias"),
    "data-induk/opd/": _model("accounts.Agency"),
    "data-induk/sumber-dana/": _model("enrolment.FundingSource"),
    "data-induk/tata-letak/": _model("enrolment.ExportLayout"),
}
# Second ids, by name.
SECOND: dict[str, Callable[[Any], list[Any]]] = {
    "flag_pk": _model("workers.WorkerFlag"),
    "hold_id": _model("privacy.LegalHold"),
    "action": lambda user: ["deactivate"],
    "pk": _model("reports.Regulation"),
}
RESEED = [
    ("lindung.premiums.migrations.0002_seed_rates", "forward"),
    ("lindung.enrolment.migrations.0002_default_layout_and_benefits", "forward"),
    ("lindung.notices.migrations.0002_default_templates", "seed"),
    ("lindung.notices.migrations.0003_new_events", "update"),
]
PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def staff_pages(user: Any, persona: str) -> list[str]:
    """Every URL of the URLconf this user may be shown: plain routes by EXPECTED, the others with sample ids."""
    column = PERSONAS.index(persona)
    urls: list[str] = []
    for route, _entry in _walk(get_resolver().url_patterns):
        if NOT_PAGES.search(route):
            continue
        if "<" not in route:
            if EXPECTED["/" + route].split()[column] == "200":
                urls.append("/" + route)
            continue
        prefix = route[: route.index("<")]
        assert prefix in SAMPLES, f"/{route}: add a sample object for it to SAMPLES"
        for value in SAMPLES[prefix](user):
            url = route.replace(PARAM.search(route).group(0), str(value), 1)  # type: ignore[union-attr]
            for name in PARAM.findall(url):
                seconds = SECOND[name](user)
                url = url.replace(PARAM.search(url).group(0), str(seconds[0]), 1) if seconds else ""  # type: ignore[union-attr]
            if url:
                urls.append("/" + url)
    return urls


# What sticks out sideways, outside a box that scrolls it: "tag#id.class [left..right]", at most ten.
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return p.getBoundingClientRect().right <= vw + 1;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= 0) continue;  // not drawn, or parked off-screen on purpose (the honeypot)
    if ((r.right > vw + 1 || r.width > vw + 1) && !inScrollBox(el)) {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
      if (out.length >= 10) break;
    }
  }
  return {viewport: vw, scrollWidth: document.scrollingElement.scrollWidth, sticking: out};
}"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
    v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')).join(' | '));
}"""


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the module; each role gets its own context (cookies) in it."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            connections.close_all()
            browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def demo(transactional_db: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo on a small registry as of mid-June, the second factor required as in production."""
    load_reference_data()
    # What other data migrations seed and an earlier test's flush removed (each of these is idempotent).
    for module, function in RESEED:
        getattr(importlib.import_module(module), function)(apps, None)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LINDUNG_REQUIRE_2FA = True
    monkeypatch.setattr(clock, "today", lambda: dt.date(dt.date.today().year, 6, 15))
    monkeypatch.setattr(people, "DEMO_WORKERS", 300)
    out = io.StringIO()
    for step in STEPS:
        import_string(step)(out)


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", people.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    if "/akun/2fa/" in page.url:
        device = TOTPDevice.objects.get(user__username=username)
        page.fill("input[name=token]", f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}")
        page.click("main button[type=submit]")
    assert "/akun/masuk/" not in page.url and "/akun/2fa/" not in page.url, (username, page.url)


def _check_pages(page: Any, base: str, urls: list[str], who: str) -> list[str]:
    axe = _axe_source()
    shots = os.environ.get("LINDUNG_SCREENSHOTS")
    problems: list[str] = []
    seen = 0
    for url in urls:
        # Asked first without the page: a POST-only route (405), a refusal, a redirect or a file is not a page.
        probe = page.request.get(base + url, max_redirects=0)
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(base + url)
        seen += 1
        page.evaluate(axe)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            found = page.evaluate(OVERFLOW_JS)
            if found["scrollWidth"] > found["viewport"]:
                problems.append(
                    f"{who} {url} @{width}: page {found['scrollWidth']} px wide; {found['sticking']}"
                )
            elif found["sticking"]:
                problems.append(f"{who} {url} @{width}: sticks out: {found['sticking']}")
            problems += [f"{who} {url} @{width}: axe {violation}" for violation in page.evaluate(AXE_RUN)]
            if shots:
                name = re.sub(r"[^a-z0-9]+", "_", url.strip("/")) or "root"
                page.screenshot(path=f"{shots}/{who}-{name}-{width}.png", full_page=True)
    assert seen, f"{who}: no page opened"
    return problems


def test_every_role_of_the_demo_is_visited(db: Any) -> None:
    """A role added to the demo's logins without a run here fails (its pages would go unchecked)."""
    roles = {role for _username, role, _area in people.demo_logins()}
    visited = {role for username, role, _area in people.demo_logins() if username in STAFF}
    assert roles == visited, roles - visited


@pytest.mark.parametrize("username", [*STAFF, "publik"])
def test_every_page_fits_and_has_no_serious_accessibility_violation(
    chromium: Any, live_server: Any, demo: None, username: str
) -> None:
    from lindung.accounts.models import User

    # JavaScript on only for axe (its run waits on timers that never fire with scripts off): Lindung's pages have
    # no script of their own, and the CSP would refuse one.
    context = chromium.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        if username == "publik":
            urls = list(PUBLIC) + [f"/verifikasi-surat/{t}/" for t in _letter(None)]
        else:
            user = User.objects.get(username=username)
            urls = staff_pages(user, STAFF[username])
            _sign_in(page, live_server.url, username)
        problems = _check_pages(page, live_server.url, urls, username)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_field_entrys_duplicate_warning_fits_on_a_phone(
    chromium: Any, live_server: Any, personas: Any
) -> None:
    """The warning only a POST shows: the likely duplicates of the person being entered, in their scroll box."""
    from django.conf import settings as django_settings

    from lindung.conftest import DESA_A, login, make_worker
    from lindung.lib.nik import make_nik
    from lindung.workers.models import Sex

    load_reference_data()
    birth = dt.date(1988, 7, 14)
    nik = make_nik("16.06.01", birth, Sex.L, 23)
    make_worker(DESA_A, nik=nik, name="Muhammad Rizki", birth_date=birth, sex=Sex.L, kk="1606010101200007")
    cookie = login(personas["desa"]).cookies[django_settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context(locale="id-ID", viewport={"width": WIDTHS[0], "height": 800})
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/pekerja/baru/")
        typed = {
            "nik": nik[:14] + nik[15] + nik[14],  # the last two digits swapped
            "kk": "1606010101200007",
            "name": "M. Rizky",
            "birth_place": "Sekayu",
            "birth_date": birth.isoformat(),
            "sex": "L",
            "address": "Dusun I",
            "desa": DESA_A,
            "phone": "081300000001",
            "income": "900000",
        }
        for name, value in typed.items():
            field = page.locator(f"[name={name}]")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        page.check("input[name=bpjs_active][value=tidak]")
        page.check("input[name=consent]")
        assert page.is_checked("input[name=is_asn][value=tidak]")  # the ASN question's default
        page.click("main button[type=submit]")
        if os.environ.get("LINDUNG_SCREENSHOTS"):
            page.screenshot(
                path=f"{os.environ['LINDUNG_SCREENSHOTS']}/entry-duplicates-360.png", full_page=True
            )
        assert "Muhammad Rizki" in page.inner_text("#duplicates")
        page.evaluate(_axe_source())
        problems = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            found = page.evaluate(OVERFLOW_JS)
            if found["scrollWidth"] > found["viewport"] or found["sticking"]:
                problems.append(f"@{width}: {found}")
            problems += [f"@{width}: axe {v}" for v in page.evaluate(AXE_RUN)]
    finally:
        context.close()
    assert not problems, problems


# A table's cells (and what is in them) that leave the viewport, and a table's scroll box that scrolls: on a phone
# such a column is cut, to be found only by swiping inside the box. A text field or a choice narrower than half the
# screen is cramped (its words cut after a few letters).
CUT_CELLS_JS = """(selector) => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const table of document.querySelectorAll(selector)) {
    const box = table.closest('.table-responsive');
    if (box && box.scrollWidth > box.clientWidth + 1) out.push('scroll box ' + box.scrollWidth + ' > ' + box.clientWidth + ' px');
    for (const field of table.querySelectorAll('input[type=text], select')) {
      const w = field.getBoundingClientRect().width;
      if (w < vw / 2) out.push(field.name + ' only ' + Math.round(w) + ' px wide');
    }
    for (const el of table.querySelectorAll('tbody td, tbody td *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < -1 || r.right > vw + 1) {
        out.push(el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 30) + '" [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
        if (out.length >= 10) break;
      }
    }
  }
  return out;
}"""


def test_master_data_tables_read_on_a_phone(chromium: Any, live_server: Any, personas: Any) -> None:
    """The occupations, their aliases and an export layout's columns on a phone: every cell inside the viewport, with no scroll
    box to swipe (at 1366 px they stay tables); nothing sticks out, and axe finds nothing serious."""
    from django.conf import settings as django_settings

    from lindung.conftest import MUBA, login
    from lindung.enrolment.models import ExportLayout
    from lindung.workers.models import Occupation, OccupationAlias

    load_reference_data()
    importlib.import_module("lindung.enrolment.migrations.0002_default_layout_and_benefits").forward(
        apps, None
    )
    sawit = Occupation.objects.create(
        code="buruh-sawit", name="Buruh kebun kelapa sawit (DBH Sawit)", kabupaten_id=MUBA
    )
    OccupationAlias.objects.create(
        text="BURUH HARIAN KEBUN SAWIT PLASMA",
        occupation=sawit,
        kabupaten_id=MUBA,
        origin="Ditambahkan Admin Dinas",
    )
    layout = ExportLayout.objects.get(is_default=True)
    cookie = login(personas["admin"]).cookies[django_settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context(locale="id-ID")
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    problems: list[str] = []
    try:
        for url, table, shown in [
            ("/data-induk/pekerjaan/", "main table", "Musi Banyuasin"),
            ("/data-induk/padanan-pekerjaan/", "main table", "Musi Banyuasin"),
            (f"/data-induk/tata-letak/{layout.pk}/", "table.columns-edit", "NIK"),
        ]:
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            page.goto(live_server.url + url)
            assert shown in page.inner_text(table)
            page.evaluate(_axe_source())
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                if width < 576:
                    problems += [f"{url} @{width}: cut: {cut}" for cut in page.evaluate(CUT_CELLS_JS, table)]
                found = page.evaluate(OVERFLOW_JS)
                if found["scrollWidth"] > found["viewport"] or found["sticking"]:
                    problems.append(f"{url} @{width}: {found}")
                problems += [f"{url} @{width}: axe {v}" for v in page.evaluate(AXE_RUN)]
                if os.environ.get("LINDUNG_SCREENSHOTS"):
                    name = re.sub(r"[^a-z0-9]+", "_", url.strip("/"))
                    page.screenshot(
                        path=f"{os.environ['LINDUNG_SCREENSHOTS']}/table-{name}-{width}.png", full_page=True
                    )
    finally:
        context.close()
    assert not problems, "\n".join(problems)
