"""The monthly bill per funding source, computed from memberships and the rates in force.

Mid-month rule: premiums are monthly and never pro-rated. A membership is billed the whole month for every
calendar month in which it covers at least one day — the month it starts (even on the 31st) and the month it ends
(even on the 1st) are both billed in full. A `nonaktif` membership (premiums in arrears) is not billed. The rate is
the one in force on the first day of the month, so a rate that changes on a date changes the bills of the months
that start on or after that date.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from lindung.audit.services import audit_log
from lindung.enrolment.models import FundingSource, Membership
from lindung.lib import sheets

from .models import Bill, BillLine
from .rates import member_premium_by_program


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def billable_memberships(funding_source: FundingSource, month: dt.date) -> QuerySet[Membership]:
    first, last = month_bounds(month)
    return (
        Membership.objects.filter(funding_source=funding_source, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .filter(Q(status=Membership.Status.AKTIF) | Q(status=Membership.Status.BERHENTI, end_date__gte=first))
    )


def bill_compute(*, month: dt.date, funding_source: FundingSource, by: Any = None) -> Bill:
    """(Re)compute one month's bill for one funding source; running it twice replaces, never duplicates."""
    first, _last = month_bounds(month)
    memberships = list(
        billable_memberships(funding_source, first).order_by("id").values_list("id", "kpj", "programs")
    )
    prices: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        bill, _created = Bill.objects.select_for_update().get_or_create(
            month=first, funding_source=funding_source
        )
        bill.lines.all().delete()
        lines = []
        for pk, kpj, programs in memberships:
            if programs not in prices:
                prices[programs] = member_premium_by_program(
                    funding_source=funding_source, on=first, programs=programs
                )
            price = prices[programs]
            lines.append(
                BillLine(
                    bill=bill,
                    membership_id=pk,
                    kpj=kpj,
                    jkk=price.get("JKK", 0),
                    jkm=price.get("JKM", 0),
                    jht=price.get("JHT", 0),
                    amount=sum(price.values()),
                )
            )
        BillLine.objects.bulk_create(lines, batch_size=2000)
        bill.member_count = len(lines)
        bill.total = sum(line.amount for line in lines)
        bill.created_by = by if getattr(by, "pk", None) else None
        bill.save()
        audit_log(
            actor=by,
            action="bill.compute",
            obj=bill,
            changes={"members": bill.member_count, "total": bill.total},
        )
    return bill


def bills_compute(*, month: dt.date, by: Any = None, kabupaten: str | None = None) -> list[Bill]:
    sources = FundingSource.objects.all()
    if kabupaten:
        sources = sources.filter(kabupaten_id=kabupaten)
    return [bill_compute(month=month, funding_source=source, by=by) for source in sources.order_by("name")]


def bills_xlsx(bills: list[Bill]) -> bytes:
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0"})
    text = book.add_format({"num_format": "@"})
    summary = book.add_worksheet("Ringkasan")
    for col, header in enumerate(["Bulan", "Sumber dana", "Kode wadah", "Jumlah peserta", "Total (Rp)"]):
        summary.write_string(0, col, header, bold)
    for row, bill in enumerate(bills, start=1):
        summary.write_string(row, 0, f"{bill.month:%Y-%m}")
        summary.write_string(row, 1, bill.funding_source.name)
        summary.write_string(row, 2, bill.funding_source.group_code)
        summary.write_number(row, 3, bill.member_count)
        summary.write_number(row, 4, bill.total, money)
    total_row = len(bills) + 1
    summary.write_string(total_row, 1, "Jumlah", bold)
    summary.write_number(total_row, 3, sum(b.member_count for b in bills), bold)
    summary.write_number(total_row, 4, sum(b.total for b in bills), money)
    summary.set_column(1, 1, 40)
    for index, bill in enumerate(bills, start=1):
        sheet = book.add_worksheet(f"Rincian {index}")
        sheet.write_string(0, 0, f"{bill.funding_source.name} · {bill.month:%Y-%m}", bold)
        for col, header in enumerate(["No", "KPJ", "NIK", "Nama", "JKK", "JKM", "JHT", "Jumlah"]):
            sheet.write_string(1, col, header, bold)
        lines = bill.lines.select_related("membership__worker").order_by("id")
        for row, line in enumerate(lines, start=2):
            worker = line.membership.worker
            sheet.write_number(row, 0, row - 1)
            sheet.write_string(row, 1, line.kpj, text)
            sheet.write_string(row, 2, worker.nik, text)
            sheet.write_string(row, 3, worker.name)
            for col, value in enumerate([line.jkk, line.jkm, line.jht, line.amount], start=4):
                sheet.write_number(row, col, value, money)
        sheet.set_column(1, 2, 20)
        sheet.set_column(3, 3, 30)
    book.close()
    return buffer.getvalue()
