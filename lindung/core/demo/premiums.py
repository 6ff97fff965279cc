"""Demo premiums: the rates come with the migrations; this step computes last month's and this month's bills,
sets this year's allocation, records the SP2D for last month and registers two claims. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership
from lindung.premiums.bills import bills_compute
from lindung.premiums.models import BudgetAllocation, Claim, Payment

ALLOCATION = 9_072_000_000  # PAKE KELAMBU: 45,000 workers × Rp16,800 × 12


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def seed(out: Any) -> None:
    admin = User.objects.get(username="dinas")
    source = funding_source_default(settings.DEFAULT_KABUPATEN)
    this_month = dt.date.today().replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    for month in (last_month, this_month):
        # Recomputing replaces a month's bill, so running the demo twice adds nothing.
        bills = bills_compute(month=month, kabupaten=settings.DEFAULT_KABUPATEN)
        members, total = sum(b.member_count for b in bills), sum(b.total for b in bills)
        out.write(f"Tagihan {month:%Y-%m}: {members} peserta, {_rupiah(total)}")
        if month == last_month:
            Payment.objects.get_or_create(
                sp2d_number=f"DEMO/SP2D/{month:%Y%m}",
                defaults={
                    "funding_source": source,
                    "month": month,
                    "sp2d_date": this_month + dt.timedelta(days=4),
                    "amount": total,
                    "created_by": admin,
                },
            )
    BudgetAllocation.objects.get_or_create(
        fiscal_year=this_month.year,
        funding_source=source,
        defaults={"allocation": ALLOCATION, "legal_basis": "DPA Disnakertrans (demo)"},
    )
    if not Claim.objects.filter(note__startswith="Data demo").exists():
        picked = list(Membership.objects.filter(status="aktif", funding_source=source).order_by("id")[:2])
        if len(picked) == 2:
            day = max(picked[0].start, this_month - dt.timedelta(days=40))
            Claim.objects.create(
                membership=picked[0],
                kind=Claim.Kind.JKM,
                event_date=day,
                status=Claim.Status.PAID,
                reported_by_name="Istri",
                amount_paid=42_000_000,
                paid_date=day + dt.timedelta(days=14),
                note="Data demo",
                created_by=admin,
            )
            Claim.objects.create(
                membership=picked[1],
                kind=Claim.Kind.JKK,
                event_date=max(picked[1].start, this_month),
                reported_by_name="Kepala desa",
                note="Data demo: jatuh dari perancah",
                created_by=admin,
            )
    out.write(
        f"Anggaran {this_month.year}: pagu {_rupiah(ALLOCATION)}; SP2D bulan lalu tercatat; 2 klaim demo."
    )
