"""Enqueue notices from templates, and send one with retries. Nothing here may break the caller's page."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import string
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindung.core.bulk import insert_rows
from lindung.core.models import Office
from lindung.intake.receipts import display_receipt_no
from lindung.workers.models import Worker

from .adapters import DeliveryError, GiveUp, SwitchToSms, adapter_for
from .models import Channel, Notice, NoticeTemplate, TemplateKey

log = logging.getLogger(__name__)

# A second identical message to the same person within this window is the same event told twice
# (e.g. the status hook and the enrolment code both announcing a membership).
DUPLICATE_WINDOW = dt.timedelta(hours=1)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "-"


# Text in [square brackets] is kept only when every placeholder inside it has a value: "[(nomor
# {receipt_no})]" disappears for a worker entered by an operator, who never got a receipt.
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_STOP = re.compile(r" +([.,;:])")


def render(text: str, payload: dict[str, Any]) -> str:
    filled = {k: v for k, v in payload.items() if v not in (None, "")}

    def optional(match: re.Match[str]) -> str:
        inner = match.group(1)
        return inner if _placeholders(inner) <= filled.keys() else ""

    text = OPTIONAL.sub(optional, text)
    body = text.format_map(_Blank(filled))
    return _SPACE_BEFORE_STOP.sub(r"\1", _SPACES.sub(" ", body)).strip()


def placeholders_in(text: str) -> set[str]:
    """The {names} a template uses; raises ValueError on a broken brace."""
    return set(_placeholders(text))


@functools.lru_cache(maxsize=1024)
def _placeholders(text: str) -> frozenset[str]:
    # Read once per text: a bulk notice renders the same few templates tens of thousands of times.
    return frozenset(name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None)


def long_date(day: dt.date | None) -> str:
    """1 Januari 2027: a message to a worker is in Indonesian whatever language the staff page is in."""
    if day is None:
        return ""
    return _long_date(day)


@functools.lru_cache(maxsize=4096)
def _long_date(day: dt.date) -> str:
    # Switching the language costs more than the formatting; a batch's notices share a few dates.
    with translation.override("id"):
        return date_format(day, "j F Y")


def phone_to_msisdn(phone: str) -> str:
    """08xx, +628xx, 628xx → 628xx, the form WhatsApp and SMS gateways take; '' when it is not a number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    return digits if digits.startswith("62") and 9 <= len(digits) <= 15 else ""


def _recipient(channel: str, worker: Worker, payload: dict[str, Any]) -> tuple[str, str]:
    """(to, why not) for one channel."""
    if channel == Channel.EMAIL:
        email = str(payload.get("email") or "")
        return (email, "") if "@" in email else ("", _("Tidak ada alamat email."))
    if not worker.phone:
        return "", _("Pekerja tidak punya nomor HP/WhatsApp.")
    to = phone_to_msisdn(worker.phone)
    return (to, "") if to else ("", _("Nomor HP %(p)s tidak bisa dipakai untuk pesan.") % {"p": worker.phone})


def full_payload(
    worker: Worker, payload: dict[str, Any], *, texts: list[str], offices: dict[str, str] | None = None
) -> dict[str, Any]:
    """The event's payload plus what every message may name: the person, the receipt, the office.

    `offices` caches the contact line per kabupaten across the workers of one bulk call.
    """
    # The receipt as the applicant saw it on screen and on /status/ (LD-ACDE-3467), one format everywhere.
    payload = {
        "name": worker.name,
        "receipt_no": display_receipt_no(worker.receipt_no) if worker.receipt_no else "",
        **payload,
    }
    if "contact" not in payload and any("{contact}" in text for text in texts):
        code = worker.kabupaten_id or settings.DEFAULT_KABUPATEN
        offices = {} if offices is None else offices
        if code not in offices:
            office = Office.for_kabupaten(code)
            offices[code] = office.contact_line if office is not None else ""
        payload["contact"] = offices[code]
    return payload


