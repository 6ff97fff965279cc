"""WhatsApp both ways: what a person's message asks for, the answer through the outbox, the opt-out, and the
delivery reports WhatsApp sends back about our messages.

Commands (any case): STATUS <nomor tanda terima> <tanggal lahir> answers what /status/ answers; DAFTAR gives
the link to the public form; BERHENTI stops notices to the number, MULAI starts them again; anything else gets
a short help text. Every message is kept once (by the provider's message id) with any NIK in it masked.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.core.ratelimit import count_hit
from lindung.intake.forms import StatusForm
from lindung.intake.lookup import application_status_lookup, status_text
from lindung.workers.models import Worker

from .cloud import REENGAGEMENT
from .models import Channel, Delivery, InboundMessage, Notice, NoticeTemplate, TemplateKey, WhatsAppContact
from .services import _enqueue_send, phone_to_msisdn, render

log = logging.getLogger(__name__)

# Sixteen digits, maybe grouped with spaces, dots or dashes: a NIK (or a KK number) never stored from a message.
_NIK_LIKE = re.compile(r"(?<!\d)(?:\d[ .\-]?){15}\d(?!\d)")
NIK_MASK = "[NIK disamarkan]"


def mask_niks(text: str) -> str:
    return _NIK_LIKE.sub(NIK_MASK, text or "")


def msisdn_of(raw: str) -> str:
    """The sender as the outbox writes numbers (62...); a foreign number keeps its digits."""
    return phone_to_msisdn(raw) or re.sub(r"\D", "", raw or "")[:20]


def opted_out(msisdn: str) -> bool:
    return bool(msisdn) and WhatsAppContact.objects.filter(msisdn=msisdn, opted_out_at__isnull=False).exists()


def sms_instead(notice: Notice) -> Notice | None:
    """The same notice as an SMS to the same number (once), when WhatsApp cannot carry it."""
    if notice.channel != Channel.WHATSAPP or not notice.to or notice.template == TemplateKey.REPLY:
        return None
    if Notice.objects.filter(channel=Channel.SMS, payload__switched_from=notice.pk).exists():
        return None
    row = NoticeTemplate.objects.filter(key=notice.template, channel=Channel.SMS).first()
    payload = {**notice.payload, "switched_from": notice.pk}
    sms = Notice.objects.create(
        channel=Channel.SMS,
        to=notice.to,
        template=notice.template,
        payload=payload,
        body=render(row.text, payload) if row else notice.body,
        worker=notice.worker,
        status=Notice.Status.PENDING,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(partial(_enqueue_send, sms.pk))
    return sms


@dataclass
class Incoming:
    """One message as either endpoint received it."""

    source: str
    message_id: str
    sender: str
    text: str
    sent_at: dt.datetime | None = None


def _usage() -> str:
    return _(
        "Ketik: STATUS <nomor tanda terima> <tanggal lahir>, contoh: STATUS LD-ACDE-3467 17-08-1990. "
        "Nomor tanda terima ada di bukti pengajuan Anda."
    )


def _help() -> str:
    return _(
        "Layanan WhatsApp perlindungan BPJS Ketenagakerjaan Pemkab. Ketik:\n"
        "STATUS <nomor tanda terima> <tanggal lahir> — cek status pengajuan\n"
        "DAFTAR — tautan formulir pendaftaran\n"
        "BERHENTI — berhenti menerima pemberitahuan\n"
        "MULAI — menerima pemberitahuan lagi"
    )


def _status_reply(words: list[str]) -> tuple[str, Worker | None]:
    if len(words) < 2:
        return _usage(), None
    form = StatusForm({"receipt_no": " ".join(words[:-1]), "birth_date": words[-1].replace(".", "-")})
    if not form.is_valid():
        return _usage(), None
    answer = application_status_lookup(
        receipt_no=form.cleaned_data["receipt_no"], birth_date=form.cleaned_data["birth_date"]
    )
    worker = answer.get("worker")
    return status_text(answer), worker if isinstance(worker, Worker) else None


COMMANDS = {
    "STATUS": "STATUS",
    "CEK": "STATUS",
    "DAFTAR": "DAFTAR",
    "BERHENTI": "BERHENTI",
    "STOP": "BERHENTI",
    "MULAI": "MULAI",
    "START": "MULAI",
}


def _answer(text: str, *, msisdn: str, form_url: str, now: dt.datetime) -> tuple[str, str, Worker | None]:
    """(command, reply, the worker the reply is about). Runs inside the caller's transaction."""
    words = text.split()
    command = COMMANDS.get(words[0].upper().strip(".,:;!?*"), "") if words else ""
    if command == "STATUS":
        return (command, *_status_reply(words[1:]))
    if command == "DAFTAR":
        return (
            command,
            _("Isi formulir pendaftaran perlindungan BPJS Ketenagakerjaan di %(url)s") % {"url": form_url},
            None,
        )
    if command == "BERHENTI":
        WhatsAppContact.objects.filter(msisdn=msisdn).update(opted_out_at=now)
        reply = _("Nomor ini tidak akan lagi menerima pemberitahuan. Ketik MULAI untuk menerimanya lagi.")
        return command, reply, None
    if command == "MULAI":
        WhatsAppContact.objects.filter(msisdn=msisdn).update(opted_out_at=None, opted_in_at=now)
        return command, _("Pemberitahuan akan dikirim lagi ke nomor ini."), None
    return "", _help(), None


