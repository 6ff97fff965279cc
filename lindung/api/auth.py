"""Bearer-token authentication and the per-token rate limit."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from .models import ApiToken
from .services import ApiPrincipal, api_token_for_key

# last_used_at is for "is this token still in use?", so a write per minute is precise enough.
TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiPrincipal | None:
        found = api_token_for_key(token)
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        return ApiPrincipal.of(found)


class TokenRateThrottle(BaseThrottle):
    """A fixed one-minute window per token, counted in the cache (shared by every process on a shared cache)."""

    window = 60

    def allow_request(self, request: HttpRequest) -> bool:
        principal: Any = getattr(request, "auth", None)
        if principal is None:
            return True
        now = time.time()
        self.window_end = (int(now) // self.window + 1) * self.window
        self.now = now
        key = f"lindung:api-rate:{principal.token.pk}:{int(now) // self.window}"
        cache.add(key, 0, self.window * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, self.window * 2)
            count = 1
        return count <= settings.API_RATE_LIMIT

    def wait(self) -> float | None:
        return self.window_end - self.now
