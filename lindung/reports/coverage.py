"""Coverage arithmetic and the entered figures it divides by."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from lindung.premiums.rates import RateMissing, member_monthly_premium

from .models import NATIONAL_TARGET, Budget, CoverageTarget, PotentialWorkers

FALLBACK_MONTHLY = 16_800

CENT = Decimal("0.01")


def coverage_percent(active: int, potential: int | None) -> Decimal | None:
    """Active participants ÷ potential workers, in percent, rounded half-up to 2 decimals (None if unknown)."""
    if not potential:
        return None
    return (Decimal(active) * 100 / Decimal(potential)).quantize(CENT, rounding=ROUND_HALF_UP)


def potential_for(region_code: str, year: int) -> PotentialWorkers | None:
    """The BPS figure for the region in that year, or the latest earlier year's if that year is not entered."""
    return PotentialWorkers.objects.filter(region_id=region_code, year__lte=year).order_by("-year").first()


def potentials_by_region(codes: list[str], year: int) -> dict[str, int]:
    found: dict[str, int] = {}
    rows = PotentialWorkers.objects.filter(region_id__in=codes, year__lte=year).order_by("region_id", "-year")
    for row in rows:
        found.setdefault(str(row.region_id), row.count)
    return found


def target_for(kabupaten_code: str, year: int) -> Decimal:
    row = CoverageTarget.objects.filter(region_id=kabupaten_code, year__lte=year).order_by("-year").first()
    return row.percent if row else NATIONAL_TARGET


def monthly_cost(active_by_funding: dict[int, int], on: dt.date) -> int:
    """Premium cost of one month: active members × the monthly premium of their funding source.

    The single place the reports price a member. It asks `lindung.premiums.rates` (dated rate rows per funding
    kind); where no rate row is in force it falls back to the published Rp16,800 (JKK 1% of Rp1,000,000 +
    JKM Rp6,800) rather than breaking the dashboard.
    """
    from lindung.enrolment.models import FundingSource

    sources = FundingSource.objects.in_bulk(list(active_by_funding))
    total = 0
    for pk, count in active_by_funding.items():
        source = sources.get(pk)
        try:
            price = member_monthly_premium(funding_source=source, on=on) if source else FALLBACK_MONTHLY
        except RateMissing:
            price = FALLBACK_MONTHLY
        total += count * price
    return total


def budget_figures(kabupaten_code: str, year: int) -> dict[str, Any]:
    """Allocated and realised budget of the year: from the premiums module when it holds figures for the
    kabupaten's funding sources (allocations, SP2D payments), otherwise as entered on the reports' data page."""
    from lindung.premiums.models import BudgetAllocation, Payment

    allocated = BudgetAllocation.objects.filter(
        fiscal_year=year, funding_source__kabupaten_id=kabupaten_code
    ).aggregate(t=Sum("allocation"))["t"]
    realised = Payment.objects.filter(
        month__year=year, funding_source__kabupaten_id=kabupaten_code
    ).aggregate(t=Sum("amount"))["t"]
    entered = Budget.objects.filter(kabupaten_id=kabupaten_code, year=year).first()
    return {
        "allocated": allocated if allocated is not None else (entered.allocated if entered else None),
        "allocated_from": _("modul iuran")
        if allocated is not None
        else _("isian data laporan")
        if entered
        else "",
        "realised": realised if realised is not None else (entered.realised if entered else None),
        "realised_from": _("SP2D di modul iuran")
        if realised is not None
        else _("isian data laporan")
        if entered and entered.realised is not None
        else "",
    }
