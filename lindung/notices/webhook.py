"""Incoming WhatsApp: the Business Cloud API's webhook and a generic HTTP gateway's.

Both are public URLs (the provider calls them), so each request proves where it came from with an HMAC-SHA256
of the raw body under a shared secret, compared in constant time, before anything is parsed or written:
- Cloud API: `X-Hub-Signature-256: sha256=<hex>` keyed with the app secret; GET answers the subscription
  handshake (hub.mode=subscribe, hub.verify_token, hub.challenge).
- Gateway: `X-Lindung-Signature: sha256=<hex>` keyed with LINDUNG_WHATSAPP_GATEWAY_SECRET; the body is
  {"id": ..., "from": ..., "text": ...} (optionally "timestamp", seconds since the epoch).
A wrong signature gets 403 and a malformed body 400, both with nothing written; a message id seen before gets
200 (so the provider stops retrying) and nothing twice. These are the only views exempt from CSRF: a provider
has no session, and the signature does what the CSRF token does elsewhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import re
from typing import Any

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .models import InboundMessage
from .whatsapp import DeliveryReport, Incoming, inbound_receive, notice_delivery_update

log = logging.getLogger(__name__)

_CHALLENGE = re.compile(r"[A-Za-z0-9_\-]{1,128}")


def signature_ok(secret: str, body: bytes, header: str) -> bool:
    """Whether `header` is "sha256=" + the hex HMAC-SHA256 of the body under the secret."""
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


def _moment(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _text_of(message: dict[str, Any]) -> str:
    """The words of a message: a text, a quick-reply button, an interactive reply; other kinds have none."""
    kind = message.get("type")
    if kind == "text":
        return str((message.get("text") or {}).get("body") or "")
    if kind == "button":
        return str((message.get("button") or {}).get("text") or "")
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
        return str(reply.get("title") or "")
    return ""


def cloud_events(payload: Any) -> tuple[list[Incoming], list[DeliveryReport]]:
    """Messages and status reports of a Cloud API webhook body; ValueError when it is not that shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise ValueError("not a WhatsApp Business Account webhook")
    messages: list[Incoming] = []
    reports: list[DeliveryReport] = []
    for entry in payload["entry"]:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            if not isinstance(value, dict):
                raise ValueError("change without a value")
            for message in value.get("messages") or []:
                if not isinstance(message, dict) or not message.get("id") or not message.get("from"):
                    raise ValueError("message without id or sender")
                messages.append(
                    Incoming(
                        source=InboundMessage.Source.CLOUD,
                        message_id=str(message["id"]),
                        sender=str(message["from"]),
                        text=_text_of(message),
                        sent_at=_moment(message.get("timestamp")),
                    )
                )
            for status in value.get("statuses") or []:
                if not isinstance(status, dict) or not status.get("id") or not status.get("status"):
                    raise ValueError("status without id")
                error = ((status.get("errors") or [None])[0]) or {}
                code = error.get("code")
                details = (error.get("error_data") or {}).get("details") or ""
                reports.append(
                    DeliveryReport(
                        provider_id=str(status["id"]),
                        status=str(status["status"]),
                        at=_moment(status.get("timestamp")) or dt.datetime.now(tz=dt.UTC),
                        error_code=code if isinstance(code, int) else None,
                        error_text=" — ".join(str(p) for p in (error.get("title"), details) if p)[:500],
                    )
                )
    return messages, reports


def _form_url(request: HttpRequest) -> str:
    path = reverse("intake_apply")
    return settings.PUBLIC_URL + path if settings.PUBLIC_URL else request.build_absolute_uri(path)


def _handle(request: HttpRequest, messages: list[Incoming], reports: list[DeliveryReport]) -> HttpResponse:
    form_url = _form_url(request)
    for message in messages:
        inbound_receive(message=message, form_url=form_url)
    for report in reports:
        notice_delivery_update(report=report)
    return HttpResponse("ok", content_type="text/plain")


def _verify(request: HttpRequest) -> HttpResponse:
    token = settings.WHATSAPP_VERIFY_TOKEN
    given = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if (
        token
        and request.GET.get("hub.mode") == "subscribe"
        and hmac.compare_digest(given.encode(), token.encode())
        and _CHALLENGE.fullmatch(challenge)
    ):
        return HttpResponse(challenge, content_type="text/plain")
    return HttpResponseForbidden("verify token salah")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def cloud_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _verify(request)
    body = request.body
    if not signature_ok(settings.WHATSAPP_APP_SECRET, body, request.headers.get("X-Hub-Signature-256", "")):
        log.warning("whatsapp webhook: wrong or missing signature; refused")
        return HttpResponseForbidden("tanda tangan salah")
    try:
        messages, reports = cloud_events(json.loads(body))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        return HttpResponseBadRequest(f"isi permintaan tidak dikenali: {exc}")
    return _handle(request, messages, reports)


@csrf_exempt
@require_POST
def gateway_webhook(request: HttpRequest) -> HttpResponse:
    body = request.body
    if not signature_ok(
        settings.WHATSAPP_GATEWAY_SECRET, body, request.headers.get("X-Lindung-Signature", "")
    ):
        log.warning("whatsapp gateway: wrong or missing signature; refused")
        return HttpResponseForbidden("tanda tangan salah")
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or not data.get("id") or not data.get("from"):
            raise ValueError("id and from are required")
        message = Incoming(
            source=InboundMessage.Source.GATEWAY,
            message_id=str(data["id"]),
            sender=str(data["from"]),
            text=str(data.get("text") or ""),
            sent_at=_moment(data.get("timestamp")),
        )
    except ValueError as exc:
        return HttpResponseBadRequest(f"isi permintaan tidak dikenali: {exc}")
    return _handle(request, [message], [])
