from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.capabilities import Capability, has_capability
from lindung.accounts.models import Agency, Role
from lindung.accounts.selectors import kabupaten_code_of
from lindung.audit.services import audit_log
from lindung.core.access import capability_required
from lindung.dedup.services import candidates_remember, merged_records
from lindung.eligibility.rules import evaluate as eligibility_of
from lindung.eligibility.services import declaration_save, eligibility_refresh
from lindung.intake.forms import FieldEntryForm
from lindung.intake.models import RepeatApplication
from lindung.intake.services import CONSENT_VERSION, registered_worker, repeat_application_record
from lindung.intake.views import CONSENT_TEMPLATE
from lindung.regions.models import Region
from lindung.verification.duplicates import duplicates_at_entry, duplicates_pending
from lindung.verification.services import worker_decide

from . import services
from .forms import TransitionForm, WorkerForm
from .models import Occupation, Segment, Source, Status, Worker, WorkerFlag
from .selectors import (
    get_worker_for,
    nik_prefix_too_long,
    regions_visible_to,
    search_workers,
    workers_visible_to,
)
from .timeline import worker_timeline
from .workflow import REJECTION_REASONS, TransitionError, allowed_targets


@capability_required(Capability.FIGURES)
def home(request: HttpRequest) -> HttpResponse:
    counts = dict(
        workers_visible_to(request.user)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    rows = [(status, label, counts.get(status, 0)) for status, label in Status.choices]
    return render(request, "workers/home.html", {"rows": rows, "total": sum(counts.values())})


@capability_required(Capability.PEOPLE)
def worker_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    workers = workers_visible_to(user)
    params = request.GET
    workers = search_workers(workers, params.get("q", ""))
    if nik_prefix_too_long(params.get("q", "")):
        messages.info(
            request,
            _(
                "Cari dengan NIK lengkap (16 angka) atau paling banyak 12 angka awalnya (wilayah dan tanggal lahir)."
            ),
        )
    filters = {
        "kecamatan": "kecamatan_id",
        "desa": "desa_id",
        "occupation": "occupation_id",
        "status": "status",
        "segment": "segment",
        "source": "source",
    }
    for param, field in filters.items():
        if value := params.get(param):
            workers = workers.filter(**{field: value})
    workers = workers.select_related("desa", "kecamatan", "occupation").only(
        "nik",
        "name",
        "birth_date",
        "sex",
        "status",
        "segment",
        "desa__name",
        "kecamatan__name",
        "occupation__name",
    )
    page = Paginator(workers, settings.WORKER_PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "kecamatan_list": regions_visible_to(user, Region.Level.KECAMATAN),
        "desa_list": regions_visible_to(user, Region.Level.DESA).filter(parent_id=params.get("kecamatan"))
        if params.get("kecamatan")
        else [],
        "occupations": Occupation.objects.for_user(user),
        "statuses": Status.choices,
        "segments": Segment.choices,
        "sources": Source.choices,
        "params": params,
    }
    return render(request, "workers/list.html", context)


def _detail(request: HttpRequest, worker: Worker, *, show_nik: bool) -> HttpResponse:
    user: Any = request.user
    targets = allowed_targets(worker, user)
    eligibility = eligibility_of(worker)
    flags = list(worker.flags.select_related("cleared_by"))
    context = {
        "worker": worker,
        "timeline": worker_timeline(worker),
        "merged": merged_records(worker),
        "targets": [(t, Status(t).label) for t in targets],
        "reasons": REJECTION_REASONS,
        "show_nik": show_nik,
        "eligibility": eligibility,
        "needs_override": Status.DISETUJUI in targets and any(not r.passed for r in eligibility),
        "duplicates": duplicates_pending(worker, user=request.user),
        "flags": flags,
        "flags_open": any(f.is_open for f in flags),
        "may_clear_flags": has_capability(user, Capability.VERIFY),
        "repeats": worker.repeat_applications.filter(handled_at__isnull=True),
    }
    return render(request, "workers/detail.html", context)


@capability_required(Capability.PEOPLE)
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_worker_for(request.user, pk), show_nik=False)


@require_POST
@capability_required(Capability.PEOPLE)
def worker_reveal_nik(request: HttpRequest, pk: int) -> HttpResponse:
    """Showing a full NIK is deliberate and leaves a trace."""
    worker = get_worker_for(request.user, pk)
    audit_log(actor=request.user, action="worker.view_nik", obj=worker, request=request)
    return _detail(request, worker, show_nik=True)


