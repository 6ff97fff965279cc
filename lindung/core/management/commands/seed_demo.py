from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from lindung.core.demo import STEPS
from lindung.regions.models import Region


class Command(BaseCommand):
    help = "Isi data demo (aman dijalankan berulang kali)."

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        if not Region.objects.filter(code=settings.DEFAULT_KABUPATEN).exists():
            raise CommandError(
                f"Wilayah {settings.DEFAULT_KABUPATEN} belum dimuat; jalankan "
                f"`manage.py load_regions {settings.DEFAULT_KABUPATEN}` dahulu."
            )
        for step in STEPS:
            import_string(step)(self.stdout)
