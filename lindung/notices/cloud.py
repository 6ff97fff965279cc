"""The WhatsApp Business Cloud API as it takes messages: a business opens a conversation only with an approved
template (name, language, body parameters); free text is allowed only within 24 hours of the person's last message.

POST {WHATSAPP_CLOUD_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages with the access token as a bearer token. An error
answer carries {"error": {"code": N, "message": ..., "error_data": {"details": ...}}}; the code decides whether
the notice is tried again later, given up, or sent as an SMS instead.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import string
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .adapters import DeliveryError, GiveUp, SwitchToSms, provider_message_id
from .models import Channel, Notice, NoticeTemplate, TemplateKey, WhatsAppContact

log = logging.getLogger(__name__)

# Free text (a reply, or a notice without a template) only this long after the person last wrote.
WINDOW = dt.timedelta(hours=24)

# Error codes of the Cloud API (developers.facebook.com, WhatsApp error codes) by what Lindung does about them.
RATE_LIMITED = {4, 80007, 130429, 131048, 131056}  # app, account, throughput, spam and pair rate limits
TEMPORARY = {1, 2, 131000, 131016, 131049, 133004}  # unknown/service errors, Meta holding a message back
AUTH = {0, 3, 10, 190, *range(200, 300)}  # the token or its permissions: retried, and the operator told
REENGAGEMENT = 131047  # more than 24 hours since the person wrote: free text is refused
UNDELIVERABLE = {100, 131008, 131009, 131021, 131026, 131030, 131045, 131051}  # this message or number, never
TEMPLATE_UNUSABLE = {132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069}

RETRY, AUTH_RETRY, SWITCH, GIVE_UP = "retry", "auth", "switch", "give_up"


def classify(code: int | None, *, free_text: bool = False) -> str:
    """What an error code calls for: retry later, retry and alert (auth), switch to SMS, or give up."""
    if code in AUTH:
        return AUTH_RETRY
    if code == REENGAGEMENT:
        # A reply that missed the window is pointless as an SMS; a notice still has to reach the person.
        return GIVE_UP if free_text else SWITCH
    if code in TEMPLATE_UNUSABLE:
        return SWITCH
    if code in UNDELIVERABLE:
        return GIVE_UP
    return RETRY  # rate limits, temporary errors and codes not known here: the normal backoff, then dead


def placeholders_in_order(text: str) -> list[str]:
    """The {names} of a template text in the order they first appear: the order of {{1}}, {{2}}, ..."""
    seen: list[str] = []
    for _lit, name, _spec, _conv in string.Formatter().parse(text):
        if name and name not in seen:
            seen.append(name)
    return seen


_WHITESPACE = re.compile(r"\s+")


def parameter_text(value: Any) -> str:
    """WhatsApp refuses an empty parameter and one with new lines, tabs or runs of spaces."""
    text = _WHITESPACE.sub(" ", str(value or "")).strip()
    return text[:1000] or "-"


def template_for(notice: Notice) -> tuple[str, list[str]] | None:
    """(approved template name, body parameters) for the notice's kind, or None when there is none."""
    row = NoticeTemplate.objects.filter(key=notice.template, channel=Channel.WHATSAPP).first()
    name = settings.WHATSAPP_TEMPLATES.get(notice.template) or (row.provider_template if row else "")
    if not name:
        return None
    names = placeholders_in_order(row.text) if row else []
    return name, [parameter_text(notice.payload.get(key)) for key in names]


def in_window(msisdn: str, now: dt.datetime | None = None) -> bool:
    """Whether the person wrote within the last 24 hours (so free text may be sent)."""
    now = now or timezone.now()
    return WhatsAppContact.objects.filter(msisdn=msisdn, last_inbound_at__gte=now - WINDOW).exists()


def request_body(notice: Notice) -> dict[str, Any]:
    """The message as the API takes it; raises GiveUp or SwitchToSms when WhatsApp cannot carry it now."""
    base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": notice.to}
    text = {**base, "type": "text", "text": {"preview_url": False, "body": notice.body[:4096]}}
    if notice.template == TemplateKey.REPLY:
        if not in_window(notice.to):
            raise GiveUp("balasan di luar jendela 24 jam sejak orang itu menulis; tidak dikirim")
        return text
    found = template_for(notice)
    if found is not None:
        name, parameters = found
        template: dict[str, Any] = {"name": name, "language": {"code": settings.WHATSAPP_TEMPLATE_LANGUAGE}}
        if parameters:
            template["components"] = [
                {"type": "body", "parameters": [{"type": "text", "text": p} for p in parameters]}
            ]
        return {**base, "type": "template", "template": template}
    if in_window(notice.to):
        return text
    raise SwitchToSms(
        "tidak ada templat WhatsApp untuk jenis pesan ini dan orang itu tidak menulis 24 jam terakhir"
    )


def api_error(raw: bytes) -> tuple[int | None, str]:
    """(code, readable message) of an error answer; (None, the text) when it is not the API's JSON."""
    try:
        error = json.loads(raw).get("error") or {}
    except (ValueError, AttributeError):
        return None, raw[:300].decode(errors="replace")
    code = error.get("code")
    details = (error.get("error_data") or {}).get("details") or ""
    message = " — ".join(str(p) for p in (error.get("message"), details) if p)
    return (code if isinstance(code, int) else None), message[:500]


def raise_for(code: int | None, message: str, *, status: int, free_text: bool) -> None:
    what = f"WhatsApp HTTP {status}" + (f", kode {code}" if code is not None else "") + f": {message}"
    action = classify(code, free_text=free_text) if code is not None else RETRY
    if status >= 500 and code is None:
        action = RETRY
    if action == AUTH_RETRY:
        # An expired or revoked token stops every message: the operator has to act, so it is logged as an error.
        log.error("whatsapp: the access token or its permissions were refused (%s); renew it", what)
        raise DeliveryError(what)
    if action == SWITCH:
        if code in TEMPLATE_UNUSABLE:
            log.error("whatsapp: the template was refused (%s); check LINDUNG_WHATSAPP_TEMPLATES", what)
        raise SwitchToSms(what)
    if action == GIVE_UP:
        raise GiveUp(what)
    raise DeliveryError(what)


class CloudApiAdapter:
    def __init__(self) -> None:
        base = settings.WHATSAPP_CLOUD_URL.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise ImproperlyConfigured("LINDUNG_WHATSAPP_CLOUD_URL must start with http:// or https://")
        if not settings.WHATSAPP_PHONE_NUMBER_ID or not settings.WHATSAPP_ACCESS_TOKEN:
            raise ImproperlyConfigured("WhatsApp Cloud API: phone number id and access token are required")
        self.url = f"{base}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
        self.token = settings.WHATSAPP_ACCESS_TOKEN

    def send(self, notice: Notice) -> str | None:
        body = request_body(notice)
        request = urllib.request.Request(  # noqa: S310 — the scheme is checked in __init__
            self.url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTICE_TIMEOUT_SECONDS) as response:  # noqa: S310
                answer = response.read(65536)
        except urllib.error.HTTPError as exc:
            code, message = api_error(exc.read(4000))
            raise_for(code, message, status=exc.code, free_text=body["type"] == "text")
            raise  # raise_for always raises; this keeps the type checker sure of it
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"WhatsApp tidak terjangkau: {exc}") from exc
        return provider_message_id(answer)
