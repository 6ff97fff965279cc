"""Background jobs of duplicate detection (django-tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .scanning import run_scan


@task()
def run_duplicate_scan(scan_id: int) -> None:
    run_scan(scan_id)
