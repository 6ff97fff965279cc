"""Demo BPJS invoice (tagihan): the branch's xlsx for last month of the kabupaten's APBD, uploaded by the Petugas
BPJS login and reconciled by the invoice service against our bill.

It is our bill as BPJS would send it, with the differences reconciliation exists to catch: a KPJ that only BPJS
has, a member charged JHT on top of JKK + JKM, a member BPJS did not bill, and the member who died still billed
after the end of the membership. Idempotent.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership
from lindung.lib import sheets
from lindung.premiums.invoices import invoice_upload
from lindung.premiums.models import Bill, InvoiceUpload

from . import clock

PREFIX = "DEMO-tagihan-bpjs-"
HEADERS = ["No", "No KPJ", "Nama Peserta", "Program", "Periode", "Iuran"]
UNKNOWN = ("23041000517", "Ahmad Fauzi")  # registered in the group by the branch, not by us
JHT = 20_000  # 2% of the Rp1,000,000 declared income


def _rows(bill: Bill) -> list[list[Any]]:
    lines = list(bill.lines.select_related("membership__worker").order_by("id"))
    period = f"{bill.month:%m/%Y}"
    rows: list[list[Any]] = [
        [line.kpj, line.membership.worker.name, "JKK+JKM", period, line.amount] for line in lines
    ]
    if len(rows) >= 3:
        del rows[-1]  # BPJS has not billed this one (its KPJ was activated late at the branch)
    if len(rows) >= 2:
        rows[1][2], rows[1][4] = "JKK+JKM+JHT", rows[1][4] + JHT
    standard = lines[0].amount if lines else 0
    ended = (
        Membership.objects.filter(
            funding_source=bill.funding_source, status=Membership.Status.BERHENTI, end_date__lt=bill.month
        )
        .exclude(kpj__in=[line.kpj for line in lines])
        .select_related("worker")
        .order_by("-end_date", "id")[:2]
    )
    rows += [[m.kpj, m.worker.name, "JKK+JKM", period, standard] for m in ended]
    rows.append([UNKNOWN[0], UNKNOWN[1], "JKK+JKM", period, standard])
    return rows


def _xlsx(rows: list[list[Any]]) -> bytes:
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Tagihan")
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, HEADERS)
    for r, (kpj, name, programs, period, amount) in enumerate(rows, start=1):
        sheet.write_number(r, 0, r)
        sheet.write_string(r, 1, kpj, text)  # a KPJ written as a number loses its leading digits in Excel
        sheet.write_string(r, 2, name)
        sheet.write_string(r, 3, programs)
        sheet.write_string(r, 4, period)
        sheet.write_number(r, 5, amount, money)
    book.close()
    return buffer.getvalue()


def seed(out: Any) -> None:
    if InvoiceUpload.objects.filter(filename__startswith=PREFIX).exists():
        out.write("Tagihan BPJS demo sudah diunggah.")
        return
    source = funding_source_default(settings.DEFAULT_KABUPATEN)
    today = clock.today()
    # Last month's invoice; in January the programme's first month is this one.
    bill = next(
        (
            b
            for month in (clock.month_start(today, 1), today.replace(day=1))
            if (b := Bill.objects.filter(funding_source=source, month=month, member_count__gt=0).first())
        ),
        None,
    )
    if bill is None:
        out.write("Tagihan BPJS demo: belum ada tagihan yang bisa dicocokkan.")
        return
    name = f"{PREFIX}{bill.month:%Y%m}.xlsx"
    upload = invoice_upload(
        funding_source=source,
        month=bill.month,
        name=name,
        content=_xlsx(_rows(bill)),
        by=User.objects.get(username="bpjs"),
    )
    counts = upload.report["counts"]
    out.write(
        f"Tagihan BPJS {bill.month:%Y-%m} diunggah ({name}): {counts['only_invoice']} KPJ hanya di BPJS, "
        f"{counts['amount_diff']} beda jumlah, {counts['only_bill']} hanya di tagihan kita, "
        f"{counts['after_end']} ditagih setelah kepesertaan berhenti."
    )
