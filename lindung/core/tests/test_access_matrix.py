"""Every page × every role: no server error, no page without login, no worker outside the area.

The URL list is read from the project's URLconf, so a page added later is covered without editing this file.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lindung.conftest import DESA_A, DESA_LAIS, login, make_worker

pytestmark = pytest.mark.django_db

# Pages anyone may open without logging in.
PUBLIC_PREFIXES = ("/masuk/", "/daftar/", "/status/", "/i18n/", "/api/", "/akun/", "/static/", "/sehat/")
# The health endpoint answers 503 by design when a part is down (no scheduler runs in a test): core/test_health.
HEALTH = "/sehat/"


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue  # Django's own admin guards itself
            found += _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            found.append((route, entry))
    return found


def _plain_routes() -> list[str]:
    routes = []
    for route, _entry in _walk(get_resolver().url_patterns):
        if "<" in route or "(?P" in route or route.startswith("^") or "/" + route == HEALTH:
            continue
        routes.append("/" + route)
    return sorted(set(routes))


@pytest.mark.parametrize("url", _plain_routes())
def test_anonymous_gets_login_or_a_public_page(url):
    response = Client().get(url)
    assert response.status_code < 500, url
    if not url.startswith(PUBLIC_PREFIXES) and url != "/":
        assert response.status_code in (302, 401, 403, 404, 405), (url, response.status_code)
        if response.status_code == 302:
            assert "/masuk/" in response["Location"] or "/akun/" in response["Location"], url


@pytest.mark.parametrize("url", _plain_routes())
def test_every_role_gets_an_answer_not_an_error(personas, url):
    make_worker(DESA_A)
    for name, user in personas.items():
        response = login(user).get(url)
        assert response.status_code < 500, (url, name, response.status_code)


def test_worker_pages_of_another_area_are_missing(personas):
    inside = make_worker(DESA_A)
    outside = make_worker(DESA_LAIS, sex="L")
    worker_routes = [
        "/" + route
        for route, _entry in _walk(get_resolver().url_patterns)
        if route.startswith("pekerja/<int:pk>/")
    ]
    assert worker_routes
    client = login(personas["desa"])
    for route in worker_routes:
        for method in ("get", "post"):
            own = getattr(client, method)(route.replace("<int:pk>", str(inside.pk)))
            other = getattr(client, method)(route.replace("<int:pk>", str(outside.pk)))
            missing = getattr(client, method)(route.replace("<int:pk>", "987654321"))
            if (
                route.count("<") == 1
            ):  # a route with a second id (a flag of the worker) 404s for a made-up one
                assert own.status_code != 404, (route, method)
            assert other.status_code == missing.status_code, (route, method, other.status_code)


# The answer each role gets on each page, decided and written down: a route added or a rule changed without
# updating this table fails below. Columns: admin, kecamatan, desa, desa_lain, opd, bpjs, pimpinan, admin_lain,
# provinsi.
# 200 page, 302 redirect (to the user's own desa, or the second-factor step), 401 API without a token,
# 403 role not allowed, 404 no such page, 405 POST only.
PERSONAS = ["admin", "kecamatan", "desa", "desa_lain", "opd", "bpjs", "pimpinan", "admin_lain", "provinsi"]
EXPECTED = {
    "/": "200 200 200 200 200 200 200 200 200",
    "/admin/login/": "302 302 302 302 302 302 302 302 302",
    "/akun/": "200 200 200 200 200 200 200 200 200",
    "/akun/2fa/": "302 302 302 302 302 302 302 302 302",
    "/akun/2fa/daftar/": "200 200 200 200 200 200 302 200 302",
    "/akun/2fa/kode-cadangan/": "405 405 405 405 405 405 405 405 405",
    "/akun/keluar-semua/": "405 405 405 405 405 405 405 405 405",
    "/akun/keluar/": "405 405 405 405 405 405 405 405 405",
    "/akun/masuk/": "200 200 200 200 200 200 200 200 200",
    "/akun/pengguna/": "200 403 403 403 403 403 403 200 403",
    "/akun/pengguna/baru/": "200 403 403 403 403 403 403 200 403",
    "/akun/sandi/": "200 200 200 200 200 200 200 200 200",
    "/api/": "404 404 404 404 404 404 404 404 404",
    "/api/applications/status": "405 405 405 405 405 405 405 405 405",
    "/api/docs": "200 200 200 200 200 200 200 200 200",
    "/api/memberships": "401 401 401 401 401 401 401 401 401",
    "/api/openapi.json": "200 200 200 200 200 200 200 200 200",
    "/api/regions": "401 401 401 401 401 401 401 401 401",
    "/api/statistics": "401 401 401 401 401 401 401 401 401",
    "/api/token/": "200 403 403 403 403 403 403 200 403",
    "/api/workers": "401 401 401 401 401 401 401 401 401",
    "/aturan/": "200 403 403 403 403 403 403 200 403",
    "/aturan/baru/": "200 403 403 403 403 403 403 200 403",
    "/daftar/": "200 200 200 200 200 200 200 200 200",
    "/data-induk/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/instansi/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/opd/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/opd/baru/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/padanan-pekerjaan/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/padanan-pekerjaan/baru/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/pekerjaan/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/pekerjaan/baru/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/sumber-dana/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/sumber-dana/baru/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/tata-letak/": "200 403 403 403 403 403 403 200 403",
    "/data-induk/tata-letak/baru/": "200 403 403 403 403 403 403 200 403",
    "/duplikat/": "200 200 200 200 403 403 403 200 403",
    "/duplikat/pindai/": "405 405 405 405 405 405 405 405 405",
    "/i18n/setlang/": "302 302 302 302 302 302 302 302 302",
    "/impor/": "200 200 200 200 200 403 403 200 403",
    "/impor/formulir-odk/": "200 200 200 200 200 403 403 200 403",
    "/impor/templat.csv": "200 200 200 200 200 403 403 200 403",
    "/impor/templat.xlsx": "200 200 200 200 200 403 403 200 403",
    "/impor/unggah/": "405 405 405 405 405 403 403 405 403",
    "/iuran/": "200 403 403 403 403 200 200 200 403",
    "/iuran/anggaran/": "200 403 403 403 403 200 200 200 403",
    "/iuran/klaim/": "200 200 200 200 200 200 403 200 403",
    "/iuran/pembayaran/": "200 403 403 403 403 200 200 200 403",
    "/iuran/tagihan-bpjs/": "200 403 403 403 403 200 200 200 403",
    "/iuran/tagihan/hitung/": "405 405 405 405 405 405 405 405 405",
    "/iuran/tagihan/unduh/": "200 403 403 403 403 200 403 200 403",
    "/iuran/tunggakan/": "200 403 403 403 403 200 403 200 403",
    "/iuran/tunggakan/terapkan/": "405 405 405 405 405 405 405 405 405",
    "/jadwal/": "200 403 403 403 403 403 403 200 403",
    "/kepesertaan/": "200 200 200 200 200 200 403 200 403",
    "/kepesertaan/batch/": "200 403 403 403 403 200 403 200 403",
    "/kepesertaan/batch/baru/": "200 403 403 403 403 403 403 200 403",
    "/kepesertaan/pembaruan/": "200 403 403 403 403 200 200 200 403",
    "/laporan/": "200 200 200 200 200 200 200 200 200",
    "/laporan/daftar/": "200 200 200 200 200 403 403 200 403",
    "/laporan/data/": "200 403 403 403 403 403 403 200 403",
    "/laporan/perbarui/": "405 403 403 403 403 403 403 405 403",
    "/laporan/sisir/": "200 200 302 302 403 403 403 200 403",
    "/notifikasi/": "200 403 403 403 403 403 403 200 403",
    "/notifikasi/templat/": "200 403 403 403 403 403 403 200 403",
    "/notifikasi/whatsapp-masuk/": "200 403 403 403 403 403 403 200 403",
    "/pekerja/": "200 200 200 200 200 403 403 200 403",
    "/pekerja/baru/": "200 200 200 200 200 403 403 200 403",
    "/privasi/": "200 200 200 200 200 403 403 200 403",
    "/privasi/audit/": "200 403 403 403 403 403 403 200 403",
    "/status/": "200 200 200 200 200 200 200 200 200",
    "/verifikasi/": "200 200 200 200 200 403 403 200 403",
    "/verifikasi/proses/": "405 405 405 405 405 405 405 405 405",
    # Called by WhatsApp, not by people: no session counts, only the signature (403 without the verify token).
    "/whatsapp/gateway/": "405 405 405 405 405 405 405 405 405",
    "/whatsapp/webhook/": "403 403 403 403 403 403 403 403 403",
}


def test_every_role_gets_the_answer_written_down_for_every_page(personas):
    make_worker(DESA_A)
    routes = _plain_routes()
    assert sorted(EXPECTED) == routes, "a page was added or removed: decide its answers in EXPECTED"
    wrong = []
    for url in routes:
        expected = dict(zip(PERSONAS, EXPECTED[url].split(), strict=True))
        for name in PERSONAS:
            got = str(login(personas[name]).get(url).status_code)
            if got != expected[name]:
                wrong.append((url, name, expected[name], got))
    assert not wrong, wrong
