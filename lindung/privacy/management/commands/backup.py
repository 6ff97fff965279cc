from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.privacy.backup import BackupError, backup


class Command(BaseCommand):
    # A backup or a restore must work even when the application's own checks fail (that is when it is needed).
    requires_system_checks: list[str] = []
    help = "Cadangkan seluruh basis data ke satu berkas (SQLite: backup API; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", required=True, help="berkas tujuan, mis. /srv/cadangan/lindung-2026-11-25.db"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"Folder {out.parent} tidak ada.")
        try:
            backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        out.chmod(0o600)  # the backup holds every NIK in the database
        self.stdout.write(f"Cadangan tersimpan: {out} ({out.stat().st_size:,} byte)")
