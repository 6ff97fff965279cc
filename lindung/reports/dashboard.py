"""The dashboard's figures for one user: sums over the snapshot rows inside the user's area.

Each function is one query (the benchmark times them one by one). The scope is `area_filter(user)` — the
same rule as every list of people — optionally narrowed to a kecamatan or desa the user may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from lindung.enrolment.models import FundingSource
from lindung.regions.models import Region
from lindung.workers.models import Occupation, Segment, Sex, Status
from lindung.workers.selectors import area_filter

from .coverage import (
    budget_figures,
    coverage_percent,
    potential_for,
    potentials_by_region,
    target_for,
)
from .models import CoverageSnapshot
from .snapshot import AGE_GROUPS, snapshot_dates

Dim = CoverageSnapshot.Dimension
FUNNEL = [Status.DIAJUKAN, Status.DIVERIFIKASI, Status.DISETUJUI, Status.DIUSULKAN, Status.TERDAFTAR]


@dataclass(frozen=True)
class Scope:
    user: Any
    on: dt.date  # the snapshot date shown
    region: Region  # the area shown: the user's area or a narrower one inside it
    # Every (dimension, key) sum of the shown date, read once by the first breakdown that needs one.
    cache: dict[str, dict[Any, int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def q(self) -> Q:
        q = area_filter(self.user)
        level = {
            Region.Level.KECAMATAN: "kecamatan_id",
            Region.Level.DESA: "desa_id",
            Region.Level.KABUPATEN: "kabupaten_id",
        }.get(Region.Level(self.region.level))
        if level:
            q &= Q(**{level: self.region.code})
        return q

    @property
    def kabupaten_code(self) -> str:
        return (
            self.region.code[:5] if self.region.level != Region.Level.PROVINSI else settings.DEFAULT_KABUPATEN
        )

    @property
    def whole_area(self) -> bool:
        """Whether the figures cover all workers of the region (an OPD operator sees only its staff)."""
        return not (getattr(self.user, "role", "") == "operator_opd" and not self.user.is_superuser)


# The breakdowns by key of the shown date come from one query (see Scope.cache).
KEYED = [Dim.TOTAL, Dim.SEX, Dim.AGE, Dim.OCCUPATION, Dim.FUNDING, Dim.STATUS]


def _sum(scope: Scope, dimension: str, on: dt.date | None = None, by: str = "key") -> dict[Any, int]:
    if by == "key" and on is None and dimension in KEYED:
        if not scope.cache:
            scope.cache.update({d: {} for d in KEYED})
            rows = (
                CoverageSnapshot.objects.filter(scope.q, on=scope.on, dimension__in=KEYED)
                .values("dimension", "key")
                .annotate(n=Sum("count"))
                .order_by()
            )
            for r in rows:
                scope.cache[r["dimension"]][r["key"]] = r["n"]
        return scope.cache[dimension]
    rows = (
        CoverageSnapshot.objects.filter(scope.q, on=on or scope.on, dimension=dimension)
        .values(by)
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {r[by]: r["n"] for r in rows}


def active_total(scope: Scope) -> int:
    return sum(_sum(scope, Dim.TOTAL).values())


def coverage(scope: Scope) -> dict[str, Any]:
    active = active_total(scope)
    potential = potential_for(scope.region.code, scope.on.year) if scope.whole_area else None
    target = target_for(scope.kabupaten_code, scope.on.year)
    percent = coverage_percent(active, potential.count if potential else None)
    return {
        "active": active,
        "potential": potential.count if potential else None,
        "potential_source": potential.source_note if potential else "",
        "percent": percent,
        "target": target,
        "gap": (target - percent) if percent is not None else None,
        "needed": max(
            0, int((target * (potential.count if potential else 0) / 100).to_integral_value()) - active
        )
        if potential
        else None,
    }


def by_region(scope: Scope) -> list[dict[str, Any]]:
    """Active members per kecamatan (for a kabupaten) or per desa (for a kecamatan or desa)."""
    column = (
        "kecamatan_id" if scope.region.level in (Region.Level.KABUPATEN, Region.Level.PROVINSI) else "desa_id"
    )
    counts = _sum(scope, Dim.TOTAL, by=column)
    level = Region.Level.KECAMATAN if column == "kecamatan_id" else Region.Level.DESA
    regions = Region.objects.filter(level=level, code__startswith=scope.region.code + ".")
    if scope.region.level == Region.Level.DESA:
        regions = Region.objects.filter(code=scope.region.code)
    potentials = potentials_by_region([r.code for r in regions], scope.on.year) if scope.whole_area else {}
    return [
        {
            "code": r.code,
            "label": r.name,
            "value": counts.get(r.code, 0),
            "potential": potentials.get(r.code),
            "percent": coverage_percent(counts.get(r.code, 0), potentials.get(r.code)),
        }
        for r in regions
    ]


def _labelled(counts: dict[Any, int], labels: list[tuple[str, str]]) -> list[dict[str, Any]]:
    known = [{"code": code, "label": label, "value": counts.get(code, 0)} for code, label in labels]
    rest = sum(n for code, n in counts.items() if code not in {c for c, _label in labels})
    if rest:
        known.append({"code": "", "label": _("Tidak diketahui"), "value": rest})
    return known


def by_sex(scope: Scope) -> list[dict[str, Any]]:
    return _labelled(_sum(scope, Dim.SEX), [(c, str(label)) for c, label in Sex.choices])


def by_age(scope: Scope) -> list[dict[str, Any]]:
    counts = _sum(scope, Dim.AGE)
    rows = _labelled(counts, [(g, g) for g, _low, _high in AGE_GROUPS])
    return [r for r in rows if r["code"] != "<18" or r["value"]]


def by_occupation(scope: Scope) -> list[dict[str, Any]]:
    counts = _sum(scope, Dim.OCCUPATION)
    # A province's view names whose own occupation a bar is: two kabupaten may each keep one of the same name.
    several = scope.region.level == Region.Level.PROVINSI
    names = {
        str(pk): f"{name} ({owner})" if several and owner else name
        for pk, name, owner in Occupation.objects.values_list("pk", "name", "kabupaten__name")
    }
    rows = [{"code": k, "label": names.get(k, _("Tidak diisi")), "value": n} for k, n in counts.items()]
    return sorted(rows, key=lambda r: (-r["value"], r["label"]))


def by_segment(scope: Scope) -> list[dict[str, Any]]:
    return _labelled(_sum(scope, Dim.TOTAL, by="segment"), [(c, str(label)) for c, label in Segment.choices])


def by_funding(scope: Scope) -> list[dict[str, Any]]:
    counts = _sum(scope, Dim.FUNDING)
    names = {str(pk): name for pk, name in FundingSource.objects.values_list("pk", "name")}
    rows = [{"code": k, "label": names.get(k, k), "value": n} for k, n in counts.items()]
    return sorted(rows, key=lambda r: (-r["value"], r["label"]))


def trend(scope: Scope) -> list[dict[str, Any]]:
    """Active members at each snapshot date (month ends and the latest day); a month without members shows 0."""
    dates = snapshot_dates(scope.on)
    counts = {
        r["on"]: r["n"]
        for r in CoverageSnapshot.objects.filter(scope.q, dimension=Dim.TOTAL, on__in=dates)
        .values("on")
        .annotate(n=Sum("count"))
        .order_by()
    }
    return [{"code": d.isoformat(), "label": d.strftime("%m/%Y"), "value": counts.get(d, 0)} for d in dates]


def funnel(scope: Scope) -> list[dict[str, Any]]:
    """Workers now at each step, and how many reached it (those now at that step or a later one).

    Everyone applied, so "diajukan" counts the returned and the rejected too; the statuses do not say how far
    a rejected application had come, so it counts for no later step.
    """
    counts = _sum(scope, Dim.STATUS)
    rows = []
    for i, status in enumerate(FUNNEL):
        reached = sum(counts.get(s, 0) for s in FUNNEL[i:])
        if i == 0:
            reached += counts.get(Status.DIKEMBALIKAN, 0) + counts.get(Status.DITOLAK, 0)
        rows.append(
            {"code": status, "label": str(status.label), "value": reached, "now": counts.get(status, 0)}
        )
    for side in (Status.DIKEMBALIKAN, Status.DITOLAK):
        rows.append(
            {"code": side, "label": str(side.label), "value": counts.get(side, 0), "now": counts.get(side, 0)}
        )
    return rows


def budget(scope: Scope) -> dict[str, Any]:
    """Premium cost of the months of the fiscal year so far, against the budget entered for the year."""
    year = scope.on.year
    # Priced at rebuild time (snapshot dimension "cost"), so the page does not look up rates.
    cost = (
        CoverageSnapshot.objects.filter(
            scope.q, dimension=Dim.COST, on__year=year, on__lte=scope.on
        ).aggregate(t=Sum("count"))["t"]
        or 0
    )
    months = len([d for d in snapshot_dates(scope.on) if d.year == year])
    # The budget belongs to the whole kabupaten: shown only to who sees the whole kabupaten.
    whole_kabupaten = scope.region.level == Region.Level.KABUPATEN and scope.whole_area
    figures = budget_figures(scope.kabupaten_code, year) if whole_kabupaten else {}
    allocated = figures.get("allocated")
    return {
        "year": year,
        "months": months,
        "cost": cost,
        "allocated": allocated,
        "allocated_from": figures.get("allocated_from", ""),
        "realised": figures.get("realised"),
        "realised_from": figures.get("realised_from", ""),
        "percent": (Decimal(cost) * 100 / allocated).quantize(Decimal("0.01")) if allocated else None,
    }
