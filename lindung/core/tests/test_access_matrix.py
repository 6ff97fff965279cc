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
PUBLIC_PREFIXES = ("/masuk/", "/daftar/", "/status/", "/i18n/", "/api/", "/akun/", "/static/")


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
        if "<" in route or "(?P" in route or route.startswith("^"):
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
            assert own.status_code != 404, (route, method)
            assert other.status_code == missing.status_code, (route, method, other.status_code)
