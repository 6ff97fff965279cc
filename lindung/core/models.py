"""Tables shared by every app."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """Requests counted for one key (an IP, an API token) in one fixed window.

    A row per key and window, raised by one INSERT … ON CONFLICT DO UPDATE (see lindung.core.ratelimit): the
    cache's add + incr is a read then a write on the database cache, and concurrent requests lost counts.
    """

    key = models.CharField(max_length=120)
    window_start = models.BigIntegerField(help_text="Unix time at which the window opened.")
    expires_at = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"
