"""Writes of the public intake: one application becomes one worker, with its receipt number."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from lindung.audit.services import audit_log
from lindung.dedup.services import candidates_remember
from lindung.eligibility.services import declaration_save, eligibility_refresh
from lindung.notices.models import TemplateKey
from lindung.notices.services import notice_enqueue
from lindung.workers.models import Source, Status, Worker
from lindung.workers.services import worker_create

from .forms import ApplicationForm
from .models import PublicApplication, RepeatApplication
from .receipts import display_receipt_no, new_receipt_no

# The consent text shown on the form; bump it (and add a template) whenever the text changes.
CONSENT_VERSION = "2026-11"


def _unused_receipt_no() -> str:
    for _attempt in range(10):
        receipt = new_receipt_no()
        # Both kinds of application answer /status/ by receipt: one query over both tables.
        taken = (
            Worker.objects.filter(receipt_no=receipt)
            .values("receipt_no")
            .union(RepeatApplication.objects.filter(receipt_no=receipt).values("receipt_no"))
        )
        if not taken.exists():
            return receipt
    raise RuntimeError("no free receipt number after 10 tries")  # 1.5·10¹¹ numbers: practically never


def registered_worker(nik: str) -> Worker | None:
    """The registry's record of this NIK (the kept one if it was merged), or None."""
    worker = Worker.objects.filter(nik=nik).first()
    seen = set()
    while worker is not None and worker.merged_into_id and worker.pk not in seen:
        seen.add(worker.pk)
        worker = Worker.objects.filter(pk=worker.merged_into_id).first()
    return worker


SUBMITTED_FIELDS = ["name", "birth_place", "sex", "address", "phone", "income", "segment"]


def repeat_application_record(
    *,
    worker: Worker,
    data: dict[str, Any],
    via: str,
    form_token: str | None = None,
    by_token: str = "",
    by: Any = None,
    request: HttpRequest | None = None,
) -> RepeatApplication:
    """An application for a NIK in the registry: kept beside the registered record, never added to it.

    The person on file is told on the phone on file (not the applicant, who may be someone else), and the
    staff of the worker's area see the entry beside the duplicate review.
    """
    submitted: dict[str, Any] = {k: data.get(k) for k in SUBMITTED_FIELDS if data.get(k) not in (None, "")}
    for field in ("desa", "occupation", "agency"):
        if data.get(field) is not None:
            submitted[field] = str(getattr(data[field], "pk", data[field]))  # the desa's code, the row's id
    if by_token:
        submitted["token"] = by_token
    if by is not None:
        submitted["operator"] = by.get_username()
    with transaction.atomic():
        repeat = RepeatApplication.objects.create(
            worker=worker,
            via=via,
            receipt_no=_unused_receipt_no(),
            form_token=form_token or None,
            birth_date=data["birth_date"],
            submitted=submitted,
        )
        audit_log(actor=by, action="intake.repeat", obj=worker, changes={"via": via}, request=request)
        notice_enqueue(
            worker=worker,
            template_key=TemplateKey.REPEAT,
            payload={"receipt_no": display_receipt_no(repeat.receipt_no or "")},
        )
    return repeat


def repeat_application_handle(*, repeat: RepeatApplication, by: Any, request: HttpRequest | None) -> None:
    with transaction.atomic():
        repeat.handled_at, repeat.handled_by = timezone.now(), by
        repeat.save(update_fields=["handled_at", "handled_by"])
        audit_log(actor=by, action="intake.repeat_handled", obj=repeat.worker, request=request)


def application_submit(
    *, form: ApplicationForm, request: HttpRequest | None = None
) -> Worker | RepeatApplication:
    """Save a valid public application: a new worker, or, for a NIK in the registry, a repeat application that
    gets the same receipt. A race on the token raises IntegrityError, rolled back."""
    data = form.cleaned_data
    registered = registered_worker(data["nik"])
    if registered is not None:
        earlier = application_for_token(data["form_token"])
        if earlier is not None:
            return earlier  # this very form, saved by its twin request a moment ago: the same receipt
        return repeat_application_record(
            worker=registered, data=data, via=RepeatApplication.Via.PUBLIC, form_token=data["form_token"]
        )
    try:
        return _application_save(form=form, request=request)
    except IntegrityError:
        # The NIK was saved by another application since the look-up above (not this form sent twice).
        registered = registered_worker(data["nik"])
        if registered is None or application_for_token(data["form_token"]) is not None:
            raise
        return repeat_application_record(
            worker=registered, data=data, via=RepeatApplication.Via.PUBLIC, form_token=data["form_token"]
        )


def _application_save(*, form: ApplicationForm, request: HttpRequest | None) -> Worker:
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


def application_for_token(token: str) -> Worker | RepeatApplication | None:
    """The application this form already made (a double submit answers with its receipt)."""
    if not token:
        return None
    found = PublicApplication.objects.filter(form_token=token).select_related("worker").first()
    if found is not None:
        return found.worker
    return RepeatApplication.objects.filter(form_token=token).select_related("worker").first()
