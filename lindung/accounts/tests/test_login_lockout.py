import datetime as dt

import pytest
from django.test import Client

from lindung.accounts.models import LoginFailure
from lindung.audit.models import AuditEvent
from lindung.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Terlalu banyak percobaan masuk yang gagal"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post("/akun/masuk/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_right_password_logs_in(personas):
    client = Client()
    response = attempt(client, "bpjs", PASSWORD)
    assert response.status_code == 302
    assert client.get("/laporan/").status_code == 200
    assert AuditEvent.objects.filter(action="account.login", object_id=str(personas["bpjs"].pk)).exists()


def test_five_wrong_passwords_lock_the_username_at_that_address_even_for_the_right_one(personas):
    client = Client()
    for _ in range(4):
        body = attempt(client, "bpjs", "salah-sekali-123").content.decode()
        assert LOCKED not in body
    body = attempt(client, "bpjs", "salah-sekali-123").content.decode()
    assert LOCKED in body
    # The right password now fails too from that address, and nothing logs in.
    response = attempt(client, "bpjs", PASSWORD)
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.filter(username="bpjs").count() == 5
    assert AuditEvent.objects.filter(action="account.locked", object_id=str(personas["bpjs"].pk)).exists()
    # Other users are not affected; the same user from another address is not either (test_proxy_lockout).
    assert attempt(Client(), "pimpinan", PASSWORD, ip="10.9.9.9").status_code == 302
    assert attempt(Client(), "bpjs", PASSWORD, ip="10.9.9.9").status_code == 302


def test_the_lock_ends_after_the_lockout_time(personas, settings):
    client = Client()
    for _ in range(5):
        attempt(client, "bpjs", "salah-sekali-123")
    assert LOCKED in attempt(client, "bpjs", PASSWORD).content.decode()
    LoginFailure.objects.update(
        at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    )
    assert attempt(client, "bpjs", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(personas):
    client = Client()
    for _ in range(4):
        attempt(client, "bpjs", "salah-sekali-123")
    assert attempt(client, "bpjs", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="bpjs").exists()


def test_many_failures_from_one_ip_lock_that_ip(personas, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    for name in ("tebakan1", "tebakan2", "tebakan3"):
        attempt(Client(), name, "salah-sekali-123", ip="10.6.6.6")
    # A real user behind the guessing IP is locked out for now; from elsewhere they get in.
    assert LOCKED in attempt(Client(), "pimpinan", PASSWORD, ip="10.6.6.6").content.decode()
    assert attempt(Client(), "pimpinan", PASSWORD, ip="10.7.7.7").status_code == 302
