"""Is the background job still running? A lease that dies with the process that holds it.

A worker killed mid-job (out of memory, `kill -9`, a power cut) never gets to mark its job failed: the job would
say "sedang diproses" for ever and block the next try. So a job holds a lease while it runs, and the lease is
released by the operating system or the database when its process dies, never by our own code alone:

- PostgreSQL: a session advisory lock on a connection of its own. The server drops it when the connection ends,
  whichever machine the worker ran on.
- SQLite (one machine by definition): an exclusive `flock` on a file under LINDUNG_VAR_DIR/locks/.

A page that finds a job marked running, started by a worker, and whose lease nobody holds knows the worker is gone
and offers to run the job again. Writes of a job are single transactions, so a dead worker left nothing behind.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, connections


def _pg_key(key: str) -> int:
    """A stable signed 64-bit number for the lock name (advisory locks take a bigint)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def _lock_file(key: str) -> Path:
    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (key.replace(":", "-").replace("/", "-") + ".lock")


@contextmanager
def lease(key: str) -> Iterator[None]:
    """Hold the lease `key` (e.g. "import:12") for the duration of the block."""
    if connection.vendor == "postgresql":
        side = connections.create_connection("default")
        number = _pg_key(key)
        try:
            with side.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [number])
            yield
        finally:
            # Unlock before closing: the server ends a closed session a moment later, and a page asking in that
            # moment would still see the job as running. A dead process never gets here; its lock goes with
            # its connection.
            try:
                with side.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
            finally:
                side.close()
        return
    with _lock_file(key).open("a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)


def lease_held(key: str) -> bool:
    """True while some process holds the lease `key`."""
    if connection.vendor == "postgresql":
        number = _pg_key(key)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
            (free,) = cursor.fetchone()
            if free:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
        return not free
    path = _lock_file(key)
    if not path.exists():
        return False
    with path.open("a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(file, fcntl.LOCK_UN)
        return False
