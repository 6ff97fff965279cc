from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.enrolment.batches import (
    BatchError,
    batch_create,
    batch_export,
    batch_seal,
    funding_source_default,
)
from lindung.enrolment.forms import first_of_next_month
from lindung.enrolment.models import FundingSource

from ._common import acting_user


class Command(BaseCommand):
    help = "Seal a batch of the approved workers that match and write the xlsx file for the BPJS branch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="path of the xlsx to write")
        parser.add_argument("--kecamatan", nargs="+", action="extend", default=[], help="kecamatan codes")
        parser.add_argument("--funding", help="funding source code (default: the kabupaten's APBD)")
        parser.add_argument("--start", help="coverage start YYYY-MM-DD (default: the first of next month)")
        parser.add_argument("--user", help="username acting (default: the first Admin Dinas)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        if user.area is None and not options["funding"]:
            raise CommandError("Pengguna ini tidak punya wilayah; sebutkan --funding.")
        if options["funding"]:
            try:
                source = FundingSource.objects.get(code=options["funding"])
            except FundingSource.DoesNotExist:
                raise CommandError(f"Sumber dana {options['funding']!r} tidak ada.") from None
        else:
            assert user.area is not None
            source = funding_source_default(user.area.code[:5])
        try:
            start = dt.date.fromisoformat(options["start"]) if options["start"] else first_of_next_month()
        except ValueError:
            raise CommandError("--start harus berbentuk YYYY-MM-DD.") from None
        filters = {"kecamatan": options["kecamatan"]} if options["kecamatan"] else {}
        try:
            batch = batch_create(user=user, funding_source=source, coverage_start=start, filters=filters)
            result = batch_seal(batch=batch, by=user)
            batch_export(batch=result.batch, by=user)
        except BatchError as exc:
            raise CommandError(str(exc)) from None
        with result.batch.exported_file.open("rb") as src, open(options["out"], "wb") as dst:
            shutil.copyfileobj(src, dst)
        self.stdout.write(
            f"Batch {batch.number} (id {batch.pk}): {result.sealed} pekerja diusulkan, "
            f"{len(result.dropped)} dikeluarkan. Berkas: {options['out']}"
        )
        for name, reason in result.dropped:
            self.stdout.write(f"  dikeluarkan: {name}: {reason}")
