"""Delivery adapters, one per channel as chosen in settings.NOTICE_ADAPTERS: "log" or "http"."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .models import Channel, Notice


class DeliveryError(Exception):
    """The gateway refused or could not be reached; the notice is retried later."""


class GiveUp(Exception):
    """The message can never be delivered as it is (an invalid number, a refused message): dead at once."""


class SwitchToSms(Exception):
    """WhatsApp cannot carry this message now (no template for it outside the 24-hour window, re-engagement
    required): the notice is sent as an SMS instead."""


class Adapter(Protocol):
    def send(self, notice: Notice) -> str | None:
        """Deliver the notice; the provider's message id when it gives one (for its status callbacks)."""
        ...


class LogAdapter:
    """Appends one JSON line per message to a file: the default, for development and for offline sites."""

    def send(self, notice: Notice) -> str | None:
        line = {
            "at": timezone.now().isoformat(),
            "id": notice.pk,
            "channel": notice.channel,
            "to": notice.to,
            "template": notice.template,
            "body": notice.body,
        }
        try:
            path = settings.NOTICE_LOG_FILE
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as out:
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise DeliveryError(f"cannot write {settings.NOTICE_LOG_FILE}: {exc}") from exc
        return None


class HttpAdapter:
    """POSTs JSON with a bearer token; any answer but 2xx, or no answer within the timeout, is a failure."""

    def __init__(self, url: str, token: str):
        if not url.startswith(("http://", "https://")):
            raise ImproperlyConfigured("notice gateway URL must start with http:// or https://")
        self.url, self.token = url, token

    def body(self, notice: Notice) -> dict[str, Any]:
        return {"to": notice.to, "message": notice.body, "reference": str(notice.pk)}

    def send(self, notice: Notice) -> str | None:
        data = json.dumps(self.body(notice)).encode()
        request = urllib.request.Request(  # noqa: S310 — the scheme is checked in __init__
            self.url,
            data=data,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTICE_TIMEOUT_SECONDS) as response:  # noqa: S310
                answer = response.read(65536)
        except urllib.error.HTTPError as exc:
            raise DeliveryError(
                f"gateway answered HTTP {exc.code}: {exc.read(500).decode(errors='replace')}"
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"gateway unreachable: {exc}") from exc
        return provider_message_id(answer)


def provider_message_id(answer: bytes) -> str | None:
    """The id a gateway gave the message: {"messages": [{"id": ...}]} (WhatsApp's shape) or {"id": ...}."""
    try:
        data = json.loads(answer or b"null")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    messages = data.get("messages")
    if isinstance(messages, list) and messages and isinstance(messages[0], dict):
        data = messages[0]
    found = data.get("id")
    return str(found)[:128] if isinstance(found, str | int) and found else None


class WhatsAppAdapter(HttpAdapter):
    """The message shape of the WhatsApp Business (Cloud) API; a gateway that proxies it takes the same."""

    def body(self, notice: Notice) -> dict[str, Any]:
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": notice.to,
            "type": "text",
            "text": {"preview_url": False, "body": notice.body},
        }


def adapter_for(channel: str) -> Adapter:
    kind = settings.NOTICE_ADAPTERS.get(channel, "log")
    if kind == "log":
        return LogAdapter()
    if kind == "cloud" and channel == Channel.WHATSAPP:
        from .cloud import CloudApiAdapter

        return CloudApiAdapter()
    if kind == "http" and channel == Channel.WHATSAPP:
        return WhatsAppAdapter(settings.WHATSAPP_GATEWAY_URL, settings.WHATSAPP_GATEWAY_TOKEN)
    if kind == "http" and channel == Channel.SMS:
        return HttpAdapter(settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN)
    raise ImproperlyConfigured(f"no notice adapter {kind!r} for channel {channel!r}")
