"""Demo figures for the reports: BPS potential (2024–2026), the target, regulations, an innovation, a budget.

The kabupaten figure 213,582 is the published BPS figure for Musi Banyuasin; the per-kecamatan split is DEMO
DATA (the total divided in proportion to the number of desa per kecamatan), not a BPS publication.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from lindung.audit.models import AuditEvent
from lindung.regions.models import Region
from lindung.reports.models import Budget, CoverageTarget, Innovation, PotentialWorkers, Regulation
from lindung.reports.snapshot import latest_run, snapshot_refresh

MUBA_POTENTIAL = 213_582
YEARS = (2024, 2025, 2026)
DEMO_NOTE = "DEMO: dibagi menurut jumlah desa per kecamatan, bukan angka BPS"


def _split(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Largest-remainder split, so the kecamatan add up to the kabupaten exactly."""
    whole = sum(weights.values())
    shares = {code: total * w / whole for code, w in weights.items()}
    result = {code: int(share) for code, share in shares.items()}
    left = total - sum(result.values())
    for code in sorted(shares, key=lambda c: shares[c] - result[c], reverse=True)[:left]:
        result[code] += 1
    return result


def _figures() -> int:
    return sum(m.objects.count() for m in (PotentialWorkers, CoverageTarget, Regulation, Innovation, Budget))


def seed(out: Any) -> None:
    kabupaten = Region.objects.get(code=settings.DEFAULT_KABUPATEN)
    weights = dict(
        Region.objects.filter(level=Region.Level.KECAMATAN, parent=kabupaten)
        .annotate(n=Count("children"))
        .values_list("code", "n")
    )
    before = _figures()
    with transaction.atomic():
        for year in YEARS:
            PotentialWorkers.objects.get_or_create(
                region=kabupaten,
                year=year,
                defaults={
                    "count": MUBA_POTENTIAL,
                    "source_note": "BPS (angka yang dipublikasikan Pemkab Muba)",
                },
            )
            for code, count in _split(MUBA_POTENTIAL, weights).items():
                PotentialWorkers.objects.get_or_create(
                    region_id=code, year=year, defaults={"count": count, "source_note": DEMO_NOTE}
                )
            CoverageTarget.objects.get_or_create(
                region=kabupaten,
                year=year,
                defaults={"percent": Decimal("52.15"), "legal_basis": "Target nasional (RPJMN)"},
            )
        Regulation.objects.get_or_create(
            kabupaten=kabupaten,
            kind=Regulation.Kind.PERBUP,
            number="54",
            year=2023,
            defaults={"title": "Perlindungan Ketenagakerjaan, Keluarga Aman Terbantu (PAKE KELAMBU)"},
        )
        Regulation.objects.get_or_create(
            kabupaten=kabupaten,
            kind=Regulation.Kind.INPRES,
            number="2",
            year=2021,
            defaults={"title": "Optimalisasi Pelaksanaan Program Jaminan Sosial Ketenagakerjaan"},
        )
        Innovation.objects.get_or_create(
            kabupaten=kabupaten,
            year=2025,
            title="PAKE KELAMBU: sisir desa dari data P3KE",
            defaults={
                "description": "Petugas desa mendatangi keluarga desil 1–3 data P3KE dengan daftar sisir "
                "per desa, mendata dan mendaftarkan pekerja rentan; iuran JKK dan JKM "
                "dibayar APBD kabupaten."
            },
        )
        Budget.objects.get_or_create(
            kabupaten=kabupaten,
            year=2026,
            defaults={"allocated": 45_000 * 16_800 * 12, "note": "DEMO: 45.000 peserta × Rp16.800 × 12"},
        )
    added = _figures() != before
    last = latest_run()
    # Rebuild after any audited write since the last rebuild (every service audits its writes), or when this
    # step added figures; otherwise the snapshot is current and a second run of the demo adds nothing.
    if last is None or added or AuditEvent.objects.filter(at__gt=last.finished_at).exists():
        last = snapshot_refresh()
    out.write(f"Laporan: angka BPS, target, regulasi dan ringkasan dasbor ({last.rows} baris) siap.")
