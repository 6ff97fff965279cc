import time

import pytest

from lindung.accounts.middleware import LAST_SEEN
from lindung.audit.models import AuditEvent
from lindung.conftest import login

pytestmark = pytest.mark.django_db


def test_an_idle_session_ends_with_a_message(personas, settings):
    client = login(personas["pimpinan"])
    assert client.get("/laporan/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/laporan/", follow=True)
    assert response.redirect_chain[0][0].startswith("/akun/masuk/")
    assert "lama tidak aktif" in response.content.decode()
    assert client.get("/laporan/").status_code == 302


def test_an_active_session_stays(personas, settings):
    client = login(personas["pimpinan"])
    session = client.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_MINUTES * 60 + 60
    session.save()
    assert client.get("/laporan/").status_code == 200


def test_logout_everywhere_ends_every_session_of_the_user_only(personas):
    phone, laptop, colleague = (
        login(personas["pimpinan"]),
        login(personas["pimpinan"]),
        login(personas["bpjs"]),
    )
    response = laptop.post("/akun/keluar-semua/", follow=True)
    assert "keluar dari semua perangkat" in response.content.decode()
    assert phone.get("/laporan/").status_code == 302
    assert laptop.get("/laporan/").status_code == 302
    assert colleague.get("/laporan/").status_code == 200
    assert AuditEvent.objects.filter(action="account.logout_everywhere").count() == 1


def test_logout_is_post_only_and_ends_the_session(personas):
    client = login(personas["pimpinan"])
    assert client.get("/akun/keluar/").status_code == 405
    client.post("/akun/keluar/")
    assert client.get("/laporan/").status_code == 302


def test_a_session_ends_8_hours_after_login_however_often_it_is_used(personas, settings):
    """Used every 20 minutes (never idle), the session still ends SESSION_COOKIE_AGE after the login."""
    from unittest import mock

    client = login(personas["bpjs"])
    start = time.time()
    for minutes in range(0, 8 * 60, 20):
        with mock.patch("time.time", return_value=start + minutes * 60):
            assert client.get("/akun/").status_code == 200, minutes
    with mock.patch("time.time", return_value=start + settings.SESSION_COOKIE_AGE + 30):
        response = client.get("/akun/", follow=True)
    assert response.redirect_chain[0][0].startswith("/akun/masuk/")
    assert "sudah 8 jam sejak masuk" in response.content.decode()
    assert client.get("/akun/").status_code == 302


def test_the_login_time_is_stored_at_login(personas):
    from lindung.accounts.middleware import LOGIN_AT

    assert abs(login(personas["bpjs"]).session[LOGIN_AT] - time.time()) < 60
