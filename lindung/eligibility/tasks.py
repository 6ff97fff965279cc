"""Background jobs of the eligibility capability (django-tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django_tasks import task

from .services import eligibility_refresh_many, pending_workers

log = logging.getLogger(__name__)


@task()
def reevaluate_pending() -> int:
    """After a rule changed: every worker still on the way to approval gets fresh results."""
    count = eligibility_refresh_many(workers=pending_workers())
    log.info("eligibility: %s pending workers re-evaluated", count)
    return count
