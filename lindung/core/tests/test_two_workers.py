"""Two `manage.py db_worker` processes against one PostgreSQL database take every job exactly once.

django-tasks-db claims a job with SELECT … FOR UPDATE SKIP LOCKED, so adding workers (on this machine or on
another one against the same database) adds capacity without running anything twice. This starts two real
worker processes, as two servers would, queues jobs that record their run, and counts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from .probe_tasks import PROBE_TABLE, record_run

ROOT = Path(__file__).resolve().parents[3]
JOBS = 120

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="SQLite has one writer and no SKIP LOCKED: several workers are a PostgreSQL deployment",
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def _worker(tmp_path: Path, n: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env |= {
        "DATABASE_URL": _database_url(),  # the test database, where the jobs were queued
        "LINDUNG_VAR_DIR": str(tmp_path / f"var{n}"),
        "DJANGO_SETTINGS_MODULE": "lindung.settings",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / f"worker{n}.log").open("wb"),
    )


def test_two_workers_run_every_job_exactly_once(tmp_path: Path) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {PROBE_TABLE} (job integer NOT NULL, pid integer NOT NULL)")
    workers = []
    try:
        # Queued before the workers start, so both find a full queue and race for the same rows.
        for job in range(JOBS):
            record_run.enqueue(job, 20)
        workers = [_worker(tmp_path, 1), _worker(tmp_path, 2)]
        deadline = time.monotonic() + 120
        while DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
            dead = [w for w in workers if w.poll() is not None]
            assert not dead, (tmp_path / "worker1.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the two workers did not finish the queue in 120 s"
            time.sleep(0.1)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT job, pid FROM {PROBE_TABLE}")  # noqa: S608 — a constant table name
            runs = cursor.fetchall()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {PROBE_TABLE}")

    per_job = Counter(job for job, _pid in runs)
    assert sorted(per_job) == list(range(JOBS)), "a job never ran"
    assert set(per_job.values()) == {1}, f"jobs run twice: {[j for j, n in per_job.items() if n > 1]}"
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == JOBS
    # Both processes took part: the queue was really shared, not drained by one while the other slept.
    per_process = Counter(pid for _job, pid in runs)
    assert len(per_process) == 2, per_process
    assert set(per_process) == {w.pid for w in workers}
