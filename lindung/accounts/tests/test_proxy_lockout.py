"""Behind the documented TLS proxy: lockout, rate limits and the audit trail see the real client, and guessing a
named official's password from many addresses does not lock them out of their own office."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lindung.audit.models import AuditEvent
from lindung.conftest import PASSWORD
from lindung.core.ratelimit import reset
from lindung.lib.clientip import parse_networks

pytestmark = pytest.mark.django_db

LOCKED = "Terlalu banyak percobaan masuk yang gagal"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXY_NETWORKS = parse_networks(["10.0.0.0/24"])
    reset()


def attempt(username: str, password: str, client_ip: str) -> Any:
    return Client().post(
        "/akun/masuk/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def test_guessing_made_up_usernames_through_the_proxy_does_not_lock_out_dinas(personas: Any) -> None:
    for n in range(25):
        attempt(f"tebakan{n}", "salah-sekali-123", f"203.0.113.{n + 1}")
    response = attempt("admin", PASSWORD, "198.51.100.7")
    assert response.status_code == 302, response.content.decode()[:300]
    event = AuditEvent.objects.get(action="account.login", object_id=str(personas["admin"].pk))
    assert event.ip == "198.51.100.7"  # the client, not the proxy


def test_one_address_guessing_one_username_locks_that_address_only(personas: Any) -> None:
    for _ in range(5):
        attempt("bpjs", "salah-sekali-123", "203.0.113.5")
    assert LOCKED in attempt("bpjs", PASSWORD, "203.0.113.5").content.decode()
    # The official at their own desk is not locked out.
    assert attempt("bpjs", PASSWORD, "198.51.100.7").status_code == 302


def test_a_flood_on_one_username_spares_the_address_it_signs_in_from(personas: Any, settings: Any) -> None:
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 12
    assert attempt("bpjs", PASSWORD, "198.51.100.7").status_code == 302  # the office, known from now on
    for n in range(12):
        attempt("bpjs", "salah-sekali-123", f"203.0.113.{n + 1}")
    # A new address is refused while the flood lasts: a distributed guess is stopped ...
    assert LOCKED in attempt("bpjs", PASSWORD, "192.0.2.44").content.decode()
    # ... and the owner still signs in from the office.
    assert attempt("bpjs", PASSWORD, "198.51.100.7").status_code == 302


def test_a_forged_header_from_outside_changes_nothing(personas: Any) -> None:
    client = Client()
    for n in range(5):
        client.post(
            "/akun/masuk/",
            {"username": "bpjs", "password": "salah-sekali-123"},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        "/akun/masuk/",
        {"username": "bpjs", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.50",
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert LOCKED in response.content.decode()


def test_the_public_form_limit_counts_each_client_behind_the_proxy(settings: Any) -> None:
    settings.INTAKE_RATE_LIMIT = 2
    lookup = {"receipt_no": "LD-AAAA-AAAA", "birth_date": "1990-03-05"}
    first = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
    for _ in range(2):
        assert first.post("/status/", lookup).status_code != 429
    assert first.post("/status/", lookup).status_code == 429
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert other.post("/status/", lookup).status_code != 429


def test_wrong_api_tokens_are_limited_per_client(settings: Any) -> None:
    settings.API_RATE_LIMIT = 3
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1", HTTP_AUTHORIZATION="Bearer salah")
    answers = [guesser.get("/api/regions").status_code for _ in range(5)]
    assert answers[:3] == [401, 401, 401] and answers[3:] == [429, 429]
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2", HTTP_AUTHORIZATION="Bearer salah")
    assert other.get("/api/regions").status_code == 401
