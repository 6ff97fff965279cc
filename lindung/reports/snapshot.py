"""Build the dashboard snapshot: counts per desa/segment/OPD and breakdown key, as of a set of dates.

A full rebuild scans memberships joined to workers once per dimension and date; it runs in the background
(`refresh_snapshot` task, `manage.py laporan_refresh`) so that a page view only sums a few thousand rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from typing import Any

from django.db import transaction
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from lindung.enrolment.models import Membership
from lindung.workers.models import Worker

from .coverage import monthly_cost
from .models import CoverageSnapshot, SnapshotRun

TREND_MONTHS = 12
# (label, lowest age, highest age) — the groups the dashboard shows.
AGE_GROUPS: list[tuple[str, int | None, int | None]] = [
    ("<18", None, 17),
    ("18–25", 18, 25),
    ("26–35", 26, 35),
    ("36–45", 36, 45),
    ("46–55", 46, 55),
    ("56–65", 56, 65),
    (">65", 66, None),
]
Dim = CoverageSnapshot.Dimension
MEMBER_DIMENSIONS = [Dim.TOTAL, Dim.FUNDING, Dim.SEX, Dim.AGE, Dim.OCCUPATION]
# Only the latest date gets every breakdown; earlier month ends need the total and the funding split (cost).
HISTORY_DIMENSIONS = [Dim.TOTAL, Dim.FUNDING]


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def snapshot_dates(today: dt.date) -> list[dt.date]:
    """Today and the previous month ends: TREND_MONTHS points, oldest first."""
    dates = [today]
    day = today.replace(day=1) - dt.timedelta(days=1)
    while len(dates) < TREND_MONTHS:
        dates.append(day)
        day = day.replace(day=1) - dt.timedelta(days=1)
    return sorted(dates)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def active_q(on: dt.date, prefix: str = "") -> Q:
    """A membership covering `on`: started, not ended, period not expired, and not nonaktif.

    A nonaktif membership has no recorded date of lapse, so it counts as inactive on every date.
    """
    p = prefix
    return (
        Q(**{f"{p}start__lte": on})
        & (Q(**{f"{p}end_date__isnull": True}) | Q(**{f"{p}end_date__gt": on}))
        & (Q(**{f"{p}end__isnull": True}) | Q(**{f"{p}end__gte": on}))
        & ~Q(**{f"{p}status": Membership.Status.NONAKTIF})
    )


def age_group_of(birth: dt.date, on: dt.date) -> str:
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for label, low, high in AGE_GROUPS:
        if (low is None or age >= low) and (high is None or age <= high):
            return label
    return AGE_GROUPS[-1][0]


def age_key(on: dt.date, field: str) -> Case:
    whens = []
    for label, low, _high in reversed(AGE_GROUPS):
        if low is not None:
            whens.append(When(**{f"{field}__lte": years_before(on, low)}, then=Value(label)))
    return Case(*whens, default=Value(AGE_GROUPS[0][0]), output_field=CharField())


def member_key(dimension: str, on: dt.date) -> Any:
    if dimension == Dim.TOTAL:
        return Value("", output_field=CharField())
    if dimension == Dim.SEX:
        return F("worker__sex")
    if dimension == Dim.AGE:
        return age_key(on, "worker__birth_date")
    if dimension == Dim.OCCUPATION:
        return Coalesce(Cast("worker__occupation_id", CharField()), Value(""))
    if dimension == Dim.FUNDING:
        return Cast("funding_source_id", CharField())
    raise ValueError(dimension)


AREA_COLUMNS = ["desa_id", "kecamatan_id", "kabupaten_id", "segment", "agency_id"]


def member_rows(scope: Q, on: dt.date, dimension: str, group: list[str]) -> list[dict[str, Any]]:
    """Active memberships on `on` in `scope` (a Q over Membership), counted per `group` worker columns + key."""
    columns = {c: F(f"worker__{c}") for c in group}
    return list(
        Membership.objects.filter(scope, active_q(on), worker__merged_into__isnull=True)
        .annotate(k=member_key(dimension, on), **{f"g_{c}": e for c, e in columns.items()})
        .values("k", *[f"g_{c}" for c in group])
        .annotate(n=Count("id"))
        .order_by()
    )


def worker_status_rows(scope: Q, group: list[str]) -> list[dict[str, Any]]:
    return list(
        Worker.objects.filter(scope, merged_into__isnull=True)
        .annotate(k=F("status"), **{f"g_{c}": F(c) for c in group})
        .values("k", *[f"g_{c}" for c in group])
        .annotate(n=Count("id"))
        .order_by()
    )


def _snapshot(on: dt.date, dimension: str, row: dict[str, Any]) -> CoverageSnapshot:
    return CoverageSnapshot(
        on=on,
        dimension=dimension,
        key=row["k"] or "",
        desa_id=row["g_desa_id"],
        kecamatan_id=row["g_kecamatan_id"],
        kabupaten_id=row["g_kabupaten_id"],
        segment=row["g_segment"],
        agency_id=row["g_agency_id"],
        count=row["n"],
    )


def _costs(on: dt.date, funding_rows: list[dict[str, Any]]) -> list[CoverageSnapshot]:
    """The month's premium cost per snapshot row, priced once per funding source by `monthly_cost`."""
    price = {pk: monthly_cost({pk: 1}, on) for pk in {int(r["k"]) for r in funding_rows}}
    return [_snapshot(on, Dim.COST, {**r, "n": r["n"] * price[int(r["k"])]}) for r in funding_rows]


def snapshot_refresh(*, today: dt.date | None = None) -> SnapshotRun:
    """Rebuild the snapshot for today and the previous month ends, replacing those dates' rows at once."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    dates = snapshot_dates(today)
    rows: list[CoverageSnapshot] = []
    for on in dates:
        dimensions = MEMBER_DIMENSIONS if on == today else HISTORY_DIMENSIONS
        for dimension in dimensions:
            found = member_rows(Q(), on, dimension, AREA_COLUMNS)
            rows += [_snapshot(on, dimension, r) for r in found]
            if dimension == Dim.FUNDING:
                rows += _costs(on, found)
    rows += [_snapshot(today, Dim.STATUS, r) for r in worker_status_rows(Q(), AREA_COLUMNS)]
    with transaction.atomic():
        # Dates that are not month ends were an earlier "today"; they have been superseded.
        stale = [
            d for d in CoverageSnapshot.objects.values_list("on", flat=True).distinct() if d != month_end(d)
        ]
        CoverageSnapshot.objects.filter(on__in=set(dates) | set(stale)).delete()
        CoverageSnapshot.objects.bulk_create(rows, batch_size=2000)
        return SnapshotRun.objects.create(on=today, rows=len(rows), seconds=time.perf_counter() - started)


def latest_run() -> SnapshotRun | None:
    return SnapshotRun.objects.first()
