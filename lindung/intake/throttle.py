"""A per-IP rate limit for the public pages, on Django's cache (fixed windows)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from lindung.audit.services import client_ip


def limit() -> tuple[int, int]:
    """(requests, seconds). Generous: a village office or a mobile carrier puts many people behind one IP."""
    return getattr(settings, "INTAKE_RATE_LIMIT", 30), getattr(settings, "INTAKE_RATE_WINDOW", 600)


def hit(request: HttpRequest, bucket: str = "public") -> bool:
    """Count one request from this IP; False once the IP is over the limit in the current window."""
    count, window = limit()
    key = f"intake:rate:{bucket}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    return used <= count
