"""The public page a membership letter's QR code opens: is this letter genuine, and is it still valid?

It shows the name and the coverage period only (no NIK, no KPJ): enough for a clinic or a village office to
trust the paper in front of them, nothing more.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .letter import letter_is_valid
from .models import MembershipLetter


def letter_verify(request: HttpRequest, token: str) -> HttpResponse:
    letter = (
        MembershipLetter.objects.select_related("membership__worker", "membership__funding_source")
        .filter(token=token)
        .first()
    )
    if letter is None:
        raise Http404
    membership = letter.membership
    context = {
        "letter": letter,
        "membership": membership,
        "name": membership.worker.name,
        "period_end": membership.end_date or membership.end,
        "valid": letter_is_valid(letter),
        "replaced": letter.period_end != membership.end,
        "today": timezone.localdate(),
    }
    return render(request, "enrolment/letter_verify.html", context)
