"""Scheduled jobs run once per due time whatever the number of schedulers, a missed run once, and the dinas sees
when each job ran, how it went and when it runs next."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from lindung.conftest import login
from lindung.core import scheduler
from lindung.core.models import ScheduledJob
from lindung.core.scheduler import Job, scheduler_tick
from lindung.lib.schedule import next_after, parse_spec

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def runs(settings: Any, monkeypatch: Any) -> list[str]:
    """One job, `tally`, daily at 01:00, that counts its runs; the queue runs tasks at once."""
    done: list[str] = []
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SCHEDULE = {"tally": "daily 01:00"}

    def tally() -> str:
        done.append("run")
        return "1 dihitung"

    monkeypatch.setattr(scheduler, "JOBS", {"tally": Job("Hitung", tally)})
    return done


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=WIB)


def test_a_job_runs_at_its_time_and_not_before(runs):
    assert scheduler_tick(at(7, 0, 30)) == []  # first sight: next run 01:00 today
    assert ScheduledJob.objects.get(name="tally").next_run_at == at(7, 1)
    assert scheduler_tick(at(7, 0, 59)) == [] and runs == []
    assert scheduler_tick(at(7, 1, 0)) == ["tally"]
    assert runs == ["run"]
    job = ScheduledJob.objects.get(name="tally")
    assert (job.next_run_at, job.last_ok, job.last_result, job.runs) == (at(8, 1), True, "1 dihitung", 1)


def test_two_schedulers_at_the_same_moment_run_it_once(runs):
    scheduler_tick(at(7, 0, 30))
    first, second = scheduler_tick(at(7, 1, 0)), scheduler_tick(at(7, 1, 0))
    assert (first, second) == (["tally"], [])
    assert runs == ["run"]


@pytest.mark.django_db(transaction=True)
def test_schedulers_racing_in_threads_run_it_once(runs):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one cache between threads; the race is proven on PostgreSQL")
    scheduler_tick(at(7, 0, 30))
    barrier = threading.Barrier(4)
    queued: list[list[str]] = []

    def tick() -> None:
        from django.db import connections

        try:
            barrier.wait()
            queued.append(scheduler_tick(at(7, 1, 0)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(queued) == [[], [], [], ["tally"]]
    assert runs == ["run"]


def test_a_run_missed_while_the_server_was_down_runs_once(runs):
    scheduler_tick(at(3, 0, 30))
    # Down from the 3rd to the 7th: four 01:00 runs missed.
    assert scheduler_tick(at(7, 9, 15)) == ["tally"]
    assert scheduler_tick(at(7, 9, 16)) == []
    assert runs == ["run"]
    assert ScheduledJob.objects.get(name="tally").next_run_at == at(8, 1)


def test_a_changed_time_applies_from_the_next_occurrence(runs, settings):
    scheduler_tick(at(7, 0, 30))
    settings.SCHEDULE = {"tally": "daily 22:15"}
    assert scheduler_tick(at(7, 1, 0)) == []
    assert ScheduledJob.objects.get(name="tally").next_run_at == at(7, 22, 15)


def test_the_page_shows_last_run_result_and_next_run(personas, runs, monkeypatch):
    def broken() -> str:
        return str(1 / 0)

    monkeypatch.setitem(scheduler.JOBS, "broken", Job("Rusak", broken))
    from django.conf import settings

    settings.SCHEDULE = {"tally": "daily 01:00", "broken": "every 5 minutes"}
    scheduler_tick(at(7, 0, 30))
    ScheduledJob.objects.update(next_run_at=at(7, 0, 0))
    scheduler_tick(at(7, 1, 0))
    page = login(personas["admin"]).get("/jadwal/").content.decode()
    assert "Hitung" in page and "setiap hari pukul 01:00" in page
    assert "1 dihitung" in page and "Berhasil" in page
    assert "8 Des 2026 01:00" in page  # next run, local time
    assert "Gagal" in page and "ZeroDivisionError" in page and "setiap 5 menit" in page
    assert "Penjadwal terakhir aktif" in page
    assert login(personas["kecamatan"]).get("/jadwal/").status_code == 403


def test_schedule_texts():
    assert next_after(parse_spec("yearly 12-01 04:00"), at(7, 9), "Asia/Jakarta") == dt.datetime(
        2027, 12, 1, 4, tzinfo=WIB
    )
    assert next_after(parse_spec("every 5 minutes"), at(7, 9), "Asia/Jakarta") == at(7, 9, 5)
    assert next_after(parse_spec("off"), at(7, 9), "Asia/Jakarta") is None
    for bad in ("daily 25:00", "weekly", "yearly 02-30 01:00", "every 0 minutes"):
        with pytest.raises(ValueError, match=bad):
            parse_spec(bad)


def test_the_page_in_english(personas, runs):
    scheduler_tick(at(7, 0, 30))
    client = login(personas["admin"])
    # The request activates English in this thread; the tests after this one are not in it.
    with translation.override("id"):
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        page = client.get("/jadwal/").content.decode()
    assert "Scheduled jobs" in page and "daily at 01:00" in page and "Last run" in page
    assert "Pekerjaan terjadwal" not in page


def test_an_operator_runs_a_job_now_and_it_shows_as_a_run(runs):
    call_command("scheduler", "--run", "tally", stdout=(out := io.StringIO()))
    assert out.getvalue() == "tally: 1 dihitung\n" and runs == ["run"]
    job = ScheduledJob.objects.get(name="tally")
    assert (job.last_ok, job.last_result, job.runs) == (True, "1 dihitung", 1)
    assert job.next_run_at is not None  # the scheduled time stays as it was


def test_a_job_run_now_that_fails_stops_with_its_error(runs, monkeypatch):
    def broken() -> str:
        raise OSError("disk penuh")

    monkeypatch.setattr(scheduler, "JOBS", {"tally": Job("Hitung", broken)})
    with pytest.raises(CommandError, match="tally gagal: OSError: disk penuh"):
        call_command("scheduler", "--run", "tally")
    assert ScheduledJob.objects.get(name="tally").last_ok is False
    with pytest.raises(CommandError, match="Pekerjaan cadangan tidak dikenal; pilih salah satu: tally"):
        call_command("scheduler", "--run", "cadangan")
