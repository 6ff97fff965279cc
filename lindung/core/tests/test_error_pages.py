"""The error pages are Indonesian, on the project's base page, and tell nothing about the code."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from lindung.conftest import login


def browser(**kwargs):
    # A real server answers instead of raising; the test client would re-raise the logged exception.
    return Client(raise_request_exception=False, **kwargs)


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("something unexpected")


urlpatterns = [path("rusak/", crash), path("", include("lindung.urls"))]


@pytest.mark.urls(__name__)
def test_an_unexpected_error_shows_the_indonesian_500_page():
    response = browser().get("/rusak/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in body and "Kesalahan ini sudah dicatat" in body
    assert "RuntimeError" not in body and "something unexpected" not in body


def test_a_missing_page_shows_the_indonesian_404_page():
    response = browser().get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_a_refused_page_shows_the_indonesian_403_page(personas):
    response = login(personas["bpjs"]).get("/aturan/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_cookie_is_refused_in_indonesian():
    response = browser(enforce_csrf_checks=True).post("/daftar/", {"nik": "1606014503900001"})
    assert response.status_code == 403
    assert "Formulir tidak dapat diterima" in response.content.decode()


def test_a_refused_page_logs_one_line_without_a_traceback(personas):
    """django.request logs a 403 with the PermissionDenied's traceback; the console handler drops it."""
    import io
    import logging

    from lindung.core.logfilters import NoTracebackBelow500

    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, NoTracebackBelow500) for f in h.filters)
    )
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        assert login(personas["bpjs"]).get("/aturan/").status_code == 403
        browser().get("/tidak-ada/")
    finally:
        handler.setStream(old)
    logged = stream.getvalue()
    assert "Forbidden" in logged and "/aturan/" in logged
    assert "Traceback" not in logged


@pytest.mark.django_db
def test_a_favicon_is_served():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = Client().get("/daftar/").content.decode()
    assert 'rel="icon"' in body
