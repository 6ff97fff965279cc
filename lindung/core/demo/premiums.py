"""Demo premiums: the rates come with the migrations. For every funding source this step computes the bills of the
last three months and this month, records the SP2D of the past months that were paid, applies the arrears rule,
and sets this year's allocations. Idempotent: a month that has a bill keeps it (recomputing a past month after the
arrears rule would drop the members it made nonaktif from the very bills they did not pay).

The kabupaten and the OPD pay every month that is over; the desa on APBDes has paid nothing, so its first members
reach three unpaid months and become nonaktif through the arrears service, and later ones are in arrears. A month
with nobody covered gets no bill, and a zero payment is never recorded (in January "last month" belongs to the
previous fiscal year, before the programme's members started).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import FundingSource
from lindung.premiums.bills import bill_compute, billable_memberships
from lindung.premiums.models import Bill, BudgetAllocation, Payment
from lindung.premiums.payments import arrears_apply, next_month, payment_record
from lindung.premiums.rates import member_monthly_premium

from . import clock

ALLOCATION = 9_072_000_000  # PAKE KELAMBU: 45,000 workers × Rp16,800 × 12
PAST_MONTHS = 3


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _bill(source: FundingSource, month: dt.date, by: User) -> Bill | None:
    existing = Bill.objects.filter(funding_source=source, month=month).first()
    if existing is not None:
        return existing
    if not billable_memberships(source, month).exists():
        return None  # nobody covered that month: no Rp0 bill
    return bill_compute(month=month, funding_source=source, by=by)


def _sp2d_number(source: FundingSource, month: dt.date) -> str:
    if source.kind == FundingSource.Kind.APBD_KABUPATEN:
        return f"DEMO/SP2D/{month:%Y%m}"  # the number earlier demo databases used for the kabupaten
    return f"DEMO/SP2D/{source.code}/{month:%Y%m}"


def _pay(bill: Bill, today: dt.date, by: User) -> bool:
    """Record the SP2D for a past month's bill, unless it is zero or already paid."""
    if (
        bill.total == 0
        or Payment.objects.filter(funding_source=bill.funding_source, month=bill.month).exists()
    ):
        return False
    payment_record(
        funding_source=bill.funding_source,
        month=bill.month,
        sp2d_number=_sp2d_number(bill.funding_source, bill.month),
        sp2d_date=min(next_month(bill.month) + dt.timedelta(days=4), today),
        amount=bill.total,
        note="Data demo",
        by=by,
    )
    return True


def _allocate_own(source: FundingSource, year: int) -> None:
    """An OPD or a desa budgets a year of premiums for the members it enrolled (the desa has not paid them)."""
    members = source.memberships.count()
    if not members:
        return
    yearly = 12 * member_monthly_premium(funding_source=source, on=dt.date(year, 1, 1))
    BudgetAllocation.objects.get_or_create(
        fiscal_year=year,
        funding_source=source,
        defaults={"allocation": members * yearly, "legal_basis": f"{source.name} {year} (demo)"},
    )


def seed(out: Any) -> None:
    admin = User.objects.get(username="dinas")
    today = clock.today()
    this_month = today.replace(day=1)
    past = [clock.month_start(today, k) for k in range(PAST_MONTHS, 0, -1)]
    main = funding_source_default(settings.DEFAULT_KABUPATEN)
    sources = list(FundingSource.objects.filter(kabupaten_id=settings.DEFAULT_KABUPATEN).order_by("name"))
    paid = 0
    for source in sources:
        for month in past:
            bill = _bill(source, month, admin)
            if bill is not None and source.kind != FundingSource.Kind.APBDES and _pay(bill, today, admin):
                paid += 1
    # What the Admin Dinas does on the arrears page of each source; only the unpaid APBDes members are due.
    lapsed = sum(arrears_apply(funding_source=source, on=today, by=admin) for source in sources)
    for source in sources:
        _bill(source, this_month, admin)
    for month in [*past, this_month]:
        bills = Bill.objects.filter(month=month, funding_source__in=sources)
        if bills.exists():
            members, total = sum(b.member_count for b in bills), sum(b.total for b in bills)
            out.write(f"Tagihan {month:%Y-%m}: {members} peserta, {_rupiah(total)}")
    BudgetAllocation.objects.get_or_create(
        fiscal_year=this_month.year,
        funding_source=main,
        defaults={"allocation": ALLOCATION, "legal_basis": "DPA Disnakertrans (demo)"},
    )
    for source in sources:
        if source != main:
            _allocate_own(source, this_month.year)
    out.write(
        f"Anggaran {this_month.year}: pagu {_rupiah(ALLOCATION)}; {paid} SP2D baru tercatat; "
        f"{lapsed} kepesertaan dinonaktifkan karena iuran 3 bulan tidak dibayar."
    )