def inbound_receive(*, message: Incoming, form_url: str) -> InboundMessage | None:
    """Record one message and queue its answer; None when this message was already received (a retry).

    Past WHATSAPP_INBOUND_RATE_LIMIT messages from one number in the window, a message is recorded as limited
    and gets no answer: a flood costs one row per message and nothing is sent.
    """
    msisdn = msisdn_of(message.sender)
    if not msisdn or not message.message_id:
        return None
    if InboundMessage.objects.filter(source=message.source, message_id=message.message_id).exists():
        return None
    hits = count_hit(f"wa:in:{msisdn}", settings.WHATSAPP_INBOUND_RATE_WINDOW)
    now = timezone.now()
    try:
        with transaction.atomic():
            inbound = InboundMessage.objects.create(
                source=message.source,
                message_id=message.message_id[:128],
                msisdn=msisdn,
                text=mask_niks(message.text)[:1000],
                outcome=InboundMessage.Outcome.IGNORED,
                sent_at=message.sent_at,
            )
            contact, _created = WhatsAppContact.objects.get_or_create(msisdn=msisdn)
            contact.last_inbound_at = now  # the 24-hour window runs from when the message reached us
            contact.save(update_fields=["last_inbound_at"])
            if hits > settings.WHATSAPP_INBOUND_RATE_LIMIT:
                log.warning("whatsapp: %s sent %d messages this window; not answered", msisdn, hits)
                inbound.outcome = InboundMessage.Outcome.RATE_LIMITED
                inbound.save(update_fields=["outcome"])
                return inbound
            with translation.override("id"):
                command, reply, worker = _answer(message.text, msisdn=msisdn, form_url=form_url, now=now)
            notice = Notice.objects.create(
                channel=Channel.WHATSAPP,
                to=msisdn,
                template=TemplateKey.REPLY,
                payload={"command": command, "inbound": inbound.pk},
                body=reply,
                worker=worker,
                status=Notice.Status.PENDING,
                next_attempt_at=now,
            )
            inbound.command, inbound.reply, inbound.worker = command, notice, worker
            inbound.outcome = InboundMessage.Outcome.ANSWERED
            inbound.save(update_fields=["command", "reply", "worker", "outcome"])
            transaction.on_commit(partial(_enqueue_send, notice.pk))
    except IntegrityError:
        # The same message delivered twice at the same moment: the other request kept it.
        return None
    return inbound


RANK: dict[str, int] = {Delivery.SENT.value: 1, Delivery.DELIVERED.value: 2, Delivery.READ.value: 3}


@dataclass
class DeliveryReport:
    provider_id: str
    status: str
    at: dt.datetime
    error_code: int | None = None
    error_text: str = ""


def notice_delivery_update(*, report: DeliveryReport) -> Notice | None:
    """Record a status callback on the notice it is about; None when no notice has that message id.

    Reports may arrive out of order (read before delivered): a state never moves backwards, and a read message
    was delivered too. A failure marks the notice dead with WhatsApp's reason so staff can send it again; a
    notice refused for want of re-engagement goes out as an SMS.
    """
    if report.status not in Delivery.values or not report.provider_id:
        return None
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .filter(provider_id=report.provider_id, channel=Channel.WHATSAPP)
            .first()
        )
        if notice is None:
            log.info("whatsapp: status %s for unknown message %s", report.status, report.provider_id)
            return None
        fields = ["delivery", "delivered_at", "read_at", "failed_at"]
        if report.status == Delivery.FAILED:
            notice.delivery, notice.failed_at = Delivery.FAILED, report.at
            notice.status, notice.next_attempt_at = Notice.Status.DEAD, None
            code = f" {report.error_code}" if report.error_code is not None else ""
            notice.last_error = f"WhatsApp{code}: {report.error_text}".strip()[:1000]
            fields += ["status", "next_attempt_at", "last_error"]
            if report.error_code == REENGAGEMENT:
                sms_instead(notice)
        elif notice.delivery != Delivery.FAILED and RANK[report.status] > RANK.get(notice.delivery, 0):
            notice.delivery = report.status
            if report.status in (Delivery.DELIVERED, Delivery.READ) and notice.delivered_at is None:
                notice.delivered_at = report.at
            if report.status == Delivery.READ:
                notice.read_at = report.at
        notice.save(update_fields=fields)
    return notice
