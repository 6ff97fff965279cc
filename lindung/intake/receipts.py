"""Receipt numbers: short, unguessable, easy to read aloud over a phone."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: pairs that are misread on paper or misheard when spelled out.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 8
PREFIX = "LD-"
_KEEP = re.compile(r"[^0-9A-Z]")


def new_receipt_no() -> str:
    """LD- and 8 characters: 25**8 ≈ 1.5·10¹¹ numbers, about 37 bits."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_receipt_no(raw: str) -> str:
    """What the applicant typed → the stored form: case, spaces, dashes and the prefix do not matter."""
    text = _KEEP.sub("", (raw or "").upper())
    if text.startswith("LD") and len(text) == LENGTH + 2:
        text = text[2:]
    return PREFIX + text


def display_receipt_no(receipt: str) -> str:
    """LD-ACDE-3467: grouped in fours for reading aloud."""
    body = receipt.removeprefix(PREFIX)
    return f"{PREFIX}{body[:4]}-{body[4:]}" if len(body) == LENGTH else receipt
