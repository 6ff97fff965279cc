"""Background job: rebuild the dashboard snapshot (run by `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django_tasks import task

from .snapshot import snapshot_refresh

log = logging.getLogger(__name__)


@task()
def refresh_snapshot() -> int:
    run = snapshot_refresh()
    log.info("reports: snapshot of %s rebuilt, %s rows in %.1f s", run.on, run.rows, run.seconds)
    return run.rows
