from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.privacy.backup import BackupError, restore


class Command(BaseCommand):
    # A backup or a restore must work even when the application's own checks fail (that is when it is needed).
    requires_system_checks: list[str] = []
    help = "Pulihkan basis data dari berkas cadangan (MENGGANTI seluruh isinya)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="berkas yang dibuat oleh `manage.py backup`")
        parser.add_argument(
            "--target", default=None, help="URL basis data tujuan (bawaan: basis data yang dikonfigurasi)"
        )
        parser.add_argument("--yes", action="store_true", help="ya, ganti seluruh isi basis data tujuan")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("Pemulihan mengganti seluruh isi basis data. Ulangi dengan --yes jika yakin.")
        try:
            restore(Path(options["file"]), options["target"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Basis data dipulihkan dari {options['file']}.")
