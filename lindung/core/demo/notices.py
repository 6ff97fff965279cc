"""Demo outbox: notices of every kind of event in every delivery status, rendered from the real templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lindung.enrolment.models import BatchLine, Membership
from lindung.notices.hooks import reason_text
from lindung.notices.models import Channel, Notice, NoticeTemplate, TemplateKey
from lindung.notices.services import full_payload, membership_payload, phone_to_msisdn, render
from lindung.workers.models import Status, Worker

PER_EVENT = 2
OUTCOMES = [
    (Notice.Status.SENT, 1, ""),
    (Notice.Status.PENDING, 0, ""),
    (Notice.Status.FAILED, 2, 'gateway answered HTTP 503: {"error": "service unavailable"}'),
    (Notice.Status.DEAD, 5, "gateway unreachable: <urlopen error [Errno 111] Connection refused>"),
    (Notice.Status.SKIPPED, 0, "Pekerja tidak punya nomor HP/WhatsApp."),
]


def _sources() -> list[tuple[str, Worker, dict[str, Any]]]:
    """(event, worker, payload) for every kind of message, taken from what the demo's people went through."""
    people = Worker.objects.filter(kabupaten_id=settings.DEFAULT_KABUPATEN).exclude(phone="").order_by("pk")
    found: list[tuple[str, Worker, dict[str, Any]]] = []

    def with_reason(worker: Worker) -> dict[str, Any]:
        change = worker.status_changes.order_by("-at", "-id").first()
        return {"reason": (reason_text(change) if change else "") or "Foto KTP kurang jelas"}

    by_status = [
        (TemplateKey.RECEIVED, people.filter(status=Status.DIAJUKAN, receipt_no__isnull=False), False),
        (TemplateKey.RETURNED, people.filter(status=Status.DIKEMBALIKAN), True),
        (TemplateKey.APPROVED, people.filter(status=Status.DISETUJUI, batch_lines__isnull=True), False),
        (TemplateKey.REJECTED, people.filter(status=Status.DITOLAK), True),
    ]
    for key, workers, needs_reason in by_status:
        found += [(key, w, with_reason(w) if needs_reason else {}) for w in workers[:PER_EVENT]]
    refused = BatchLine.objects.filter(result=BatchLine.Result.REJECTED, worker__in=people).select_related(
        "worker"
    )
    found += [
        (TemplateKey.BPJS_REJECTED, line.worker, {"reason": line.reason}) for line in refused[:PER_EVENT]
    ]
    events = [
        (TemplateKey.MEMBERSHIP_ACTIVE, Membership.Status.AKTIF, "start", "pk"),
        (TemplateKey.MEMBERSHIP_NONAKTIF, Membership.Status.NONAKTIF, "deactivate", "pk"),
        (TemplateKey.MEMBERSHIP_ENDING, Membership.Status.BERHENTI, "end", "pk"),
        (TemplateKey.MEMBERSHIP_REACTIVATED, Membership.Status.AKTIF, "reactivate", "-pk"),
    ]
    for key, status, event, order in events:
        members = Membership.objects.filter(status=status, worker__in=people).select_related("worker")
        found += [(key, m.worker, membership_payload(m, event)) for m in members.order_by(order)[:PER_EVENT]]
    return found


def seed(out: Any) -> None:
    if Notice.objects.filter(payload__demo=True).exists():
        out.write("Notifikasi: contoh sudah ada.")
        return
    texts = {t.key: t.text for t in NoticeTemplate.objects.filter(channel=Channel.WHATSAPP)}
    sources = _sources()
    now = timezone.now()
    with transaction.atomic():
        for i, (key, worker, event_payload) in enumerate(sources):
            status, attempts, error = OUTCOMES[i % len(OUTCOMES)]
            text = texts.get(key, "")
            payload = {"demo": True, **full_payload(worker, event_payload, texts=[text])}
            created = now - dt.timedelta(hours=3 * (len(sources) - i))
            notice = Notice.objects.create(
                channel=Channel.WHATSAPP,
                to="" if status == Notice.Status.SKIPPED else phone_to_msisdn(worker.phone),
                template=key,
                payload=payload,
                body=render(text, payload),
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
    kinds = len({key for key, _worker, _payload in sources})
    out.write(
        f"Notifikasi: {len(sources)} contoh dari {kinds} jenis peristiwa, dalam status terkirim, menunggu, "
        "gagal, gagal permanen, dilewati."
    )
