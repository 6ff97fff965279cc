"""Reports and dashboards read from a streaming replica when one is configured (`DATABASE_REPLICA_URL`).

Only code that asks for it reads there: the report and dashboard views run inside `replica_reads()` (the
`reads_from_replica` decorator). Everything else — every write, the session, the user, the cache and rate
counters, the task queue, and any read inside a transaction — stays on the primary, so a user always sees
their own writes. A replica that cannot be reached is skipped: the page reads from the primary instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
# Tables read for correctness rather than for figures: they must be current, so never from a replica.
PRIMARY_ONLY_APPS = frozenset(
    {
        "django_cache",
        "sessions",
        "auth",
        "accounts",
        "otp_totp",
        "otp_static",
        "django_tasks_database",
        "core",
    }
)

logger = logging.getLogger("lindung.replica")
_reading = ContextVar("lindung_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def _replica_reachable() -> bool:
    if not replica_configured():
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        logger.warning("replica unreachable, reading from the primary: %s", exc)
        return False
    return True


@contextmanager
def replica_reads() -> Iterator[bool]:
    """Inside, figure reads go to the replica (yields whether one is in use)."""
    token = _reading.set(_replica_reachable())
    try:
        yield _reading.get()
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Installed by settings when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not _reading.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        # A transaction on the primary reads its own writes: the replica has not got them.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same rows on both sides

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # a replica is read-only; it gets the schema from the primary's WAL


def replica_state() -> dict[str, Any]:
    """For /sehat/: whether the replica answers, is in recovery (a real standby) and how far behind it is."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")
            standby, replayed = cursor.fetchone()
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s::pg_lsn)", [replayed or "0/0"])
            (behind,) = cursor.fetchone()
    except DatabaseError:
        return {"ok": False, "standby": None, "behind_bytes": None}
    return {"ok": bool(standby), "standby": bool(standby), "behind_bytes": int(behind or 0)}
