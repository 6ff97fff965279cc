"""Background tasks of the core app (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from lindung.core.leases import lease

from .scheduler import scheduled_job_run


@task()
def run_scheduled_job(name: str) -> str:
    # A run still going when its next one is due (a slow backup) finishes before the next one starts.
    with lease(f"schedule:{name}"):
        return scheduled_job_run(name)