def notice_enqueue(*, worker: Worker, template_key: str, payload: dict[str, Any]) -> list[Notice]:
    """One notice per active template of this kind. Runs in the caller's transaction; sending starts on commit.

    A person without a usable number still gets a row, status skipped with the reason, so staff can see
    who was not told. A pending notice for the same event is updated instead of doubled.
    """
    template_key = str(template_key)  # a TemplateKey member logs as its name, the rows want the value
    templates = list(NoticeTemplate.objects.filter(key=template_key, active=True))
    if not templates:
        log.warning("notices: no active template %r; nothing sent for worker %s", template_key, worker.pk)
        return []
    payload = full_payload(worker, payload, texts=[t.text for t in templates])
    notices = []
    for template in templates:
        body = render(template.text, payload)
        to, why_not = _recipient(template.channel, worker, payload)
        # The same message lately, or one not yet tried (to update): both read in one round trip.
        recent = list(
            Notice.objects.filter(
                worker=worker,
                template=template_key,
                channel=template.channel,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            ).filter(Q(body=body) | Q(status=Notice.Status.PENDING, attempts=0))
        )
        if any(n.body == body for n in recent):
            continue
        pending = next((n for n in recent if n.status == Notice.Status.PENDING and n.attempts == 0), None)
        if pending is not None:
            pending.payload = {**pending.payload, **{k: v for k, v in payload.items() if v not in (None, "")}}
            pending.body = render(template.text, pending.payload)
            pending.save(update_fields=["payload", "body"])
            notices.append(pending)
            continue
        notice = Notice.objects.create(
            channel=template.channel,
            to=to,
            template=template_key,
            payload=payload,
            body=body,
            worker=worker,
            status=Notice.Status.PENDING if to else Notice.Status.SKIPPED,
            last_error=why_not,
            next_attempt_at=timezone.now() if to else None,
        )
        notices.append(notice)
        if to:
            transaction.on_commit(partial(_enqueue_send, notice.pk))
    return notices


def notices_enqueue_bulk(items: list[tuple[Worker, str, dict[str, Any]]]) -> int:
    """notice_enqueue for many (worker, template key, payload) at once, with the same rules (a row per active
    template, skipped with the reason when there is no number, no second identical message within the window,
    a pending one updated instead of doubled), written in one pass (lindung.core.bulk). Returns how many notices
    were written or updated.

    Sending is queued on commit in chunks of SEND_CHUNK notices a task, so a 45,000-worker batch adds a hundred
    task rows, not 45,000; the db_workers share the chunks.
    """
    items = [(worker, str(key), payload) for worker, key, payload in items]
    keys = {key for _w, key, _p in items}
    templates: dict[str, list[NoticeTemplate]] = {}
    for template in NoticeTemplate.objects.filter(key__in=keys, active=True):
        templates.setdefault(template.key, []).append(template)
    for key in keys - set(templates):
        log.warning("notices: no active template %r; nothing sent for %d workers", key, len(items))
    items = [item for item in items if item[1] in templates]
    now = timezone.now()
    # What the window already holds for these workers: the same message (skip) or one not yet tried (update).
    recent: dict[tuple[int, str, str], list[Notice | list[Any]]] = {}
    worker_ids = sorted({worker.pk for worker, _k, _p in items})
    for start in range(0, len(worker_ids), 2000):
        for notice in Notice.objects.filter(
            worker_id__in=worker_ids[start : start + 2000],
            template__in=keys,
            created_at__gte=now - DUPLICATE_WINDOW,
        ).order_by("-created_at", "-id"):
            assert notice.worker_id is not None
            recent.setdefault((notice.worker_id, notice.template, notice.channel), []).append(notice)
    new: list[list[Any]] = []  # rows in NEW_FIELDS order
    updated: list[Notice] = []
    offices: dict[str, str] = {}
    for worker, key, payload in items:
        payload = full_payload(worker, payload, texts=[t.text for t in templates[key]], offices=offices)
        for template in templates[key]:
            body = render(template.text, payload)
            earlier = recent.setdefault((worker.pk, key, template.channel), [])
            if any(_body(n) == body for n in earlier):
                continue
            pending = next((n for n in earlier if _not_tried(n)), None)
            if pending is not None:
                merged = {**_payload(pending), **{k: v for k, v in payload.items() if v not in (None, "")}}
                if isinstance(pending, Notice):
                    pending.payload, pending.body = merged, render(template.text, merged)
                    if pending not in updated:
                        updated.append(pending)
                else:  # a row of this call, not written yet
                    pending[3], pending[4] = merged, render(template.text, merged)
                continue
            to, why_not = _recipient(template.channel, worker, payload)
            status = Notice.Status.PENDING if to else Notice.Status.SKIPPED
            row = [
                template.channel,
                to,
                key,
                payload,
                body,
                status,
                0,
                now if to else None,
                why_not,
                worker.pk,
                now,
            ]
            earlier.append(row)
            new.append(row)
    ids = insert_rows(Notice, NEW_FIELDS, new, returning_ids=True)
    Notice.objects.bulk_update(updated, ["payload", "body"], batch_size=2000)
    due = [pk for pk, row in zip(ids, new, strict=True) if row[1]]
    for start in range(0, len(due), SEND_CHUNK):
        transaction.on_commit(partial(_enqueue_send_many, due[start : start + SEND_CHUNK]))
    return len(new) + len(updated)


