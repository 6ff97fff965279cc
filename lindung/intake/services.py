"""Writes of the public intake: one application becomes one worker, with its receipt number."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from lindung.dedup.services import candidates_remember
from lindung.eligibility.services import declaration_save, eligibility_refresh
from lindung.workers.models import Source, Status, Worker
from lindung.workers.services import worker_create

from .forms import ApplicationForm
from .models import PublicApplication
from .receipts import new_receipt_no

# The consent text shown on the form; bump it (and add a template) whenever the text changes.
CONSENT_VERSION = "2026-11"


def _unused_receipt_no() -> str:
    for _attempt in range(10):
        receipt = new_receipt_no()
        if not Worker.objects.filter(receipt_no=receipt).exists():
            return receipt
    raise RuntimeError("no free receipt number after 10 tries")  # 1.5·10¹¹ numbers: practically never


def application_submit(*, form: ApplicationForm, request: HttpRequest | None = None) -> Worker:
    """Save a valid public application. A race on the NIK or the token raises IntegrityError, rolled back."""
    data = form.cleaned_data
    with transaction.atomic():
        worker: Worker = form.save(commit=False)
        worker.source = Source.MANDIRI
        worker.status = Status.DIAJUKAN
        worker.consent_at = timezone.now()
        worker.consent_version = CONSENT_VERSION
        worker.receipt_no = _unused_receipt_no()
        worker_create(worker=worker, by=None, request=request)
        PublicApplication.objects.create(worker=worker, form_token=data["form_token"])
        declaration_save(
            worker=worker, is_asn=data["is_asn"] == "ya", bpjs_active=data["bpjs_active"] == "ya"
        )
        eligibility_refresh(worker=worker)
        # Likely duplicates wait in the staff's review queue; the applicant is never shown other people.
        candidates_remember(worker=worker)
    return worker


def application_for_token(token: str) -> Worker | None:
    if not token:
        return None
    found = PublicApplication.objects.filter(form_token=token).select_related("worker").first()
    return found.worker if found else None
