from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from lindung.accounts.capabilities import Capability, has_capability
from lindung.accounts.models import User
from lindung.enrolment import tasks
from lindung.enrolment.batches import (
    BatchError,
    batch_create,
    batch_export,
    batch_mark_sent,
    batch_seal,
    funding_source_default,
)
from lindung.enrolment.forms import first_of_next_month
from lindung.enrolment.models import FundingSource
from lindung.enrolment.selectors import get_batch_for

from ._common import acting_user


class Command(BaseCommand):
    help = (
        "Seal a batch of the approved workers that match and write the xlsx file for the BPJS branch; "
        "or, with --mark-sent, record that a batch's file was sent to the branch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--out", help="path of the xlsx to write")
        what.add_argument(
            "--mark-sent",
            type=int,
            metavar="BATCH_ID",
            help="record that this batch's file went to the branch",
        )
        parser.add_argument(
            "--note", default="", help="with --mark-sent: how it was sent (e-mail, disk, portal)"
        )
        parser.add_argument("--kecamatan", nargs="+", action="extend", default=[], help="kecamatan codes")
        parser.add_argument("--funding", help="funding source code (default: the kabupaten's APBD)")
        parser.add_argument("--start", help="coverage start YYYY-MM-DD (default: the first of next month)")
        parser.add_argument("--user", help="username acting (default: the first Admin Dinas)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        if options["mark_sent"] is not None:
            self.mark_sent(user, options)
        else:
            self.export(user, options)

    def export(self, user: User, options: dict[str, Any]) -> None:
        if options["note"]:
            raise CommandError(_("--note hanya dipakai bersama --mark-sent."))
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

    def mark_sent(self, user: User, options: dict[str, Any]) -> None:
        """The page's "Tandai sudah dikirim": the same service, the same refusals, as the acting user."""
        if options["kecamatan"] or options["funding"] or options["start"]:
            raise CommandError(_("--mark-sent tidak dipakai bersama --kecamatan, --funding, atau --start."))
        if not has_capability(user, Capability.ADMINISTER):
            raise CommandError(
                _("Pengguna %(user)s tidak berwenang mengelola batch.") % {"user": user.username}
            )
        try:
            batch = get_batch_for(user, options["mark_sent"])
        except Http404:
            raise CommandError(
                _("Batch dengan id %(id)s tidak ada di wilayah pengguna ini.") % {"id": options["mark_sent"]}
            ) from None
        tasks.job_release_if_stalled(batch)
        if batch.job:
            raise CommandError(_("Batch ini sedang diproses di latar belakang; tunggu sampai selesai."))
        try:
            batch = batch_mark_sent(batch=batch, by=user, note=options["note"])
        except BatchError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Batch {batch.number} (id {batch.pk}): " + _("Berkas batch dicatat sudah dikirim ke BPJS.")
        )
