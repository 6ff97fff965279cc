"""A per-IP rate limit for the public pages (fixed windows, counted in the database)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from lindung.audit.services import client_ip
from lindung.core.ratelimit import count_hit


def limit() -> tuple[int, int]:
    """(requests, seconds). Generous: a village office or a mobile carrier puts many people behind one IP."""
    return getattr(settings, "INTAKE_RATE_LIMIT", 30), getattr(settings, "INTAKE_RATE_WINDOW", 600)


def hit(request: HttpRequest, bucket: str = "public") -> bool:
    """Count one request from this IP; False once the IP is over the limit in the current window."""
    count, window = limit()
    key = f"intake:rate:{bucket}:{client_ip(request) or 'unknown'}"
    return count_hit(key, window) <= count
