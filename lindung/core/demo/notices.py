"""Demo outbox: a few notices in every delivery status, rendered from the real templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lindung.notices.models import Channel, Notice, NoticeTemplate, TemplateKey
from lindung.notices.services import phone_to_msisdn, render
from lindung.workers.models import Status, Worker

PER_STATUS = 3
TEMPLATE_FOR = {
    Status.DIAJUKAN: TemplateKey.RECEIVED,
    Status.DIKEMBALIKAN: TemplateKey.RETURNED,
    Status.DISETUJUI: TemplateKey.APPROVED,
    Status.DITOLAK: TemplateKey.REJECTED,
    Status.TERDAFTAR: TemplateKey.MEMBERSHIP_ACTIVE,
}
OUTCOMES = [
    (Notice.Status.SENT, 1, ""),
    (Notice.Status.PENDING, 0, ""),
    (Notice.Status.FAILED, 2, 'gateway answered HTTP 503: {"error": "service unavailable"}'),
    (Notice.Status.DEAD, 5, "gateway unreachable: <urlopen error [Errno 111] Connection refused>"),
    (Notice.Status.SKIPPED, 0, "Pekerja tidak punya nomor HP/WhatsApp."),
]


def seed(out: Any) -> None:
    if Notice.objects.filter(payload__demo=True).exists():
        out.write("Notifikasi: contoh sudah ada.")
        return
    texts = {t.key: t.text for t in NoticeTemplate.objects.filter(channel=Channel.WHATSAPP)}
    workers = list(
        Worker.objects.filter(kabupaten_id=settings.DEFAULT_KABUPATEN, status__in=TEMPLATE_FOR)
        .exclude(phone="")
        .order_by("pk")[: PER_STATUS * len(OUTCOMES)]
    )
    now = timezone.now()
    with transaction.atomic():
        for i, worker in enumerate(workers):
            status, attempts, error = OUTCOMES[i % len(OUTCOMES)]
            key = TEMPLATE_FOR[Status(worker.status)]
            payload = {
                "demo": True,
                "name": worker.name,
                "receipt_no": worker.receipt_no or "",
                "reason": "Foto KTP kurang jelas"
                if key in (TemplateKey.RETURNED, TemplateKey.REJECTED)
                else "",
                "kpj": f"16{worker.pk:09d}" if key == TemplateKey.MEMBERSHIP_ACTIVE else "",
            }
            created = now - dt.timedelta(hours=3 * (len(workers) - i))
            notice = Notice.objects.create(
                channel=Channel.WHATSAPP,
                to="" if status == Notice.Status.SKIPPED else phone_to_msisdn(worker.phone),
                template=key,
                payload=payload,
                body=render(texts.get(key, ""), payload),
                worker=worker,
                status=status,
                attempts=attempts,
                last_error=error,
                sent_at=created + dt.timedelta(minutes=1) if status == Notice.Status.SENT else None,
                next_attempt_at={
                    Notice.Status.FAILED: now + dt.timedelta(minutes=10),
                    Notice.Status.PENDING: now,
                }.get(status),
            )
            Notice.objects.filter(pk=notice.pk).update(created_at=created)
    out.write(
        f"Notifikasi: {len(workers)} contoh dalam status terkirim, menunggu, gagal, gagal permanen, dilewati."
    )
