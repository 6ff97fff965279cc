"""A lost database answers every page with a short 503 in Indonesian, never a traceback.

The database is made really unreachable for the request: PostgreSQL is pointed at a port where nothing
listens, SQLite at a file that cannot be opened.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

MESSAGE = "Basis data sedang tidak dapat dihubungi"
TRACEBACK_SIGNS = ["Traceback", "OperationalError", "File &quot;", 'File "', "connection", "sqlite3"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def database_down(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """The test database stays; the connection is pointed somewhere that cannot be reached, then back.

    Transactional: a connection closed inside the test's wrapping transaction could not roll it back.
    """
    saved = dict(connection.settings_dict)
    connection.close()
    # Django never closes an in-memory SQLite database (it would vanish): set the open one aside.
    kept = connection.connection
    connection.connection = None
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(_free_port()))
    else:
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "lindung.sqlite3")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        connection.connection = kept


def browser(**kwargs: Any) -> Client:
    # A real server answers instead of raising; the test client would re-raise the logged exception.
    return Client(raise_request_exception=False, **kwargs)


def assert_clean_503(response: Any) -> None:
    body = response.content.decode()
    assert response.status_code == 503
    assert MESSAGE in body
    assert "coba lagi dalam beberapa menit" in body
    assert '<html lang="id">' in body  # the project's base page, not Django's
    for sign in TRACEBACK_SIGNS:
        assert sign not in body, sign
    assert response["Retry-After"] == "120"


def test_the_database_is_really_unreachable(database_down):
    from django.db import OperationalError

    with pytest.raises(OperationalError):
        connection.ensure_connection()


def test_the_public_form_answers_503_in_indonesian(database_down):
    assert_clean_503(browser().get("/daftar/"))


def test_a_sent_application_is_told_to_send_again_later(database_down):
    response = browser().post("/daftar/", {"nik": "1606014503900001", "name": "Nur Hayati"})
    assert_clean_503(response)
    assert "kirim sekali lagi nanti" in response.content.decode()


def test_a_staff_page_with_a_session_answers_503(database_down):
    # The session and the user are read in middleware, before any view runs.
    client = browser()
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/pekerja/?kecamatan=16.06.01")
    assert_clean_503(response)
    assert "Keluar" not in response.content.decode()  # no user could be looked up: no staff header


def test_signing_in_answers_503(database_down):
    client = browser(enforce_csrf_checks=False)
    assert_clean_503(client.post("/akun/masuk/", {"username": "admin", "password": "rahasia-uji-123"}))


def test_with_debug_on_there_is_still_no_traceback(database_down, settings):
    settings.DEBUG = True
    response = browser().get("/daftar/")
    assert_clean_503(response)
    assert "Django" not in response.content.decode()


@pytest.mark.django_db
def test_with_the_database_up_the_form_is_served():
    response = browser().get("/daftar/")
    assert response.status_code == 200
    assert MESSAGE not in response.content.decode()
