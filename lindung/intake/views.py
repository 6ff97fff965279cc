"""Public pages: apply without an account, and check an application's status. No login, no JavaScript."""

from __future__ import annotations

import secrets

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from lindung.lib.nik import clean_digits
from lindung.workers.models import Worker

from . import throttle
from .forms import ApplicationForm, StatusForm
from .lookup import application_status_lookup
from .models import RepeatApplication
from .receipts import display_receipt_no
from .services import CONSENT_VERSION, application_for_token, application_submit

CONSENT_TEMPLATE = f"intake/consent_{CONSENT_VERSION}.html"
RADIO_FIELDS = ["sex", "is_asn", "bpjs_active"]


def _too_many(request: HttpRequest) -> HttpResponse:
    minutes = max(1, throttle.limit()[1] // 60)
    return render(request, "intake/too_many.html", {"minutes": minutes}, status=429)


def _apply_context(form: ApplicationForm) -> dict[str, object]:
    return {"form": form, "consent_template": CONSENT_TEMPLATE, "radio_fields": RADIO_FIELDS}


def _receipt(request: HttpRequest, application: Worker | RepeatApplication) -> HttpResponse:
    # One page for a new application and for a NIK already registered: nothing tells them apart.
    receipt = display_receipt_no(application.receipt_no or "")
    return render(request, "intake/receipt.html", {"receipt": receipt})


def _same_nik(application: Worker | RepeatApplication, raw: str | None) -> bool:
    digits, _problem = clean_digits(raw or "")
    nik = application.worker.nik if isinstance(application, RepeatApplication) else application.nik
    return digits == nik


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = ApplicationForm(initial={"form_token": secrets.token_urlsafe(24), "is_asn": "tidak"})
        return render(request, "intake/apply.html", _apply_context(form))
    if not throttle.hit(request):
        return _too_many(request)
    # The same form sent twice (double tap, reload, a slow network retrying) shows the first receipt.
    data = request.POST.copy()
    earlier = application_for_token(data.get("form_token", ""))
    if earlier is not None:
        if _same_nik(earlier, data.get("nik")):
            return _receipt(request, earlier)
        # The back button reused a sent form for another person: that is a new application.
        data["form_token"] = secrets.token_urlsafe(24)
    form = ApplicationForm(data)
    if form.is_bot:
        return render(request, "intake/rejected.html", status=400)
    # Every field is checked without looking at the registry, so the errors are the same for a registered NIK
    # and an unregistered one; only a valid application learns (in application_submit) which it is.
    if form.is_valid():
        try:
            return _receipt(request, application_submit(form=form, request=request))
        except IntegrityError:
            # The twin request saved this form since the check above: its receipt.
            earlier = application_for_token(form.cleaned_data["form_token"])
            if earlier is None:
                raise
            return _receipt(request, earlier)
    return render(request, "intake/apply.html", _apply_context(form))


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST":
        if not throttle.hit(request):
            return _too_many(request)
        if form.is_valid():
            context.update(
                application_status_lookup(
                    receipt_no=form.cleaned_data["receipt_no"], birth_date=form.cleaned_data["birth_date"]
                )
            )
    return render(request, "intake/status.html", context)
