"""Recorded WhatsApp payloads (tests/fixtures, in the documented format) and how to post them signed."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from django.test import Client

FIXTURES = Path(__file__).parent / "fixtures"
APP_SECRET = "rahasia-aplikasi-meta"
GATEWAY_SECRET = "rahasia-gateway-wa"
VERIFY_TOKEN = "token-verifikasi-muba"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def text_message(text: str, *, message_id: str = "wamid.A1", sender: str = "6281234567890") -> dict[str, Any]:
    """The recorded text-message webhook with another text, id and sender."""
    payload = copy.deepcopy(fixture("cloud_message_text.json"))
    value = payload["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["wa_id"] = sender
    message = value["messages"][0]
    message.update({"id": message_id, "from": sender})
    message["text"]["body"] = text
    return payload


def post_cloud(payload: Any, *, secret: str = APP_SECRET, raw: bytes | None = None) -> Any:
    body = raw if raw is not None else json.dumps(payload).encode()
    return Client().post(
        "/whatsapp/webhook/",
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(secret, body)},
    )


def post_gateway(payload: Any, *, secret: str = GATEWAY_SECRET, raw: bytes | None = None) -> Any:
    body = raw if raw is not None else json.dumps(payload).encode()
    return Client().post(
        "/whatsapp/gateway/",
        data=body,
        content_type="application/json",
        headers={"X-Lindung-Signature": sign(secret, body)},
    )
