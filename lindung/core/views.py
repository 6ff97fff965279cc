"""The scheduled jobs page for Admin Dinas, and /sehat/ for monitoring."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lindung.accounts.capabilities import Capability
from lindung.lib.schedule import describe, parse_spec

from .access import capability_required
from .jobs import last_backup_at
from .models import Heartbeat, ScheduledJob
from .replica import replica_configured, replica_state
from .scheduler import jobs_registry, schedule_rows

BACKUP_MAX_AGE = dt.timedelta(hours=26)  # a daily backup, with two hours to spare


def scheduler_stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=max(3 * settings.SCHEDULER_TICK_SECONDS, 180))


@capability_required(Capability.ADMINISTER)
def scheduled_jobs(request: HttpRequest) -> HttpResponse:
    registry = jobs_registry()
    rows = [
        {"job": row, "label": registry[row.name].label, "when": describe(parse_spec(row.spec))}
        for row in schedule_rows()
        if row.name in registry
    ]
    tick = Heartbeat.objects.filter(name="scheduler").first()
    stale = tick is None or timezone.now() - tick.at > scheduler_stale_after()
    return render(request, "core/jobs.html", {"rows": rows, "tick": tick, "stale": stale})


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value else None


def _worker_check(now: dt.datetime) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status="READY", run_after__lte=now)
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    age = (now - max(oldest)).total_seconds() if oldest else 0.0
    last = (
        DBTaskResult.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return {
        "ok": age <= settings.HEALTH_MAX_QUEUE_AGE_SECONDS,
        "queued": waiting.count(),
        "oldest_queued_seconds": round(age),
        "last_job_finished_at": _iso(last),
    }


def _scheduler_check(now: dt.datetime) -> dict[str, Any]:
    tick = Heartbeat.objects.filter(name="scheduler").values_list("at", flat=True).first()
    return {
        "ok": tick is not None and now - tick <= scheduler_stale_after(),
        "last_tick_at": _iso(tick),
        "age_seconds": round((now - tick).total_seconds()) if tick else None,
    }


def _backup_check(now: dt.datetime) -> dict[str, Any]:
    last = last_backup_at()
    job = ScheduledJob.objects.filter(name="backup").first()
    if parse_spec(settings.SCHEDULE.get("backup", "off")).kind == "off":
        ok = True  # backups are made outside Lindung; not ours to judge
    elif job is not None and job.last_ok is False:
        ok = False
    elif last is None:
        ok = job is None or job.last_finished_at is None  # a new installation before its first backup
    else:
        ok = now - last <= BACKUP_MAX_AGE
    return {"ok": ok, "last_backup_at": _iso(last), "last_run_ok": job.last_ok if job else None}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For a monitor: 200 when all is well, 503 otherwise. Times and counts only, never a person's data."""
    now = timezone.now()
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        body = {"status": "fail", "checks": {"database": {"ok": False}}, "at": _iso(now)}
        return JsonResponse(body, status=503)
    checks: dict[str, dict[str, Any]] = {
        "database": {
            "ok": True,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "vendor": connection.vendor,
        },
        "worker": _worker_check(now),
        "scheduler": _scheduler_check(now),
        "backup": _backup_check(now),
    }
    if replica_configured():
        checks["replica"] = replica_state()
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks, "at": _iso(now)}, status=200 if ok else 503
    )
