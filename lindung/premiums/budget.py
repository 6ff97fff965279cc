"""The year's budget per funding source: allocation, commitment, realisation, what remains and what it buys.

- realised: payments recorded for bills of the fiscal year;
- committed: the bills of the year computed so far, plus the current active members priced for every later
  month of the year at the rates of each month;
- remaining: allocation − committed;
- forecast: how many more members the remainder pays for from month M to December.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from lindung.enrolment.models import FundingSource, Membership

from .models import Bill, BudgetAllocation, Payment
from .rates import month_starts, projected_cost


@dataclass
class BudgetStatus:
    allocation: int
    billed: int
    realised: int
    committed: int
    remaining: int
    active_members: int
    last_billed: dt.date | None
    monthly: list[tuple[dt.date, int, int]]  # month, billed, paid


def budget_status(*, funding_source: FundingSource, fiscal_year: int) -> BudgetStatus:
    allocation = (
        BudgetAllocation.objects.filter(funding_source=funding_source, fiscal_year=fiscal_year)
        .values_list("allocation", flat=True)
        .first()
        or 0
    )
    bills = {
        b.month: b.total for b in Bill.objects.filter(funding_source=funding_source, month__year=fiscal_year)
    }
    paid = dict(
        Payment.objects.filter(funding_source=funding_source, month__year=fiscal_year)
        .values("month")
        .annotate(t=Sum("amount"))
        .values_list("month", "t")
    )
    last_billed = max(bills) if bills else None
    first_unbilled = (
        (last_billed + dt.timedelta(days=32)).replace(day=1) if last_billed else dt.date(fiscal_year, 1, 1)
    )
    active = Membership.objects.filter(funding_source=funding_source, status=Membership.Status.AKTIF).count()
    months_left = 12 - first_unbilled.month + 1 if first_unbilled.year == fiscal_year else 0
    future = (
        projected_cost(
            funding_source=funding_source, members=active, first_month=first_unbilled, months=months_left
        )
        if months_left
        else 0
    )
    billed = sum(bills.values())
    committed = billed + future
    monthly = [(m, bills.get(m, 0), paid.get(m, 0)) for m in month_starts(dt.date(fiscal_year, 1, 1), 12)]
    return BudgetStatus(
        allocation=allocation,
        billed=billed,
        realised=sum(paid.values()),
        committed=committed,
        remaining=allocation - committed,
        active_members=active,
        last_billed=last_billed,
        monthly=monthly,
    )


def affordable_members(*, funding_source: FundingSource, remaining: int, from_month: dt.date) -> int:
    """How many more members `remaining` pays for from `from_month` to the end of that year."""
    months = 12 - from_month.month + 1
    per_member = projected_cost(
        funding_source=funding_source, members=1, first_month=from_month, months=months
    )
    return max(remaining, 0) // per_member if per_member else 0
