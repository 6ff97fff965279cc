"""Demo WhatsApp both ways: messages people sent (through the real conversation service) and what WhatsApp
reported about the demo notices (sent, delivered, read, failed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lindung.intake.receipts import display_receipt_no
from lindung.notices.models import Delivery, InboundMessage, Notice
from lindung.notices.whatsapp import Incoming, inbound_receive
from lindung.workers.models import Worker

SOURCE = InboundMessage.Source.GATEWAY
PREFIX = "demo-wa-"


def _form_url() -> str:
    return (settings.PUBLIC_URL or "http://127.0.0.1:8000") + reverse("intake_apply")


def _messages() -> list[tuple[str, str]]:
    """(sender, text) for each kind of exchange, from the demo's own applicants."""
    applicants = Worker.objects.filter(
        kabupaten_id=settings.DEFAULT_KABUPATEN, source="mandiri", receipt_no__isnull=False
    ).exclude(phone="")
    first, second = applicants.order_by("pk")[:2]
    receipt = display_receipt_no(first.receipt_no or "")
    return [
        (first.phone, f"STATUS {receipt} {first.birth_date:%d-%m-%Y}"),
        (first.phone, f"status {receipt} 01-01-1970"),  # a wrong date: "does not match", nothing more
        ("0852 7300 1122", "DAFTAR"),
        ("0852 7300 1122", "NIK saya 1606014503900001, sudah terdaftar belum?"),  # stored masked
        ("+62 813 6711 4455", "Selamat pagi"),
        (second.phone, "BERHENTI"),
    ]


def _reports(now: dt.datetime) -> int:
    """Delivery reports on the demo notices marked sent and on the replies just queued: delivered, read, failed."""
    replies = Notice.objects.filter(inbound__source=SOURCE, inbound__message_id__startswith=PREFIX)
    replies.update(status=Notice.Status.SENT, sent_at=now, next_attempt_at=None, attempts=1)
    demo = Notice.objects.filter(payload__demo=True, status=Notice.Status.SENT, provider_id="")
    sent = list(demo.order_by("pk")) + list(replies.order_by("pk"))
    for i, notice in enumerate(sent):
        at = notice.sent_at or now
        notice.provider_id = f"wamid.{PREFIX}{notice.pk}"
        kind = [Delivery.READ, Delivery.DELIVERED, Delivery.FAILED, Delivery.SENT, Delivery.READ][i % 5]
        notice.delivery = kind
        if kind in (Delivery.DELIVERED, Delivery.READ):
            notice.delivered_at = at + dt.timedelta(seconds=20)
        if kind == Delivery.READ:
            notice.read_at = at + dt.timedelta(hours=2)
        if kind == Delivery.FAILED:
            notice.failed_at = at + dt.timedelta(minutes=1)
            notice.status = Notice.Status.DEAD
            notice.last_error = "WhatsApp 131026: Message undeliverable — nomor ini tidak memakai WhatsApp"
        notice.save()
    return len(sent)


def seed(out: Any) -> None:
    if InboundMessage.objects.filter(source=SOURCE, message_id__startswith=PREFIX).exists():
        out.write("WhatsApp masuk: contoh sudah ada.")
        return
    messages = _messages()
    form_url = _form_url()
    for i, (sender, text) in enumerate(messages):
        inbound_receive(
            message=Incoming(source=SOURCE, message_id=f"{PREFIX}{i + 1}", sender=sender, text=text),
            form_url=form_url,
        )
    with transaction.atomic():
        reports = _reports(timezone.now())
    out.write(
        f"WhatsApp masuk: {len(messages)} pesan contoh (STATUS, DAFTAR, BERHENTI, bantuan) di /notifikasi/whatsapp-masuk/; "
        f"laporan terkirim/sampai/dibaca/gagal pada {reports} notifikasi."
    )
