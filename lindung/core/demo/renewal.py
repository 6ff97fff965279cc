"""Demo renewal: next fiscal year's proposal, computed by the renewal service and left unconfirmed, so the
renewal page shows who continues and who ends (the OPD's night guard crosses the age limit on 1 January)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count

from lindung.accounts.models import User
from lindung.enrolment.models import RenewalLine, RenewalRun
from lindung.enrolment.renewal import renewal_propose
from lindung.regions.models import Region

from . import clock


def seed(out: Any) -> None:
    kabupaten = Region.objects.get(code=settings.DEFAULT_KABUPATEN)
    year = clock.today().year + 1
    run = RenewalRun.objects.filter(kabupaten=kabupaten, fiscal_year=year).first()
    if run is None:
        run = renewal_propose(kabupaten=kabupaten, fiscal_year=year, by=User.objects.get(username="dinas"))
    counts = dict(run.lines.values_list("proposal").annotate(n=Count("id")))
    reasons = dict(
        run.lines.filter(proposal=RenewalLine.Proposal.END).values_list("end_reason").annotate(n=Count("id"))
    )
    out.write(
        f"Pembaruan {year} ({run.get_status_display().lower()}): {counts.get('lanjut', 0)} lanjut, "
        f"{counts.get('berhenti', 0)} berhenti ({', '.join(f'{k}: {v}' for k, v in sorted(reasons.items()))})."
    )
