import logging
import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from lindung.core.leases import lease
from lindung.core.models import ScheduledJob
from lindung.core.scheduler import jobs_registry, schedule_rows, scheduled_job_run, scheduler_tick

# Through logging (not stdout) so that a server's JSON log format (LINDUNG_LOG_FORMAT) covers these lines too.
log = logging.getLogger("lindung.scheduler")


class Command(BaseCommand):
    help = (
        "Jalankan pekerjaan terjadwal (aturan tunggakan, retensi, ringkasan dasbor, cadangan, notifikasi, "
        "usulan pembaruan) tepat waktu; aman dijalankan di beberapa mesin sekaligus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="satu putaran lalu berhenti (untuk cron/uji)")
        parser.add_argument("--interval", type=int, default=settings.SCHEDULER_TICK_SECONDS)
        parser.add_argument(
            "--run",
            metavar="NAMA",
            help="jalankan satu pekerjaan sekarang di proses ini (mis. backup sebelum pembaruan) lalu berhenti",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run"]:
            self.run_now(options["run"])
            return
        stopping = {"now": False}

        def stop(*_args: Any) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping["now"]:
            close_old_connections()
            try:
                for name in scheduler_tick():
                    log.info("antre: %s", name)
            except Exception as exc:  # the database is away for a moment: try again next tick
                log.error("scheduler: %s: %s", type(exc).__name__, exc)
            if options["once"]:
                break
            for _second in range(max(options["interval"], 1)):
                if stopping["now"]:
                    break
                time.sleep(1)

    def run_now(self, name: str) -> None:
        """One job now, recorded on /jadwal/ like a scheduled run; its next scheduled time is left as it is."""
        if name not in jobs_registry():
            raise CommandError(
                f"Pekerjaan {name} tidak dikenal; pilih salah satu: {', '.join(jobs_registry())}."
            )
        schedule_rows()  # the job's row, on a new installation before the scheduler's first tick
        with lease(f"schedule:{name}"):  # after a scheduled run of it that is still going
            result = scheduled_job_run(name)
        if ScheduledJob.objects.filter(name=name, last_ok=False).exists():
            raise CommandError(f"{name} gagal: {result}")
        self.stdout.write(f"{name}: {result}")
