"""Background jobs of duplicate detection (django-tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .scanning import match_weights_estimate, run_scan


@task()
def run_duplicate_scan(scan_id: int) -> None:
    run_scan(scan_id)


@task()
def estimate_match_weights(kabupaten: str = "") -> None:
    match_weights_estimate(kabupaten=kabupaten)
