"""A background task for tests that start real `db_worker` processes: it writes down which process ran which job.

Lives in an importable module (not a test file) because the worker processes import the task by its path.
"""

from __future__ import annotations

import os
import time

from django.db import connection
from django_tasks import task

PROBE_TABLE = "lindung_probe_runs"


@task()
def record_run(job: int, pause_ms: int = 0) -> int:
    # A short pause keeps each job running while the other worker looks for one: the two really overlap.
    time.sleep(pause_ms / 1000)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PROBE_TABLE} (job, pid) VALUES (%s, %s)",  # noqa: S608 — a constant table name
            [job, os.getpid()],
        )
    return job
