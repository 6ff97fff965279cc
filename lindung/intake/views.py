"""Public pages: apply without an account, and check an application's status. No login, no JavaScript."""

from __future__ import annotations

import secrets
from types import SimpleNamespace

from django.conf import settings
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lindung.core.models import Office
from lindung.lib.nik import clean_digits
from lindung.workers.models import Status, StatusChange, Worker
from lindung.workers.workflow import REJECTION_REASONS

from . import throttle
from .forms import ApplicationForm, StatusForm
from .models import RepeatApplication
from .receipts import display_receipt_no
from .services import CONSENT_VERSION, application_for_token, application_submit

REASON_LABELS = dict(REJECTION_REASONS)
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


def _last_change(worker: Worker) -> StatusChange | None:
    return StatusChange.objects.filter(worker=worker, to_status=worker.status).order_by("-at", "-id").first()


def _public_reason(change: StatusChange | None) -> str:
    """The listed reason's words and the note; a code outside the list (ditolak_bpjs) is for staff only."""
    if change is None:
        return ""
    label = "" if change.reason == "lainnya" else REASON_LABELS.get(change.reason, "")
    return ". ".join(p for p in (label, change.note.strip()) if p)


def _status_answer(worker: Worker) -> dict[str, object]:
    """What /status/ tells the applicant beyond the status: why, and for a member the KPJ and the period."""
    change = _last_change(worker)
    answer: dict[str, object] = {"worker": worker, "today": timezone.localdate()}
    bpjs_refused = (
        worker.status == Status.DISETUJUI and change is not None and change.from_status == Status.DIUSULKAN
    )
    answer["bpjs_refused"] = bpjs_refused
    if worker.status in (Status.DIKEMBALIKAN, Status.DITOLAK) or bpjs_refused:
        answer["reason"] = _public_reason(change)
    if worker.status == Status.TERDAFTAR:
        answer["membership"] = worker.memberships.order_by("-start", "-id").first()
    answer["office"] = Office.for_kabupaten(worker.kabupaten_id or settings.DEFAULT_KABUPATEN)
    return answer


def _current(worker: Worker) -> Worker:
    """A record merged into another answers with the status of the one that was kept."""
    seen = {worker.pk}
    while worker.merged_into_id and worker.merged_into_id not in seen:
        seen.add(worker.merged_into_id)
        worker = Worker.objects.get(pk=worker.merged_into_id)
    return worker


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST":
        if not throttle.hit(request):
            return _too_many(request)
        if form.is_valid():
            receipt_no, birth_date = form.cleaned_data["receipt_no"], form.cleaned_data["birth_date"]
            worker = Worker.objects.filter(receipt_no=receipt_no).first()
            repeat = None
            if worker is None:
                repeat = RepeatApplication.objects.filter(
                    receipt_no=receipt_no, birth_date=birth_date
                ).first()
            if repeat is not None:
                # Answered like any application waiting for the desa: the receipt never reveals the other record.
                # Once staff have spoken to the person, a neutral line says so.
                waiting = SimpleNamespace(status=Status.DIAJUKAN, get_status_display=Status.DIAJUKAN.label)
                desa = str(repeat.submitted.get("desa") or "")
                context.update(
                    worker=waiting,
                    today=timezone.localdate(),
                    office=Office.for_kabupaten(desa[:5] or settings.DEFAULT_KABUPATEN),
                    receipt=display_receipt_no(receipt_no),
                    repeat_handled=repeat.handled_at is not None,
                )
            # One answer for a wrong number and a wrong date, so the page cannot be used to probe.
            elif worker is None or worker.birth_date != birth_date:
                context["not_found"] = True
            else:
                context.update(_status_answer(_current(worker)))
                context["receipt"] = display_receipt_no(worker.receipt_no or "")
    return render(request, "intake/status.html", context)
