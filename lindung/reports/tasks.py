"""Background job: rebuild the dashboard snapshot (run by `manage.py db_worker`), and queueing it once."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from .models import SnapshotRun
from .snapshot import latest_run, snapshot_refresh

log = logging.getLogger(__name__)

# A rebuild that has not produced a newer snapshot within this time is taken as lost (its worker died or the
# task failed), and the next page view may queue another.
CLAIM_SECONDS = 3600


@task()
def refresh_snapshot() -> int:
    run = snapshot_refresh()
    log.info("reports: snapshot of %s rebuilt, %s rows in %.1f s", run.on, run.rows, run.seconds)
    return run.rows


def _claim_key(run: SnapshotRun | None) -> str:
    # The finish time as well as the id: ids come back after a database is restored or a test rolls back.
    return (
        f"reports:snapshot-refresh:{run.pk}:{run.finished_at.timestamp()}"
        if run
        else "reports:snapshot-refresh"
    )


def snapshot_is_stale(run: SnapshotRun | None, *, now: dt.datetime | None = None) -> bool:
    if run is None:
        return True
    age = (now or timezone.now()) - run.finished_at
    return age > dt.timedelta(minutes=settings.SNAPSHOT_MAX_AGE_MINUTES)


def snapshot_refresh_claim(run: SnapshotRun | None) -> bool:
    """Claim the rebuild that supersedes `run`: true for exactly one caller until a newer snapshot exists.

    `cache.add` is atomic in the shared cache (a table in the database by default), so of two page views at the
    same moment only one queues the rebuild; once it has finished, the newer run has a key of its own.
    """
    return cache.add(_claim_key(run), timezone.now().isoformat(), timeout=CLAIM_SECONDS)


def refresh_if_stale() -> bool:
    """Queue one background rebuild when the snapshot is older than SNAPSHOT_MAX_AGE_MINUTES and no rebuild of it
    is queued or running yet. True when this call queued it."""
    run = latest_run()
    if not snapshot_is_stale(run) or not snapshot_refresh_claim(run):
        return False
    refresh_snapshot.enqueue()
    return True
