from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.enrolment.management.commands._common import acting_user
from lindung.enrolment.models import FundingSource
from lindung.premiums.payments import arrears, arrears_apply


class Command(BaseCommand):
    help = "List members in arrears per funding source; with --apply make nonaktif those past three unpaid months."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="YYYY-MM-DD (default today)")
        parser.add_argument("--apply", action="store_true")
        parser.add_argument("--kabupaten", default=settings.DEFAULT_KABUPATEN)
        parser.add_argument("--user", help="username acting (default: the first Admin Dinas)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else dt.date.today()
        except ValueError:
            raise CommandError("--on harus berbentuk YYYY-MM-DD.") from None
        user = acting_user(options["user"]) if options["apply"] else None
        for source in FundingSource.objects.filter(kabupaten_id=options["kabupaten"]).order_by("name"):
            listed = arrears(source, up_to=on)
            due = sum(1 for a in listed if a.nonaktif_on <= on)
            self.stdout.write(f"{source.name}: {len(listed)} peserta menunggak, {due} sudah lewat 3 bulan")
            if options["apply"] and due:
                count = arrears_apply(funding_source=source, on=on, by=user)
                self.stdout.write(f"  {count} dinonaktifkan")