NEW_FIELDS = [
    "channel",
    "to",
    "template",
    "payload",
    "body",
    "status",
    "attempts",
    "next_attempt_at",
    "last_error",
    "worker",
    "created_at",
]


def _body(notice: Notice | list[Any]) -> str:
    return notice.body if isinstance(notice, Notice) else notice[4]


def _payload(notice: Notice | list[Any]) -> dict[str, Any]:
    return notice.payload if isinstance(notice, Notice) else notice[3]


def _not_tried(notice: Notice | list[Any]) -> bool:
    if isinstance(notice, Notice):
        return notice.status == Notice.Status.PENDING and notice.attempts == 0
    return notice[5] == Notice.Status.PENDING


SEND_CHUNK = 500


def _enqueue_send_many(notice_ids: list[int]) -> None:
    from .tasks import send_notices

    try:
        send_notices.enqueue(notice_ids)
    except Exception:  # as _enqueue_send: send_notices (cron) picks them up
        log.exception("notices: could not queue %d notices", len(notice_ids))


def _enqueue_send(notice_id: int, run_after: dt.datetime | None = None) -> None:
    from .tasks import send_notice

    try:
        if run_after is None:
            send_notice.enqueue(notice_id)
        elif send_notice.get_backend().supports_defer:
            send_notice.using(run_after=run_after).enqueue(notice_id)
        # else: a backend that cannot defer; `manage.py send_notices` (cron) retries when due.
    except Exception:  # a broken queue must not break the page; send_notices (cron) picks the notice up
        log.exception("notices: could not queue notice %s", notice_id)


MEMBERSHIP_EVENTS = {
    "start": TemplateKey.MEMBERSHIP_ACTIVE,
    "active": TemplateKey.MEMBERSHIP_ACTIVE,
    "reactivate": TemplateKey.MEMBERSHIP_REACTIVATED,
    "end": TemplateKey.MEMBERSHIP_ENDING,
    "ending": TemplateKey.MEMBERSHIP_ENDING,
    "deactivate": TemplateKey.MEMBERSHIP_NONAKTIF,
}


def membership_payload(membership: Any, event: str) -> dict[str, Any]:
    """What a membership notice says: the KPJ, the period it covers (or the day it ended), and why."""
    payload: dict[str, Any] = {"kpj": getattr(membership, "kpj", "")}
    if MEMBERSHIP_EVENTS.get(event) == TemplateKey.MEMBERSHIP_ENDING:
        payload["end_date"] = long_date(getattr(membership, "end_date", None))
        reason_display = getattr(membership, "get_end_reason_display", None)
        reason = reason_display() if callable(reason_display) else getattr(membership, "end_reason", "")
        payload["reason"] = str(reason or "")
    else:
        payload["start_date"] = long_date(getattr(membership, "start", None))
        payload["end_date"] = long_date(getattr(membership, "end", None))
    return payload


def notify_membership_change(membership: Any, event: str) -> list[Notice]:
    """The notice for one membership event ("start", "end", "deactivate", "reactivate"); never raises.

    `membership` is any object with .worker, .kpj, .start, .end, .end_date and .end_reason. Call it once per
    membership (a batch's results call it in a loop inside their transaction).
    """
    key = MEMBERSHIP_EVENTS.get(event)
    if key is None:
        log.warning("notices: unknown membership event %r", event)
        return []
    try:
        with transaction.atomic():
            return notice_enqueue(
                worker=membership.worker, template_key=key, payload=membership_payload(membership, event)
            )
    except Exception:
        log.exception(
            "notices: membership notice failed for worker %s", getattr(membership, "worker_id", None)
        )
        return []


