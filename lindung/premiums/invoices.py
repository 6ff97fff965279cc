"""The BPJS invoice (tagihan) for a month, reconciled line by line against our bill."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from lindung.audit.services import audit_log
from lindung.enrolment.models import FundingSource, Membership
from lindung.enrolment.results import ResultFileError, header_key, read_table
from lindung.lib.nik import clean_digits

from .bills import month_bounds
from .models import Bill, InvoiceUpload

KPJ_HEADERS = {"kpj", "nokpj", "nomorkpj", "nokartu", "nomorpeserta"}
AMOUNT_HEADERS = {"iuran", "jumlah", "jumlahiuran", "total", "nominal", "tagihan", "amount", "totaliuran"}
NAME_HEADERS = {"nama", "namapeserta", "namatk"}


def parse_invoice(name: str, content: bytes) -> list[dict[str, Any]]:
    table = [r for r in read_table(name, content) if any(str(c or "").strip() for c in r)]
    if not table:
        raise ResultFileError(_("Berkas kosong."))
    header = [header_key(h) for h in table[0]]
    cols = {
        field: next((i for i, h in enumerate(header) if h in names), None)
        for field, names in (("kpj", KPJ_HEADERS), ("amount", AMOUNT_HEADERS), ("name", NAME_HEADERS))
    }
    if cols["kpj"] is None or cols["amount"] is None:
        raise ResultFileError(_("Kolom wajib tidak ditemukan: KPJ dan Iuran/Jumlah."))
    rows = []
    for number, raw in enumerate(table[1:], start=2):

        def cell(field: str, raw: list[Any] = raw) -> Any:
            i = cols[field]
            return raw[i] if i is not None and i < len(raw) else None

        kpj, kpj_error = clean_digits(cell("kpj"))
        amount, amount_error = clean_digits(cell("amount"))
        problem = ""
        if kpj_error:
            problem = _("KPJ %(e)s") % {"e": kpj_error}
        elif amount_error:
            problem = _("jumlah iuran %(e)s") % {"e": amount_error}
        rows.append(
            {
                "row": number,
                "kpj": kpj,
                "amount": int(amount) if amount else 0,
                "name": str(cell("name") or ""),
                "problem": problem,
            }
        )
    return rows


def reconcile_invoice(
    *, funding_source: FundingSource, month: dt.date, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    first, _last = month_bounds(month)
    bill = Bill.objects.filter(funding_source=funding_source, month=first).first()
    ours = dict(bill.lines.values_list("kpj", "amount")) if bill else {}
    theirs: dict[str, int] = {}
    report: dict[str, Any] = {
        "invalid": [],
        "duplicate": [],
        "only_invoice": [],
        "only_bill": [],
        "amount_diff": [],
    }
    for r in rows:
        if r["problem"]:
            report["invalid"].append(r)
        elif r["kpj"] in theirs:
            report["duplicate"].append(r)
        else:
            theirs[r["kpj"]] = r["amount"]
    # A KPJ billed for a month after its membership ended, unless a later period of the same KPJ covers it.
    covered = set(
        Membership.objects.filter(kpj__in=list(theirs), start__lte=month_bounds(first)[1])
        .exclude(status=Membership.Status.BERHENTI, end_date__lt=first)
        .values_list("kpj", flat=True)
    )
    ended: dict[str, dt.date] = {}
    for kpj, end_date in Membership.objects.filter(
        kpj__in=list(theirs), status=Membership.Status.BERHENTI, end_date__lt=first
    ).values_list("kpj", "end_date"):
        if kpj not in covered and end_date:
            ended[kpj] = max(end_date, ended.get(kpj, end_date))
    report["after_end"] = [
        {"kpj": kpj, "amount": theirs[kpj], "end_date": ended[kpj].isoformat()} for kpj in sorted(ended)
    ]
    for kpj, amount in sorted(theirs.items()):
        if kpj not in ours:
            report["only_invoice"].append({"kpj": kpj, "amount": amount})
        elif ours[kpj] != amount:
            report["amount_diff"].append({"kpj": kpj, "ours": ours[kpj], "theirs": amount})
    report["only_bill"] = [
        {"kpj": kpj, "amount": amt} for kpj, amt in sorted(ours.items()) if kpj not in theirs
    ]
    report["counts"] = {k: len(v) for k, v in report.items() if isinstance(v, list)}
    report["totals"] = {
        "ours": sum(ours.values()),
        "theirs": sum(theirs.values()),
        "bill_found": bill is not None,
    }
    return report


def invoice_upload(
    *, funding_source: FundingSource, month: dt.date, name: str, content: bytes, by: Any
) -> InvoiceUpload:
    rows = parse_invoice(name, content)
    report = reconcile_invoice(funding_source=funding_source, month=month, rows=rows)
    upload = InvoiceUpload.objects.create(
        funding_source=funding_source,
        month=month.replace(day=1),
        filename=name[:200],
        total=report["totals"]["theirs"],
        report=report,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    audit_log(actor=by, action="invoice.upload", obj=upload, changes=report["counts"])
    return upload
