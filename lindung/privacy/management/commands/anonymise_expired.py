from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from lindung.privacy.anonymise import anonymise_expired


class Command(BaseCommand):
    help = "Anonimkan data pribadi yang masa simpannya habis (aman dijalankan terjadwal dan berulang)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="hanya hitung, tidak mengubah apa pun")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = anonymise_expired(dry_run=options["dry_run"])
        self.stdout.write(
            f"Masa simpan: {settings.RETENTION_YEARS} tahun sejak aktivitas terakhir, "
            f"{settings.WITHDRAWN_RETENTION_DAYS} hari sejak persetujuan ditarik."
        )
        if options["dry_run"]:
            self.stdout.write(f"Akan dianonimkan: {counts['due']} orang (uji coba, tidak ada yang diubah).")
        else:
            self.stdout.write(f"Dianonimkan: {counts['anonymised']} orang.")
