from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.premiums.bills import bills_compute, bills_xlsx
from lindung.premiums.rates import RateMissing


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Compute the month's bill per funding source and print the member count and total in Rupiah."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", help="write the bill as xlsx")
        parser.add_argument("--kabupaten", default=settings.DEFAULT_KABUPATEN, help="kabupaten code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = dt.datetime.strptime(options["month"], "%Y-%m").date()
        except ValueError:
            raise CommandError("--month harus berbentuk YYYY-MM, mis. 2026-01.") from None
        try:
            bills = bills_compute(month=month, kabupaten=options["kabupaten"])
        except RateMissing as exc:
            raise CommandError(str(exc)) from None
        for bill in bills:
            self.stdout.write(
                f"{bill.funding_source.name} ({bill.funding_source.group_code}): "
                f"{bill.member_count} peserta, {rupiah(bill.total)}"
            )
        members, total = sum(b.member_count for b in bills), sum(b.total for b in bills)
        self.stdout.write(f"Tagihan {month:%Y-%m}: {members} peserta, total {rupiah(total)}")
        if options["out"]:
            Path(options["out"]).write_bytes(bills_xlsx(bills))
            self.stdout.write(f"Berkas: {options['out']}")