def notify_memberships_change(memberships: list[Any], event: str) -> int:
    """notify_membership_change for many memberships of one event (a renewal ending hundreds), in one pass."""
    key = MEMBERSHIP_EVENTS.get(event)
    if key is None:
        log.warning("notices: unknown membership event %r", event)
        return 0
    items = []
    for membership in memberships:
        items.append((membership.worker, str(key), membership_payload(membership, event)))
    try:
        with transaction.atomic():
            return notices_enqueue_bulk(items)
    except Exception:
        log.exception("notices: membership notices failed for %d memberships", len(items))
        return 0


def retry_delay(attempts: int) -> dt.timedelta:
    """60 s, 120 s, 240 s, ... after the 1st, 2nd, 3rd failed attempt (base from settings)."""
    return dt.timedelta(seconds=settings.NOTICE_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def notice_send(*, notice_id: int, now: dt.datetime | None = None) -> Notice | None:
    """One delivery attempt if the notice is due. Returns the notice, or None when there was nothing to do.

    The gateway call happens outside any transaction: a slow gateway (up to the timeout) must not hold a
    lock that pages wait for. The claim moves next_attempt_at past the timeout so two workers never send
    the same notice at once, and a worker that dies mid-send leaves the notice due again later.
    """
    now = now or timezone.now()
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .filter(pk=notice_id, status__in=[Notice.Status.PENDING, Notice.Status.FAILED])
            .first()
        )
        if notice is None or (notice.next_attempt_at and notice.next_attempt_at > now):
            return None
        notice.attempts += 1
        notice.next_attempt_at = now + dt.timedelta(seconds=settings.NOTICE_TIMEOUT_SECONDS + 60)
        notice.save(update_fields=["attempts", "next_attempt_at"])
    from .whatsapp import opted_out, sms_instead

    if notice.template != TemplateKey.REPLY and notice.channel != Channel.EMAIL and opted_out(notice.to):
        # The person sent BERHENTI after this notice was queued: it is not sent, and staff see why.
        notice.status, notice.next_attempt_at = Notice.Status.SKIPPED, None
        notice.last_error = _("Nomor ini meminta berhenti menerima pesan (BERHENTI).")
        notice.save(update_fields=["status", "last_error", "next_attempt_at"])
        return notice
    try:
        provider_id = adapter_for(notice.channel).send(notice)
    except GiveUp as exc:
        notice.status, notice.next_attempt_at, notice.last_error = Notice.Status.DEAD, None, str(exc)[:1000]
    except SwitchToSms as exc:
        notice.status, notice.next_attempt_at = Notice.Status.SKIPPED, None
        notice.last_error = (_("Dialihkan ke SMS: %(why)s") % {"why": exc})[:1000]
        sms_instead(notice)
    except (DeliveryError, ImproperlyConfigured) as exc:
        notice.last_error = str(exc)[:1000]
        if notice.attempts >= settings.NOTICE_MAX_ATTEMPTS:
            notice.status, notice.next_attempt_at = Notice.Status.DEAD, None
        else:
            notice.status = Notice.Status.FAILED
            notice.next_attempt_at = now + retry_delay(notice.attempts)
    else:
        notice.status, notice.sent_at, notice.next_attempt_at = Notice.Status.SENT, timezone.now(), None
        notice.last_error = ""
        notice.provider_id = provider_id or ""
    notice.save(update_fields=["status", "last_error", "sent_at", "next_attempt_at", "provider_id"])
    if notice.status == Notice.Status.FAILED and notice.next_attempt_at:
        _enqueue_send(notice.pk, run_after=notice.next_attempt_at)
    return notice


def due_notices(now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Notice.objects.filter(
            status__in=[Notice.Status.PENDING, Notice.Status.FAILED], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)
    )


def notice_retry(*, notice: Notice) -> Notice:
    """Staff asked to try a dead notice again: one more round of attempts."""
    with transaction.atomic():
        notice.status, notice.attempts, notice.next_attempt_at = Notice.Status.PENDING, 0, timezone.now()
        notice.save(update_fields=["status", "attempts", "next_attempt_at"])
        transaction.on_commit(lambda: _enqueue_send(notice.pk))
    return notice
