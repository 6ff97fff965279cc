"""/sehat/ for a monitor: 200 with the state of each part when all is well, 503 when a part is not; no person's data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.utils import timezone

from lindung.conftest import make_worker
from lindung.core.models import Heartbeat, ScheduledJob
from lindung.core.scheduler import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def healthy(settings: Any, tmp_path: Any) -> None:
    settings.BACKUP_DIR = tmp_path / "cadangan"
    heartbeat("scheduler")


def test_all_well(healthy: None):
    worker = make_worker(name="Siti Aminah")
    response = Client().get("/sehat/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "worker", "scheduler", "backup"}
    assert body["checks"]["worker"]["queued"] == 0 and body["checks"]["scheduler"]["age_seconds"] < 60
    text = response.content.decode()
    assert worker.name not in text and worker.nik not in text and worker.nik[:6] not in text
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_scheduler_that_stopped_ticking(healthy: None):
    Heartbeat.objects.update(at=timezone.now() - dt.timedelta(minutes=30))
    response = Client().get("/sehat/")
    assert response.status_code == 503
    assert response.json()["checks"]["scheduler"] == {
        "ok": False,
        "last_tick_at": response.json()["checks"]["scheduler"]["last_tick_at"],
        "age_seconds": 1800,
    }


def test_jobs_waiting_with_no_worker_to_take_them(healthy: None, settings: Any):
    from django_tasks_db.models import DBTaskResult

    from lindung.core.tasks import run_scheduled_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run_scheduled_job.enqueue("backup")
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    DBTaskResult.objects.update(enqueued_at=an_hour_ago, run_after=an_hour_ago)
    response = Client().get("/sehat/")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False and worker["queued"] == 1 and 3600 <= worker["oldest_queued_seconds"] < 3660


def test_a_failed_or_old_backup(healthy: None, settings: Any):
    settings.BACKUP_DIR.mkdir()
    old = settings.BACKUP_DIR / "lindung-20261201-030000.backup"
    old.write_bytes(b"x")
    two_days_ago = (timezone.now() - dt.timedelta(days=2)).timestamp()
    import os

    os.utime(old, (two_days_ago, two_days_ago))
    assert Client().get("/sehat/").json()["checks"]["backup"]["ok"] is False
    os.utime(old, None)
    assert Client().get("/sehat/").status_code == 200
    ScheduledJob.objects.create(
        name="backup", spec="daily 03:00", last_ok=False, last_result="pg_dump: gagal"
    )
    assert Client().get("/sehat/").status_code == 503


def test_database_unreachable(healthy: None, monkeypatch: Any):
    def down(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    response = Client().get("/sehat/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": {"ok": False}}
