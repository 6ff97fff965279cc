"""The dashboard keeps itself fresh: opening it with an old snapshot queues one background rebuild, however many
people open it meanwhile; a fresh snapshot queues none."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from lindung.conftest import DESA_A, login, make_worker
from lindung.reports.models import SnapshotRun
from lindung.reports.snapshot import snapshot_refresh
from lindung.reports.tasks import refresh_if_stale

from .conftest import TODAY, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SNAPSHOT_MAX_AGE_MINUTES = 15
    cache.clear()  # the test cache is one per process: no claim left over from another test
    yield
    cache.clear()


def queued() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="lindung.reports.tasks.refresh_snapshot").count()


def snapshot_aged(minutes: int) -> SnapshotRun:
    run = snapshot_refresh(today=TODAY)
    SnapshotRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - dt.timedelta(minutes=minutes))
    return SnapshotRun.objects.get(pk=run.pk)


def test_an_old_snapshot_queues_exactly_one_rebuild(personas, apbd):
    member(make_worker(DESA_A), apbd)
    run = snapshot_aged(16)
    for persona in ("admin", "pimpinan", "admin", "desa"):
        response = login(personas[persona]).get("/laporan/")
        assert response.status_code == 200
        assert "Data per 15 Juni 2026" in response.content.decode()  # the old figures, with their date
    assert queued() == 1
    assert SnapshotRun.objects.get() == run  # nothing rebuilt inside the page view


def test_a_fresh_snapshot_queues_none(personas, apbd):
    member(make_worker(DESA_A), apbd)
    snapshot_aged(14)
    login(personas["admin"]).get("/laporan/")
    login(personas["pimpinan"]).get("/laporan/")
    assert queued() == 0


def test_the_age_is_a_setting(personas, apbd, settings):
    settings.SNAPSHOT_MAX_AGE_MINUTES = 60
    snapshot_aged(30)
    login(personas["admin"]).get("/laporan/")
    assert queued() == 0
    settings.SNAPSHOT_MAX_AGE_MINUTES = 20
    login(personas["admin"]).get("/laporan/")
    assert queued() == 1


def test_without_any_snapshot_the_first_view_queues_one(personas):
    body = login(personas["admin"]).get("/laporan/").content.decode()
    login(personas["pimpinan"]).get("/laporan/")
    assert "belum pernah disusun" in body
    assert queued() == 1


def test_once_the_rebuild_ran_the_page_queues_none_until_that_one_is_old(personas, apbd, monkeypatch):
    # As in test_dashboard: the worker must not close the test transaction's connection.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    member(make_worker(DESA_A), apbd)
    snapshot_aged(20)
    assert refresh_if_stale() is True
    assert refresh_if_stale() is False  # queued, not run yet
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert SnapshotRun.objects.count() == 2
    login(personas["admin"]).get("/laporan/")
    assert queued() == 1  # the finished one; the new snapshot is fresh
    newest = SnapshotRun.objects.first()
    assert newest is not None
    SnapshotRun.objects.filter(pk=newest.pk).update(finished_at=timezone.now() - dt.timedelta(minutes=16))
    login(personas["admin"]).get("/laporan/")
    login(personas["admin"]).get("/laporan/")
    assert queued() == 2


def test_the_button_queues_and_page_views_then_leave_it_to_that_rebuild(personas, apbd):
    snapshot_aged(30)
    admin = login(personas["admin"])
    assert admin.post("/laporan/perbarui/").status_code == 302
    admin.get("/laporan/")
    login(personas["pimpinan"]).get("/laporan/")
    assert queued() == 1
