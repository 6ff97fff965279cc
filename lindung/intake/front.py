"""The public front page: what the programme is, how to apply, how to check an application, who to ask."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lindung.core.models import Office
from lindung.eligibility.models import EligibilityRule, RuleKind
from lindung.enrolment.letter import benefit_text, benefits_on
from lindung.enrolment.models import FundingSource

# The income a government-paid programme registers everyone at (DOMAIN.md), when no APBD source exists yet.
MINIMUM_DECLARED_INCOME = 1_000_000


def _age_range() -> tuple[int, int]:
    """The age rule in force (Admin Dinas edits it at /aturan/), or the deployment's default."""
    rule = (
        EligibilityRule.objects.filter(
            kind=RuleKind.AGE, active=True, effective_from__lte=timezone.localdate()
        )
        .order_by("-effective_from")
        .first()
    )
    params = rule.parameters if rule is not None else {}
    return int(params.get("min", settings.MIN_AGE)), int(params.get("max", settings.MAX_AGE))


def front(request: HttpRequest) -> HttpResponse:
    """Applicants land here; a signed-in staff member gets the staff home on the same address."""
    if request.user.is_authenticated:
        from lindung.workers.views import home

        return home(request)
    code = settings.DEFAULT_KABUPATEN
    source = (
        FundingSource.objects.filter(kabupaten_id=code, kind=FundingSource.Kind.APBD_KABUPATEN)
        .order_by("pk")
        .first()
    )
    income = source.declared_income if source is not None else MINIMUM_DECLARED_INCOME
    benefits = benefits_on(timezone.localdate())
    programs = [
        (program, title, [(b.title, benefit_text(b, income)) for b in benefits if b.program == program])
        for program, title in (("JKK", "Jaminan Kecelakaan Kerja (JKK)"), ("JKM", "Jaminan Kematian (JKM)"))
    ]
    context = {
        "office": Office.for_kabupaten(code),
        "programs": programs,
        "ages": _age_range(),
    }
    return render(request, "intake/front.html", context)
