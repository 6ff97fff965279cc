from typing import Any

from django.core.management.base import BaseCommand

from lindung.reports.snapshot import snapshot_refresh


class Command(BaseCommand):
    help = "Susun ulang ringkasan dasbor laporan (jalankan tiap malam, mis. lewat cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        run = snapshot_refresh()
        self.stdout.write(f"Ringkasan per {run.on}: {run.rows} baris, {run.seconds:.1f} detik.")