def _form_kwargs(user: Any) -> dict[str, Any]:
    agencies = Agency.objects.all()
    if not user.is_superuser:
        agencies = agencies.filter(kabupaten__code=(user.area.code[:5] if user.area else ""))
        if user.role == Role.OPERATOR_OPD:
            agencies = agencies.filter(pk=user.agency_id)
    return {
        "desa_queryset": regions_visible_to(user, Region.Level.DESA),
        "agency_queryset": agencies,
        "non_asn_only": user.role == Role.OPERATOR_OPD,
        "kabupaten": kabupaten_code_of(user),
    }


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ENTER)
def worker_create(request: HttpRequest) -> HttpResponse:
    """Field entry. What the page tells is limited to the operator's area: a NIK registered in the area is named,
    likely duplicates in the area are shown; a NIK or a likely duplicate of another area is not. Such an entry
    is answered like a new one, and kept for review (a repeat application beside the registered worker, or a
    pair in the duplicate queue) instead of becoming a second record."""
    user: Any = request.user
    form = FieldEntryForm(request.POST or None, **_form_kwargs(user))
    form.registered_scope = workers_visible_to(user)
    if user.role == Role.OPERATOR_OPD and not request.POST:
        form.initial.update({"segment": Segment.NON_ASN, "agency": user.agency_id})
    context: dict[str, Any] = {"form": form, "creating": True, "consent_template": CONSENT_TEMPLATE}
    if request.method == "POST" and form.is_valid():
        worker = form.save(commit=False)
        # Likely duplicates are shown before saving; saving anyway needs a deliberate tick and keeps the
        # pairs in the review queue.
        matches = [m for m in duplicates_at_entry(worker, user=user) if m.visible]
        if matches and not request.POST.get("confirm_duplicates"):
            return render(request, "workers/form.html", context | {"matches": matches})
        registered = registered_worker(worker.nik)
        if registered is None:
            _field_entry_save(request, form, worker)
        else:  # registered outside the area (inside, the form named it)
            repeat_application_record(
                worker=registered,
                data=form.cleaned_data,
                via=RepeatApplication.Via.PETUGAS,
                by=user,
                request=request,
            )
        for warning in form.nik_warnings:
            messages.warning(request, warning)
        messages.success(
            request,
            _(
                "Data %(name)s tersimpan. Pekerja yang dicatat tampil di daftar pekerja wilayah Anda; "
                "kemungkinan data ganda diteruskan ke antrean pemeriksaan."
            )
            % {"name": form.cleaned_data["name"]},
        )
        return redirect("worker_create")
    return render(request, "workers/form.html", context)


def _field_entry_save(request: HttpRequest, form: FieldEntryForm, worker: Worker) -> None:
    user: Any = request.user
    worker.source = Source.OPD if user.role == Role.OPERATOR_OPD else Source.PETUGAS
    worker.consent_at, worker.consent_version = timezone.now(), CONSENT_VERSION
    with transaction.atomic():
        services.worker_create(worker=worker, by=user, request=request)
        declaration_save(
            worker=worker,
            is_asn=form.cleaned_data["is_asn"] == "ya",
            bpjs_active=form.cleaned_data["bpjs_active"] == "ya",
        )
    eligibility_refresh(worker=worker)
    # Every likely duplicate, in the area or not, waits in the review queue of those who may see both.
    candidates_remember(worker=worker)


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ENTER)
def worker_edit(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    if request.method == "GET":
        # The form holds the NIK in full (to correct a typo): opening it is a view of the NIK, like the button.
        audit_log(
            actor=request.user, action="worker.view_nik", obj=worker, changes={"via": "ubah"}, request=request
        )
    before = services.snapshot(worker)
    form = WorkerForm(request.POST or None, instance=worker, **_form_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_update(
                worker=form.save(commit=False),
                before=before,
                expected_version=form.cleaned_data.get("version"),
                by=request.user,
                request=request,
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
            return redirect("worker_detail", pk=pk)
        eligibility_refresh(worker=worker)
        messages.success(request, _("Perubahan tersimpan."))
        return redirect("worker_detail", pk=pk)
    return render(request, "workers/form.html", {"form": form, "worker": worker, "creating": False})


@require_POST
@capability_required(Capability.PEOPLE)
def worker_status(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Permintaan tidak lengkap; muat ulang halaman."))
        return redirect("worker_detail", pk=pk)
    try:
        # The same path as the work queues: duplicates and eligibility are checked before an approval.
        worker_decide(
            worker=worker,
            to=form.cleaned_data["to"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            override_note=form.cleaned_data["override_note"],
            expected_version=form.cleaned_data["version"],
            request=request,
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Status menjadi %(status)s.") % {"status": worker.get_status_display()})
    return redirect("worker_detail", pk=pk)


@require_POST
@capability_required(Capability.VERIFY)
def worker_flag_clear(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    flag = get_object_or_404(WorkerFlag, pk=flag_pk, worker=worker)
    try:
        services.worker_flag_clear(
            flag=flag, by=request.user, note=request.POST.get("note", ""), request=request
        )
    except services.FlagError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Tanda pemeriksaan diselesaikan."))
    return redirect("worker_detail", pk=pk)
