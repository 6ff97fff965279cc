from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.fieldwork.xlsform import xlsform_bytes
from lindung.regions.models import Region


class Command(BaseCommand):
    help = "Tulis XLSForm pendataan pekerja untuk ODK Collect / KoboCollect."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="berkas .xlsx yang ditulis")
        parser.add_argument(
            "--area", default="", help="kode kabupaten, kecamatan atau desa (bawaan: kabupaten deployment)"
        )
        parser.add_argument("--ktp-photo", action="store_true", help="minta foto KTP (mati secara bawaan)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["area"] or settings.DEFAULT_KABUPATEN
        area = Region.objects.filter(code=code).first()
        if area is None or area.level == Region.Level.PROVINSI:
            raise CommandError(f"Wilayah {code} tidak dikenal; muat dulu dengan load_regions.")
        out = Path(options["out"])
        out.write_bytes(xlsform_bytes(area, ktp_photo=options["ktp_photo"] or None))
        self.stdout.write(f"XLSForm untuk {area.name} ditulis ke {out}")
