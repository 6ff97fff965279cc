from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.enrolment.batches import OPEN_BATCH, BatchError
from lindung.enrolment.models import BatchLine, EnrolmentBatch
from lindung.enrolment.results import (
    ResultFileError,
    parse_result_file,
    result_upload_apply,
    result_upload_create,
)

from ._common import acting_user

LABELS = [
    ("accepted", "diterima"),
    ("rejected", "ditolak"),
    ("unknown_nik", "NIK tidak ada di batch"),
    ("duplicate_nik", "NIK ganda di berkas"),
    ("duplicate_kpj", "KPJ ganda di berkas"),
    ("kpj_in_use", "KPJ sudah dipakai peserta lain"),
    ("already_member", "sudah punya kepesertaan aktif"),
    ("invalid", "isian tidak sah"),
    ("already_done", "sudah diproses"),
    ("missing", "tidak ada di berkas (tetap diusulkan)"),
    ("changed_name", "nama berbeda"),
]


class Command(BaseCommand):
    help = (
        "Reconcile a BPJS result file with its batch and print the counts. By default it is applied when there "
        "are no blocking mismatches; --dry-run never applies, --apply fails when it cannot apply."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--batch", type=int, help="batch id (default: the open batch holding the file's NIKs)"
        )
        parser.add_argument("--apply", action="store_true", help="apply, or fail if the file has mismatches")
        parser.add_argument("--dry-run", action="store_true", help="only print the reconciliation")
        parser.add_argument("--user", help="username acting (default: the first Admin Dinas)")

    def _find_batch(self, niks: set[str]) -> EnrolmentBatch:
        best = None
        for batch in EnrolmentBatch.objects.filter(status__in=OPEN_BATCH):
            hits = batch.lines.filter(nik__in=niks, result=BatchLine.Result.PENDING).count()
            if hits and (best is None or hits > best[0]):
                best = (hits, batch)
        if best is None:
            raise CommandError("Tidak ada batch terbuka yang berisi NIK dari berkas ini; sebutkan --batch.")
        return best[1]

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Berkas {path} tidak ada.")
        user = acting_user(options["user"])
        content = path.read_bytes()
        try:
            if options["batch"]:
                try:
                    batch = EnrolmentBatch.objects.get(pk=options["batch"])
                except EnrolmentBatch.DoesNotExist:
                    raise CommandError(f"Batch {options['batch']} tidak ada.") from None
            else:
                batch = self._find_batch(
                    {r["nik"] for r in parse_result_file(path.name, content) if r["nik"]}
                )
            upload = result_upload_create(batch=batch, name=path.name, content=content, by=user)
        except (ResultFileError, BatchError) as exc:
            raise CommandError(str(exc)) from None
        counts = upload.report["counts"]
        self.stdout.write(f"Batch {batch.number} (id {batch.pk}), berkas hasil id {upload.pk}:")
        for key, label in LABELS:
            self.stdout.write(f"  {label}: {counts[key]}")
        if options["dry_run"]:
            self.stdout.write("Tidak diterapkan (--dry-run).")
            return
        if upload.report["blocking"]:
            raise CommandError("Ada ketidakcocokan yang harus diperbaiki; tidak ada yang diterapkan.")
        try:
            applied = result_upload_apply(upload=upload, by=user)
        except BatchError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Diterapkan: {applied['accepted']} diterima, {applied['rejected']} ditolak.")
