"""Status changes create the right notice, in the same transaction, and never break the transition."""

import json

from lindung.conftest import DESA_A, make_worker
from lindung.notices.models import Notice, NoticeTemplate
from lindung.notices.services import notify_membership_change
from lindung.workers.models import Source, Status
from lindung.workers.services import worker_create
from lindung.workers.workflow import worker_transition


def applicant(**fields):
    fields.setdefault("source", Source.MANDIRI)
    fields.setdefault("receipt_no", "LD-ACDE3467")
    return make_worker(DESA_A, name="Siti Aminah", **fields)


def test_received_on_create_for_mandiri_only(personas, django_capture_on_commit_callbacks, settings):
    from lindung.lib.nik import make_nik
    from lindung.workers.models import Occupation, Worker

    def build(source, receipt):
        import datetime as dt

        return Worker(
            nik=make_nik("16.06.01", dt.date(1990, 3, 5), "P", 900 + len(receipt or "")),
            name="Siti Aminah",
            birth_date=dt.date(1990, 3, 5),
            sex="P",
            desa_id=DESA_A,
            phone="0812-3456-7890",
            occupation=Occupation.objects.get(code="petani"),
            source=source,
            receipt_no=receipt,
        )

    with django_capture_on_commit_callbacks(execute=True):
        worker_create(worker=build(Source.MANDIRI, "LD-ACDE3467"), by=None)
        worker_create(worker=build(Source.PETUGAS, None), by=personas["desa"])
    notice = Notice.objects.get()
    assert notice.template == "application_received" and notice.channel == "whatsapp"
    assert notice.to == "6281234567890"
    assert "Nomor tanda terima: LD-ACDE-3467." in notice.body and "Halo Siti Aminah" in notice.body
    assert notice.status == Notice.Status.SENT  # sent on commit by the (immediate) task backend
    line = json.loads(settings.NOTICE_LOG_FILE.read_text().splitlines()[0])
    assert line["to"] == "6281234567890" and line["body"] == notice.body


def test_returned_carries_the_reason_text(personas):
    worker = applicant()
    worker_transition(
        worker=worker, to=Status.DIKEMBALIKAN, by=personas["desa"], reason="", note="Foto KTP buram"
    )
    notice = Notice.objects.get(worker=worker)
    assert notice.template == "application_returned"
    assert "Alasan: Foto KTP buram." in notice.body


def test_rejected_carries_the_listed_reason_and_the_note(personas):
    worker = applicant()
    worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="asn", note="NIP 1985")
    notice = Notice.objects.get(worker=worker)
    assert notice.template == "application_rejected"
    assert "Alasan: ASN, TNI, atau Polri. NIP 1985." in notice.body


def test_approved_and_registered(personas):
    worker = applicant(status=Status.DIVERIFIKASI)
    worker_transition(worker=worker, to=Status.DISETUJUI, by=personas["admin"])
    assert Notice.objects.get(worker=worker).template == "application_approved"


def test_registered_sends_nothing_until_the_membership_exists(personas):
    """The move to terdaftar comes before the membership row; its notice carries the KPJ and the dates."""
    worker = applicant(status=Status.DIUSULKAN)
    worker_transition(worker=worker, to=Status.TERDAFTAR, by=personas["admin"], note="KPJ 16000000042")
    assert not Notice.objects.filter(worker=worker).exists()

    class Membership:
        kpj, start, end = "23047712345", __import__("datetime").date(2027, 1, 1), None

    Membership.worker = worker  # type: ignore[attr-defined]
    notify_membership_change(Membership(), "start")
    notice = Notice.objects.get(worker=worker)
    assert notice.template == "membership_active"
    assert "Nomor KPJ: 23047712345. Anda terlindungi mulai 1 Januari 2027, belum sebelum" in notice.body


def test_membership_ending(personas):
    import datetime as dt

    worker = applicant(status=Status.TERDAFTAR)

    class Membership:
        kpj, end_date = "23047712345", dt.date(2026, 12, 31)

        def get_end_reason_display(self):
            return "Meninggal dunia"

    Membership.worker = worker  # type: ignore[attr-defined]
    notify_membership_change(Membership(), "end")
    body = Notice.objects.get(worker=worker).body
    assert "KPJ 23047712345) berakhir pada 31 Desember 2026" in body and "Meninggal dunia" in body


def test_no_phone_is_recorded_not_sent(personas):
    worker = applicant(phone="")
    worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="usia")
    notice = Notice.objects.get(worker=worker)
    assert notice.status == Notice.Status.SKIPPED
    assert notice.last_error == "Pekerja tidak punya nomor HP/WhatsApp."


def test_a_missing_template_never_breaks_the_transition(personas, caplog):
    NoticeTemplate.objects.filter(key="application_rejected").delete()
    worker = applicant()
    worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="usia")
    worker.refresh_from_db()
    assert worker.status == Status.DITOLAK
    assert not Notice.objects.exists()
    assert "no active template 'application_rejected'" in caplog.text


def test_a_broken_template_never_breaks_the_transition(personas, caplog):
    NoticeTemplate.objects.filter(key="application_rejected", channel="whatsapp").update(text="Halo {name")
    worker = applicant()
    worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="usia")
    worker.refresh_from_db()
    assert worker.status == Status.DITOLAK
    assert not Notice.objects.exists()
    assert "no notice for status change" in caplog.text


def test_an_active_sms_template_adds_an_sms(personas):
    NoticeTemplate.objects.filter(key="application_rejected", channel="sms").update(active=True)
    worker = applicant()
    worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="usia")
    assert sorted(Notice.objects.filter(worker=worker).values_list("channel", flat=True)) == [
        "sms",
        "whatsapp",
    ]


def test_a_rolled_back_transition_leaves_no_notice_and_queues_nothing(
    personas, django_capture_on_commit_callbacks
):
    import pytest
    from django.db import transaction

    worker = applicant()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="usia")
        assert Notice.objects.filter(worker=worker).count() == 1  # created inside the same transaction
        raise RuntimeError("the page failed after the transition")
    assert not Notice.objects.filter(worker=worker).exists()
    assert callbacks == []
