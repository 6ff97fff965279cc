"""`manage.py estimate_duplicate_weights [--kabupaten 16.06]`: what the background task does after a scan."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lindung.dedup.scanning import match_weights_estimate


class Command(BaseCommand):
    help = (
        "Perkirakan bobot HP, alamat, tempat lahir, pekerjaan, bagian NIK, serta nama, tanggal lahir dan desa "
        "yang berbeda, dari data pekerja dan keputusan pemeriksa."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kabupaten", default="", help="kode kabupaten/kota (semua bila kosong)")

    def handle(self, *args: Any, **options: Any) -> None:
        row = match_weights_estimate(kabupaten=options["kabupaten"])
        self.stdout.write(
            f"Bobot diperkirakan dari {row.records} pekerja, {row.pairs} pasangan, {row.labelled} keputusan "
            f"pemeriksa ({row.iterations} putaran):"
        )
        for field, levels in row.weights.items():
            self.stdout.write(f"  {field}: " + ", ".join(f"{k} {v:+.2f}" for k, v in levels.items()))
