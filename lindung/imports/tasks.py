"""Background jobs of an import; run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task

from . import engine


@task()
def check_import(job_id: int) -> None:
    engine.run_check(job_id)


@task()
def commit_import(job_id: int, user_id: int | None) -> None:
    engine.run_commit(job_id, user_id)
