"""`manage.py find_duplicates --out pairs.csv [--min-score S] [--kabupaten 16.06]`"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.dedup.clusters import cost_threshold
from lindung.dedup.scanning import find_pairs
from lindung.lib import sheets

HEADER = [
    "skor",
    "id_a",
    "nik_a",
    "nama_a",
    "sumber_a",
    "id_b",
    "nik_b",
    "nama_b",
    "sumber_b",
    "alasan",
]


class Command(BaseCommand):
    help = "Tulis pasangan kemungkinan data ganda ke berkas CSV, skor tertinggi dahulu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="berkas CSV tujuan")
        parser.add_argument(
            "--min-score", type=float, default=None, help="skor minimum, 0–1 (bawaan: ambang menurut biaya)"
        )
        parser.add_argument(
            "--kabupaten", default="", help="kode kabupaten/kota, mis. 16.06 (semua bila kosong)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        min_score = cost_threshold() if options["min_score"] is None else options["min_score"]
        if not 0.0 <= min_score <= 1.0:
            raise CommandError("--min-score harus di antara 0 dan 1.")
        pairs, reg, refs = find_pairs(kabupaten=options["kabupaten"], min_score=min_score)
        people = {int(pk): (reg.niks[row], reg.names[row]) for row, pk in enumerate(reg.ids)}
        with open(options["out"], "w", newline="", encoding="utf-8") as handle:
            writer = sheets.csv_writer(handle)  # names come from the public form: never a formula
            writer.writerow(HEADER)
            for p in pairs:
                a, b = (p.a, p.b) if p.a < p.b else (p.b, p.a)
                writer.writerow(
                    [
                        f"{p.score:.3f}",
                        a,
                        *people[a],
                        refs.get(a, ""),
                        b,
                        *people[b],
                        refs.get(b, ""),
                        "; ".join(p.reasons),
                    ]
                )
        self.stdout.write(f"{len(pairs)} pasangan kemungkinan data ganda ditulis ke {options['out']}.")
