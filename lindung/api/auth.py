"""Bearer-token authentication and the per-token rate limit."""

from __future__ import annotations

import datetime as dt
import math
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from lindung.audit.services import client_ip
from lindung.core.ratelimit import count_hit

from .models import ApiToken
from .services import ApiPrincipal, api_token_for_key

# last_used_at is for "is this token still in use?", so a write per minute is precise enough.
TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiPrincipal | None:
        found = api_token_for_key(token)
        if found is None:
            # Wrong keys count against the client's address (behind the trusted proxy, the real client), so
            # guessing is slowed without a token to count on.
            moment, window = time.time(), TokenRateThrottle.window
            key = f"api:ip:{client_ip(request) or 'unknown'}"
            if count_hit(key, window, now=moment) > settings.API_RATE_LIMIT:
                raise Throttled(wait=math.ceil((int(moment) // window + 1) * window - moment))
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now
        return ApiPrincipal.of(found)


class TokenRateThrottle(BaseThrottle):
    """A fixed one-minute window per token, counted in the database (shared by every process)."""

    window = 60

    def allow_request(self, request: HttpRequest) -> bool:
        principal: Any = getattr(request, "auth", None)
        if principal is None:
            return True
        now = time.time()
        self.window_end = (int(now) // self.window + 1) * self.window
        self.now = now
        count = count_hit(f"api:{principal.token.pk}", self.window, now=now)
        return count <= settings.API_RATE_LIMIT

    def wait(self) -> float | None:
        return self.window_end - self.now
