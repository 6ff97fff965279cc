"""Demo claims, reported and paid through the claims service: a death (JKM) that BPJS has paid, and a work accident
(JKK) just reported. The member who died is no longer covered: the membership ends on the day of death, so from
the next month on the bills leave them out. Idempotent, and it repairs an older demo database in which that
member stayed `aktif`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.memberships import membership_end
from lindung.enrolment.models import EndReason, Membership
from lindung.premiums.claims import claim_mark_paid, claim_report, expected_benefit
from lindung.premiums.models import Claim

from . import clock

NOTE = "Data demo"
JKM_BENEFIT = 42_000_000  # when the benefits table has no JKM row


def _report(today: dt.date, admin: User) -> None:
    source = funding_source_default(settings.DEFAULT_KABUPATEN)
    this_month = today.replace(day=1)
    picked = list(Membership.objects.filter(status="aktif", funding_source=source).order_by("id")[:2])
    if len(picked) < 2:
        return
    died, injured = picked
    day = max(died.start, this_month - dt.timedelta(days=40))
    death = claim_report(
        membership=died,
        kind=Claim.Kind.JKM,
        event_date=day,
        reported_by_name="Istri",
        note=NOTE,
        by=admin,
    )
    claim_mark_paid(
        claim=death,
        amount=expected_benefit(kind=Claim.Kind.JKM, membership=died, on=day) or JKM_BENEFIT,
        paid_date=min(day + dt.timedelta(days=14), today),
        by=admin,
    )
    claim_report(
        membership=injured,
        kind=Claim.Kind.JKK,
        event_date=max(injured.start, this_month),
        reported_by_name="Kepala desa",
        note=f"{NOTE}: jatuh dari perancah",
        by=admin,
    )


def seed(out: Any) -> None:
    admin = User.objects.get(username="dinas")
    if not Claim.objects.filter(note__startswith=NOTE).exists():
        _report(clock.today(), admin)
    ended = 0
    deaths = Claim.objects.filter(
        note__startswith=NOTE,
        kind__in=[Claim.Kind.JKM, Claim.Kind.JKK_DEATH],
        status=Claim.Status.PAID,
        membership__status__in=[Membership.Status.AKTIF, Membership.Status.NONAKTIF],
    ).select_related("membership")
    for claim in deaths:
        membership_end(
            membership=claim.membership,
            reason=EndReason.MENINGGAL,
            date=claim.event_date,
            evidence=f"Akta kematian (klaim JKM dibayar {claim.paid_date:%d-%m-%Y}); data demo",
            by=admin,
        )
        ended += 1
    claims = Claim.objects.filter(note__startswith=NOTE).count()
    out.write(
        f"Klaim demo: {claims} (JKM dibayar, JKK dilaporkan)"
        + (f"; kepesertaan {ended} peserta yang meninggal diakhiri." if ended else ".")
    )
