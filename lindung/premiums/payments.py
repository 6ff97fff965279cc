"""Payments (SP2D) and arrears: which months are unpaid, and which members become nonaktif and when.

Rule (DOMAIN.md): BPU premiums may be paid up to three months late; after three unpaid months in a row the
membership becomes nonaktif. A month counts as paid when the payments recorded for that funding source and month
add up to at least its bill. A member whose three most recent billed months are all unpaid becomes nonaktif on the
first day of the month after the third; `arrears_apply` does that through the enrolment service.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log
from lindung.enrolment.memberships import UNPAID_MONTHS_TO_DEACTIVATE, membership_deactivate
from lindung.enrolment.models import FundingSource, Membership

from .models import Bill, BillLine, Payment


class PaymentError(Exception):
    pass


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def payment_record(
    *,
    funding_source: FundingSource,
    month: dt.date,
    sp2d_number: str,
    sp2d_date: dt.date,
    amount: int,
    by: Any,
    note: str = "",
    request: HttpRequest | None = None,
) -> Payment:
    sp2d_number = sp2d_number.strip()
    if not sp2d_number:
        raise PaymentError(_("Nomor SP2D wajib diisi."))
    if amount <= 0:
        raise PaymentError(_("Jumlah pembayaran harus lebih dari nol."))
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                funding_source=funding_source,
                month=month.replace(day=1),
                sp2d_number=sp2d_number,
                sp2d_date=sp2d_date,
                amount=amount,
                note=note,
                created_by=by,
            )
    except IntegrityError:
        raise PaymentError(_("SP2D nomor %(n)s sudah dicatat.") % {"n": sp2d_number}) from None
    audit_log(actor=by, action="payment.record", obj=payment, changes={"amount": amount}, request=request)
    return payment


def paid_by_month(funding_source: FundingSource) -> dict[dt.date, int]:
    rows = Payment.objects.filter(funding_source=funding_source).values("month").annotate(total=Sum("amount"))
    return {r["month"]: r["total"] for r in rows}


def unpaid_bills(funding_source: FundingSource, *, up_to: dt.date) -> list[tuple[Bill, int]]:
    """(bill, outstanding Rupiah) for every bill up to `up_to` not fully paid, oldest first."""
    paid = paid_by_month(funding_source)
    return [
        (bill, bill.total - paid.get(bill.month, 0))
        for bill in Bill.objects.filter(
            funding_source=funding_source, month__lte=up_to, total__gt=0
        ).order_by("month")
        if paid.get(bill.month, 0) < bill.total
    ]


@dataclass
class Arrear:
    membership_id: int
    kpj: str
    name: str
    unpaid_months: list[dt.date]
    nonaktif_on: dt.date


def arrears(funding_source: FundingSource, *, up_to: dt.date) -> list[Arrear]:
    """Members in the unpaid months up to `up_to`, with the count of their latest unpaid months in a row."""
    unpaid = {bill.pk for bill, _o in unpaid_bills(funding_source, up_to=up_to)}
    if not unpaid:
        return []
    billed: dict[int, list[tuple[dt.date, bool]]] = defaultdict(list)
    for membership_id, month, bill_id in BillLine.objects.filter(
        bill__funding_source=funding_source, bill__month__lte=up_to
    ).values_list("membership_id", "bill__month", "bill_id"):
        billed[membership_id].append((month, bill_id in unpaid))
    members = Membership.objects.filter(pk__in=list(billed), status=Membership.Status.AKTIF).select_related(
        "worker"
    )
    result = []
    for m in members:
        streak: list[dt.date] = []
        for month, is_unpaid in sorted(billed[m.pk], reverse=True):  # the latest months, while unpaid
            if not is_unpaid:
                break
            streak.insert(0, month)
        if streak:
            due = streak[0]
            for _i in range(UNPAID_MONTHS_TO_DEACTIVATE):
                due = next_month(due)
            result.append(Arrear(m.pk, m.kpj, m.worker.name, streak, due))
    return sorted(result, key=lambda a: (a.nonaktif_on, a.name))


def arrears_apply(*, funding_source: FundingSource, on: dt.date, by: Any) -> int:
    """Make nonaktif every member whose unpaid streak has reached three months by `on`; one transaction."""
    due = [a for a in arrears(funding_source, up_to=on) if a.nonaktif_on <= on]
    with transaction.atomic():
        for arrear in due:
            months = ", ".join(f"{m:%m/%Y}" for m in arrear.unpaid_months)
            membership_deactivate(
                membership=Membership.objects.get(pk=arrear.membership_id),
                by=by,
                note=_("Iuran %(n)d bulan berturut-turut belum dibayar (%(m)s).")
                % {"n": len(arrear.unpaid_months), "m": months},
            )
    return len(due)
