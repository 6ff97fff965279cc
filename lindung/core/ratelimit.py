"""Fixed-window request counters in the database, raised atomically.

One statement counts a request and answers the new total, on SQLite (3.35 or later, for RETURNING) and on
PostgreSQL alike; two processes counting the same key at the same moment both count. The row lock it takes
lasts only as long as the statement's transaction, so callers count outside any long transaction.
"""

from __future__ import annotations

import time

from django.db import connection

from lindung.core.models import RateCounter


def _upsert() -> str:
    q = connection.ops.quote_name
    table, key, start, count = q(RateCounter._meta.db_table), q("key"), q("window_start"), q("count")
    # Only quoted names are formatted in; the values are bound parameters.
    insert = f"INSERT INTO {table} ({key}, {start}, {q('expires_at')}, {count}) VALUES (%s, %s, %s, 1) "  # noqa: S608
    return (
        insert + f"ON CONFLICT ({key}, {start}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )


def count_hit(key: str, window: int, *, now: float | None = None) -> int:
    """Count one request for `key` in the current `window`-second window; the total so far in that window."""
    moment = int(time.time() if now is None else now)
    start = moment - moment % window
    # One statement is its own transaction in autocommit: no BEGIN and COMMIT round trips around it.
    with connection.cursor() as cursor:
        cursor.execute(_upsert(), [key[:120], start, start + window])
        (count,) = cursor.fetchone()
    if count == 1:
        # The first request of a new window clears windows that have closed, for every key.
        RateCounter.objects.filter(expires_at__lt=moment).delete()
    return int(count)


def reset(key_prefix: str = "") -> None:
    """Forget the counters (all, or those whose key starts with the prefix): for operators and tests."""
    RateCounter.objects.filter(key__startswith=key_prefix).delete()
