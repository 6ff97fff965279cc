"""The restore drill in one process (`deploy/up.sh restore-check` runs it): a backup now, restored into a new
database on the same PostgreSQL server, checked there, then dropped, also after a failure.

The steps are the README's restore steps, the same management commands an operator types (`scheduler --run
backup`, `restore FILE --target URL --yes`, `migrate --check`, `check --database`), called in this process
instead of one process each: the restored database is a second connection (RESTORED) beside the configured one.
"""

import io
import os
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from lindung.core.jobs import backup_files
from lindung.enrolment.models import Membership
from lindung.workers.models import Worker

RESTORED = "restored"


class Command(BaseCommand):
    # Django's checks run below, against the restored database.
    requires_system_checks: list[str] = []
    help = (
        "Uji pemulihan: cadangan sekarang, dipulihkan ke basis data baru di server PostgreSQL yang sama, "
        "diperiksa (migrasi, pemeriksaan Django, jumlah, NIK yang diberikan), lalu dihapus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("niks", nargs="*", metavar="NIK", help="NIK yang harus ada di basis data pulihan")

    def handle(self, *args: Any, **options: Any) -> None:
        url = os.environ.get("DATABASE_URL", "")
        if connection.vendor != "postgresql" or not url.startswith("postgres"):
            raise CommandError(
                "DATABASE_URL harus PostgreSQL, mis. postgres://lindung:sandi@127.0.0.1:5432/lindung"
            )
        started = time.monotonic()
        call_command("scheduler", run="backup", stdout=self.stdout, stderr=self.stderr)
        file = backup_files()[0]  # the names sort by their time
        scratch = f"{connection.settings_dict['NAME']}_pulih_{timezone.localtime():%Y%m%d%H%M%S}"
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(scratch)}")
        except DatabaseError as exc:
            raise CommandError(
                f"Basis data {scratch} tidak dapat dibuat (peran di DATABASE_URL perlu CREATEDB): {exc}"
            ) from None
        connections.settings[RESTORED] = {**connection.settings_dict, "NAME": scratch}
        try:
            # The URL an operator gives: DATABASE_URL with the new database's name (its query string kept).
            target = urlunsplit(urlsplit(url)._replace(path=f"/{scratch}"))
            call_command(
                "restore", str(file), target=target, yes=True, stdout=self.stdout, stderr=self.stderr
            )
            self.check_restored(scratch, options["niks"])
        finally:
            connections[RESTORED].close()
            del connections[RESTORED]
            del connections.settings[RESTORED]
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(scratch)} WITH (FORCE)")
        took = time.monotonic() - started
        self.stdout.write(
            f"cadangan {file.name} dipulihkan ke {scratch} dan diperiksa ({took:.1f} s); {scratch} dihapus"
        )

    def check_restored(self, scratch: str, niks: list[str]) -> None:
        try:
            call_command("migrate", database=RESTORED, check_unapplied=True, verbosity=0)
        except SystemExit:  # migrate --check exits 1 when a migration is not applied
            raise CommandError(f"{scratch}: migrasi tidak lengkap") from None
        call_command("check", databases=[RESTORED], stdout=io.StringIO(), stderr=self.stderr)
        workers, members = Worker.objects.using(RESTORED), Membership.objects.using(RESTORED)
        self.stdout.write(f"dipulihkan: {workers.count():,} pekerja, {members.count():,} kepesertaan")
        for nik in niks:
            worker = workers.filter(nik=nik).first()
            if worker is None:
                raise CommandError(f"NIK {nik[:6]}… tidak ada di basis data yang dipulihkan")
            self.stdout.write(f"pemohon {worker.masked_nik}: {worker.status}")
