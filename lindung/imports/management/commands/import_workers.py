"""Check (and with --commit, save) a worker list from the command line with the same engine as the web page."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.accounts.models import User
from lindung.imports import engine
from lindung.imports.columns import BY_KEY
from lindung.imports.file_checks import ImportFileError
from lindung.imports.models import ImportJob
from lindung.imports.services import ImportActionError, import_job_confirm, import_job_create
from lindung.workers.models import Source


class Command(BaseCommand):
    help = "Periksa (dan dengan --commit simpan) daftar pekerja dari berkas xlsx/csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--source", default=Source.IMPOR, choices=Source.values)
        parser.add_argument(
            "--commit", action="store_true", help="simpan baris valid (tanpa ini: hanya periksa)"
        )
        parser.add_argument("--report", help="tulis laporan kesalahan .xlsx ke path ini")
        parser.add_argument(
            "--accept-nik-date-mismatch",
            action="store_true",
            help="terima baris yang tanggal lahir/jenis kelaminnya berbeda dengan NIK, dengan tanda untuk verifikator",
        )
        parser.add_argument("--user", help="nama pengguna pengimpor (wilayahnya membatasi desa yang boleh)")
        parser.add_argument(
            "--desa",
            metavar="KODE",
            help="kode desa/kelurahan semua baris, untuk berkas tanpa kolom desa (ekspor OpenSID), "
            "misalnya 16.06.01.2001",
        )
        parser.add_argument(
            "--max-mb",
            type=int,
            default=0,
            metavar="N",
            help="tolak berkas lebih besar dari N MB (bawaan 0 = tanpa batas; batas unggah web tidak berlaku di sini)",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="JUDUL=KOLOM",
            help=f"petakan judul kolom berkas ke kolom Lindung ({', '.join(BY_KEY)}) atau kosong untuk diabaikan",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Pengguna tidak ditemukan: {options['user']}")
        mapping = {}
        for item in options["map"]:
            header, sep, key = item.partition("=")
            if not sep or (key and key not in BY_KEY):
                raise CommandError(
                    f"--map {item!r}: tulis JUDUL=KOLOM, KOLOM salah satu dari {', '.join(BY_KEY)}"
                )
            mapping[header.strip()] = key.strip()
        try:
            with path.open("rb") as fh:
                job = import_job_create(
                    file=File(fh, name=path.name),
                    name=path.name,
                    source=options["source"],
                    by=user,
                    start=False,
                    accept_nik_mismatch=options["accept_nik_date_mismatch"],
                    desa=_desa_code(options["desa"]),
                    max_bytes=max(options["max_mb"], 0) * 1024 * 1024,
                )
        except (ImportFileError, ImportActionError) as exc:
            raise CommandError(str(exc)) from None
        if mapping:
            ImportJob.objects.filter(pk=job.pk).update(mapping=mapping)
        job = engine.run_check(job.pk)
        self._report(job, options["report"])
        if job.layout_label:
            self.stdout.write(f"Format dikenali: {job.layout_label}")
        if job.status == ImportJob.Status.MAPPING and not job.unknown_headers:
            raise CommandError(
                "Berkas ini tidak punya kolom desa; sebutkan desa/kelurahan semua barisnya dengan --desa KODE "
                "(misalnya --desa 16.06.01.2001)."
            )
        if job.status == ImportJob.Status.MAPPING:
            raise CommandError(
                "Judul kolom tidak dikenal: "
                + ", ".join(job.unknown_headers)
                + ". Petakan dengan --map 'JUDUL=KOLOM' (KOLOM kosong = abaikan)."
                + (f" {job.error_message}" if job.error_message else "")
            )
        if job.status != ImportJob.Status.CHECKED:
            raise CommandError(job.error_message or f"Impor berhenti dengan status {job.status}.")
        self.stdout.write(
            f"Impor #{job.pk} {job.original_name}: {job.total} baris; valid {job.valid}, tidak valid {job.invalid}, "
            f"ganda di berkas {job.duplicates}, sudah terdaftar {job.already_registered}, "
            f"kemungkinan ganda {job.probable_duplicates}; ditandai untuk verifikator: bukan pekerja "
            f"{job.flagged_not_working}, tanggal lahir berbeda dengan NIK {job.flagged_nik}; "
            f"pekerja terdaftar yang diperbarui {job.changes}"
            + (f"; meninggal/pindah/hilang {job.inactive}" if job.inactive else "")
            + "."
        )
        if job.needs_desa and job.desa_id:
            self.stdout.write(f"Desa semua baris: {job.desa_id}")
        if job.refused_nik_mismatch and not job.accept_nik_mismatch:
            self.stdout.write(
                f"  {job.refused_nik_mismatch} baris ditolak karena tanggal lahir/jenis kelamin berbeda dengan NIK; "
                "--accept-nik-date-mismatch menerimanya dengan tanda untuk verifikator."
            )
        if job.unmapped_occupations:
            self.stdout.write(
                "  Pekerjaan dicatat sebagai Lainnya: "
                + ", ".join(f"{text} ({n})" for text, n in list(job.unmapped_occupations.items())[:20])
            )
        for error in job.first_errors[:10]:
            self.stdout.write(f"  baris {error['row']}: {error['message']}")
        if not options["commit"]:
            self.stdout.write("Hanya diperiksa; tambahkan --commit untuk menyimpan baris valid.")
            return
        try:
            import_job_confirm(job=job, by=user, start=False)
        except ImportActionError as exc:
            raise CommandError(str(exc)) from None
        job = engine.run_commit(job.pk, user.pk if user else None)
        if job.status != ImportJob.Status.DONE:
            raise CommandError(job.error_message or f"Penyimpanan berhenti dengan status {job.status}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Tersimpan {job.rows_written} pekerja (sudah terdaftar dan dilewati: {job.already_registered}); "
                f"pekerja terdaftar diperbarui: {job.changes_applied}."
            )
        )

    def _report(self, job: ImportJob, target: str | None) -> None:
        if target and job.error_report:
            shutil.copyfile(job.error_report.path, target)
            self.stdout.write(f"Laporan kesalahan: {target}")


def _desa_code(raw: str | None) -> str | None:
    """16.06.01.2001 or 1606012001 (as P3KE writes it)."""
    if not raw:
        return None
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return raw.strip()
