"""English through the language switch: the public form and the staff pages translate; Indonesian stays the default."""

from typing import Any

import pytest
from django.test import Client

from lindung.conftest import login

pytestmark = pytest.mark.django_db


def in_english(client: Client) -> Client:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_the_public_form_in_english():
    body = in_english(Client()).get("/daftar/").content.decode()
    assert "BPJS Ketenagakerjaan registration for vulnerable workers (pekerja rentan)" in body
    assert "Send application" in body and "Check status" in body
    assert "Daftar BPJS Ketenagakerjaan untuk pekerja rentan" not in body
    assert "Kirim permohonan" not in body


def test_the_verification_queue_in_english(personas: dict[str, Any]):
    body = in_english(login(personas["admin"])).get("/verifikasi/").content.decode()
    assert 'lang="en"' in body
    assert "Waiting for me" in body and "Verification queue" in body and "All eligibility results" in body
    assert "Menunggu saya" not in body and "Antrian verifikasi" not in body


def test_the_membership_list_in_english(personas: dict[str, Any]):
    body = in_english(login(personas["admin"])).get("/kepesertaan/").content.decode()
    assert "BPJS Ketenagakerjaan membership" in body and "Enrolment batches" in body
    assert "Kepesertaan BPJS Ketenagakerjaan" not in body and "Batch pendaftaran" not in body


def test_indonesian_stays_the_default(personas: dict[str, Any]):
    public = Client().get("/daftar/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Daftar BPJS Ketenagakerjaan untuk pekerja rentan" in public and "Kirim permohonan" in public
    staff = login(personas["admin"]).get("/verifikasi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="id"' in staff and "Menunggu saya" in staff and "Waiting for me" not in staff


def test_switching_back_to_indonesian(personas: dict[str, Any]):
    client = in_english(login(personas["admin"]))
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    body = client.get("/kepesertaan/").content.decode()
    assert "Kepesertaan BPJS Ketenagakerjaan" in body and "Enrolment batches" not in body


def test_the_audit_trail_in_english(personas: dict[str, Any]):
    from lindung.audit.models import AuditEvent

    admin = personas["admin"]
    AuditEvent.objects.create(
        actor=admin, action="account.login", object_type="accounts.user", object_id=str(admin.pk)
    )
    body = in_english(login(admin)).get("/privasi/audit/").content.decode()
    assert "Audit trail" in body and "Signed in to Lindung" in body and "User: " in body
    assert "Masuk ke Lindung" not in body and "Pengguna: " not in body


def test_the_choice_lasts_for_its_request_only(personas: dict[str, Any]):
    """What the thread runs after an English page (an inline task, a scheduled job's result) speaks Indonesian."""
    from django.utils import translation
    from django.utils.translation import gettext

    assert translation.get_language() == "id"
    body = in_english(login(personas["admin"])).get("/kepesertaan/").content.decode()
    assert "Enrolment batches" in body
    assert translation.get_language() == "id"
    assert gettext("Batch ditutup.") == "Batch ditutup."
