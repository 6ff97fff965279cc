import logging
import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from lindung.core.scheduler import scheduler_tick

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

    def handle(self, *args: Any, **options: Any) -> None:
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
