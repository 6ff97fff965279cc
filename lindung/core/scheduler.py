"""Jobs Lindung runs on its own: the three-unpaid-months rule, retention, the dashboard snapshot, notice retries,
backups and the yearly renewal proposals.

Who runs what: `manage.py scheduler` (a small loop, started beside the web server and the db_workers) only
decides *when*. Each tick it claims the runs that are due, with one conditional UPDATE per job on
ScheduledJob.next_run_at, and queues them as ordinary background tasks; the db_workers do the work. So:
- any number of schedulers on any number of machines queue each run once (the UPDATE that moves next_run_at
  forward succeeds for one of them; SQLite and PostgreSQL alike, no lock held while a job runs);
- a long backup never delays the notice retries, and a job gets the workers' leases and scaling;
- a run missed while everything was down runs once when the scheduler comes back (next_run_at is set to the
  first time after *now*, not after the missed time).
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.lib.schedule import next_after, parse_spec

from .models import Heartbeat, ScheduledJob

if TYPE_CHECKING:  # a development dependency: only the type checker needs it
    from django_stubs_ext import StrOrPromise

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    label: StrOrPromise
    run: Callable[[], str]  # returns the result as the jobs page shows it


def _jobs() -> dict[str, Job]:
    from . import jobs

    return {
        "premium_arrears": Job(_("Aturan tiga bulan menunggak (nonaktifkan peserta)"), jobs.premium_arrears),
        "anonymise_expired": Job(_("Anonimkan data yang masa simpannya habis"), jobs.anonymise_expired),
        "dashboard_snapshot": Job(_("Ringkasan dasbor laporan"), jobs.dashboard_snapshot),
        "backup": Job(_("Cadangan basis data (dengan rotasi)"), jobs.backup),
        "notice_retries": Job(_("Kirim ulang notifikasi yang tertunda"), jobs.notice_retries),
        "match_weights": Job(_("Perkiraan ulang bobot pencocokan data ganda"), jobs.match_weights),
        "renewal_proposals": Job(
            _("Usulan pembaruan kepesertaan tahun anggaran berikutnya"), jobs.renewal_proposals
        ),
        "odk_central_pull": Job(_("Tarik kiriman formulir lapangan dari ODK Central"), jobs.odk_central_pull),
    }


JOBS: dict[str, Job] = {}


def jobs_registry() -> dict[str, Job]:
    if not JOBS:
        JOBS.update(_jobs())
    return JOBS


def schedule_rows(now: dt.datetime | None = None) -> list[ScheduledJob]:
    """A row per configured job, its next run recomputed when its schedule setting changed."""
    now = now or timezone.now()
    rows = []
    for name, text in settings.SCHEDULE.items():
        spec = parse_spec(text)
        row = ScheduledJob.objects.filter(name=name).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = ScheduledJob.objects.create(
                        name=name, spec=text, next_run_at=next_after(spec, now, settings.TIME_ZONE)
                    )
            except IntegrityError:  # another scheduler made it a moment ago
                row = ScheduledJob.objects.get(name=name)
        elif row.spec != text:
            # A new time applies from the next occurrence; the one under the old setting is dropped.
            ScheduledJob.objects.filter(pk=row.pk, spec=row.spec).update(
                spec=text, next_run_at=next_after(spec, now, settings.TIME_ZONE)
            )
            row.refresh_from_db()
        rows.append(row)
    return rows


def heartbeat(name: str, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    host = socket.gethostname()[:100]
    if not Heartbeat.objects.filter(name=name).update(at=now, host=host):
        try:
            with transaction.atomic():
                Heartbeat.objects.create(name=name, at=now, host=host)
        except IntegrityError:
            Heartbeat.objects.filter(name=name).update(at=now, host=host)


def scheduler_tick(now: dt.datetime | None = None) -> list[str]:
    """Claim and queue every run that is due at `now`; returns the names this scheduler queued."""
    now = now or timezone.now()
    heartbeat("scheduler", now)
    queued = []
    for row in schedule_rows(now):
        if row.next_run_at is None or row.next_run_at > now:
            continue
        following = next_after(parse_spec(row.spec), now, settings.TIME_ZONE)
        claimed = ScheduledJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            next_run_at=following, last_queued_at=now
        )
        if not claimed:
            continue  # another scheduler took this run
        queued.append(row.name)
        _queue(row.name)
    return queued


def _queue(name: str) -> None:
    from .tasks import run_scheduled_job

    try:
        run_scheduled_job.enqueue(name)
    except Exception as exc:  # a broken queue: say so on the page; the next run tries again
        log.exception("scheduler: could not queue %s", name)
        ScheduledJob.objects.filter(name=name).update(
            last_ok=False, last_result=str(_("Tidak bisa dimasukkan ke antrean: %(e)s") % {"e": exc})[:1000]
        )


def scheduled_job_run(name: str) -> str:
    """Run one job now (the task the scheduler queued), recording its start, end and result."""
    job = jobs_registry()[name]
    ScheduledJob.objects.filter(name=name).update(last_started_at=timezone.now())
    try:
        result, ok = job.run(), True
    except Exception as exc:
        log.exception("scheduled job %s failed", name)
        result, ok = f"{type(exc).__name__}: {exc}", False
    ScheduledJob.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_ok=ok, last_result=result[:1000], runs=F("runs") + 1
    )
    return result
