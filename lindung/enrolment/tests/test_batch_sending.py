"""Sending the branch file is its own step: made in Lindung ("Berkas dibuat"), then recorded as sent by the dinas."""

import datetime as dt
import html

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import login
from lindung.enrolment.batches import BatchError, batch_export, batch_mark_sent
from lindung.enrolment.models import EnrolmentBatch
from lindung.enrolment.results import result_upload_apply, result_upload_create

from .conftest import approved, sealed_batch
from .test_results import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(personas, apbd):
    approved(2)
    batch = sealed_batch(personas["admin"], apbd)
    return batch_export(batch=batch, by=personas["admin"])


def page(client, batch):
    return html.unescape(client.get(f"/kepesertaan/batch/{batch.pk}/").content.decode())


def test_making_the_file_does_not_say_it_was_sent(personas, made):
    assert made.status == EnrolmentBatch.Status.EXPORTED and made.sent_at is None
    body = page(login(personas["admin"]), made)
    assert '<span class="badge rounded-pill status">Berkas dibuat</span>' in body
    assert "Berkas dikirim" not in body.split("</h1>")[0]
    assert "belum dicatat" in body
    assert "Tandai sudah dikirim" in body


def test_the_dinas_marks_the_file_sent_with_who_when_and_how(personas, made):
    client = login(personas["admin"])
    response = client.post(
        f"/kepesertaan/batch/{made.pk}/kirim/", {"note": "Surel ke KC Sekayu"}, follow=True
    )
    body = html.unescape(response.content.decode())
    assert "Berkas batch dicatat sudah dikirim ke BPJS." in body
    made.refresh_from_db()
    assert made.status == EnrolmentBatch.Status.SENT
    assert made.sent_by == personas["admin"] and made.sent_note == "Surel ke KC Sekayu"
    assert abs(made.sent_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert '<span class="badge rounded-pill status">Berkas dikirim</span>' in body
    assert "oleh admin · Surel ke KC Sekayu" in body
    assert "Tandai sudah dikirim" not in body
    event = AuditEvent.objects.get(action="batch.send", object_id=str(made.pk))
    assert event.actor == personas["admin"] and event.changes["note"] == "Surel ke KC Sekayu"
    # The audit trail tells it in words.
    assert "Berkas batch ditandai sudah dikirim ke BPJS" in html.unescape(
        client.get("/privasi/audit/").content.decode()
    )


def test_marking_twice_or_before_the_file_exists_is_refused(personas, apbd, made):
    batch_mark_sent(batch=made, by=personas["admin"])
    with pytest.raises(BatchError, match="sudah ditandai dikirim"):
        batch_mark_sent(batch=made, by=personas["admin"])
    approved(1)
    unsent = sealed_batch(personas["admin"], apbd)
    response = login(personas["admin"]).post(f"/kepesertaan/batch/{unsent.pk}/kirim/", follow=True)
    assert "Buat berkas untuk BPJS dulu" in html.unescape(response.content.decode())
    unsent.refresh_from_db()
    assert unsent.status == EnrolmentBatch.Status.SEALED and unsent.sent_at is None
    assert AuditEvent.objects.filter(action="batch.send").count() == 1


def test_only_the_dinas_marks_it_sent(personas, made):
    for role in ("bpjs", "pimpinan", "desa", "kecamatan", "opd"):
        assert login(personas[role]).post(f"/kepesertaan/batch/{made.pk}/kirim/").status_code == 403
    # Another kabupaten's admin does not find the batch at all.
    assert login(personas["admin_lain"]).post(f"/kepesertaan/batch/{made.pk}/kirim/").status_code == 404
    made.refresh_from_db()
    assert made.status == EnrolmentBatch.Status.EXPORTED
    assert login(personas["admin"]).get(f"/kepesertaan/batch/{made.pk}/kirim/").status_code == 405


def test_a_file_made_again_after_sending_waits_to_be_sent_again(personas, made):
    batch_mark_sent(batch=made, by=personas["admin"], note="flash disk")
    again = batch_export(batch=made, by=personas["admin"])
    assert again.status == EnrolmentBatch.Status.EXPORTED
    assert (again.sent_at, again.sent_by, again.sent_note) == (None, None, "")
    # The first sending stays in the trail.
    assert AuditEvent.objects.filter(action="batch.send", object_id=str(made.pk)).count() == 1


def test_steps_in_order_made_sent_results(personas, made):
    batch_mark_sent(batch=made, by=personas["admin"])
    a, b = made.lines.order_by("id")
    content = xlsx(
        [
            [1, a.nik, a.name, "16010000001", "Diterima", "", dt.date(2026, 1, 1)],
            [2, b.nik, b.name, "16010000002", "Diterima", "", dt.date(2026, 1, 1)],
        ]
    )
    upload = result_upload_create(batch=made, name="hasil.xlsx", content=content, by=personas["bpjs"])
    result_upload_apply(upload=upload, by=personas["admin"])
    made.refresh_from_db()
    assert made.status == EnrolmentBatch.Status.RESULTS_APPLIED
    body = page(login(personas["admin"]), made)
    facts = body.split('<dl class="facts">')[1].split("</dl>")[0]
    assert (
        facts.index("Berkas dibuat") < facts.index("Dikirim ke BPJS") < facts.index("Hasil BPJS diterapkan")
    )
