"""Claims reported by families and villages: JKK work accidents and deaths, and what BPJS paid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log
from lindung.enrolment.letter import benefits_on
from lindung.enrolment.models import Membership

from .models import Claim


class ClaimError(Exception):
    pass


def expected_benefit(*, kind: str, membership: Membership, on: dt.date) -> int | None:
    """The benefit the data says a death claim should pay (JKM lump sum; JKK death = multiple × declared income)."""
    benefits = benefits_on(on)
    if kind == Claim.Kind.JKM:
        return next((b.amount for b in benefits if b.program == "JKM" and b.amount), None)
    if kind == Claim.Kind.JKK_DEATH:
        multiple = next(
            (b.income_multiple for b in benefits if b.program == "JKK" and b.income_multiple == 48), None
        )
        return multiple * membership.funding_source.declared_income if multiple else None
    return None  # care costs have no ceiling and no fixed amount


def claim_report(
    *, membership: Membership, kind: str, event_date: dt.date, reported_by_name: str, note: str, by: Any
) -> Claim:
    if kind not in Claim.Kind.values:
        raise ClaimError(_("Pilih jenis klaim dari daftar."))
    if event_date < membership.start:
        raise ClaimError(_("Kejadian sebelum kepesertaan dimulai tidak ditanggung."))
    if membership.end_date and event_date > membership.end_date:
        raise ClaimError(_("Kejadian setelah kepesertaan berhenti tidak ditanggung."))
    if membership.status == Membership.Status.NONAKTIF:
        raise ClaimError(_("Kepesertaan nonaktif karena tunggakan iuran; selesaikan iurannya dulu."))
    with transaction.atomic():
        claim = Claim.objects.create(
            membership=membership,
            kind=kind,
            event_date=event_date,
            reported_by_name=reported_by_name,
            note=note,
            created_by=by,
        )
        audit_log(actor=by, action="claim.report", obj=claim, changes={"kind": kind})
    return claim


def claim_mark_paid(*, claim: Claim, amount: int, paid_date: dt.date, by: Any) -> Claim:
    if claim.status == Claim.Status.PAID:
        raise ClaimError(_("Klaim ini sudah tercatat dibayar."))
    if amount <= 0:
        raise ClaimError(_("Jumlah yang dibayar harus lebih dari nol."))
    claim.status, claim.amount_paid, claim.paid_date = Claim.Status.PAID, amount, paid_date
    claim.save(update_fields=["status", "amount_paid", "paid_date"])
    audit_log(actor=by, action="claim.paid", obj=claim, changes={"amount": amount})
    return claim


def impact(claims: Any) -> dict[str, int]:
    """How many families received how much, for reports."""
    paid = claims.filter(status=Claim.Status.PAID)
    totals = paid.aggregate(
        families=Count("membership__worker", distinct=True),
        total=Sum("amount_paid"),
        deaths=Count("id", filter=Q(kind__in=[Claim.Kind.JKM, Claim.Kind.JKK_DEATH])),
    )
    return {k: v or 0 for k, v in totals.items()}
