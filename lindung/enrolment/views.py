from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.capabilities import Capability, roles_with
from lindung.audit.services import audit_log
from lindung.core.access import accepts_upload, capability_required
from lindung.workers.models import FlagKind, WorkerFlag

from . import batches as batch_services
from . import memberships as ms
from . import tasks
from .forms import BatchForm, EndForm, ExportForm, NoteForm, ResultUploadForm
from .letter import letter_issue, membership_letter_pdf
from .models import BatchLine, EndReason, Membership, ResultUpload
from .results import ResultFileError, result_upload_apply, result_upload_create
from .selectors import batches_visible_to, get_batch_for, get_membership_for, memberships_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@capability_required(Capability.MEMBERSHIPS)
def membership_list(request: HttpRequest) -> HttpResponse:
    memberships = memberships_visible_to(request.user).select_related("worker", "funding_source")
    status = request.GET.get("status", "")
    if status:
        memberships = memberships.filter(status=status)
    if q := request.GET.get("q", "").strip():
        memberships = (
            memberships.filter(kpj=q) if q.isdigit() else memberships.filter(worker__name__icontains=q)
        )
    counts = dict(memberships_visible_to(request.user).values_list("status").annotate(n=Count("id")))
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": Membership.Status.choices,
        "count_rows": [(label, counts.get(value, 0)) for value, label in Membership.Status.choices],
    }
    return render(request, "enrolment/membership_list.html", context)


@capability_required(Capability.MEMBERSHIPS)
def membership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for(request.user, pk)
    # An import reported the member dead or moved (a WorkerFlag): the end form starts from that report.
    report = (
        WorkerFlag.objects.filter(
            worker_id=membership.worker_id, kind=FlagKind.RESIDENCY, cleared_at__isnull=True
        )
        .values_list("detail", flat=True)
        .first()
    )
    initial: dict[str, Any] = {"date": dt.date.today()}
    if report:
        died = any(word in report.upper() for word in ("MATI", "MENINGGAL", "WAFAT"))
        initial |= {"reason": EndReason.MENINGGAL if died else EndReason.PINDAH, "evidence": report}
    context = {
        "m": membership,
        "end_form": EndForm(initial=initial),
        "note_form": NoteForm(),
        "residency_report": report,
    }
    return render(request, "enrolment/membership_detail.html", context)


def _membership_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    membership = get_membership_for(request.user, pk)
    try:
        if action == "end":
            form = EndForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(str(e) for e in errors))
                return redirect("membership_detail", pk=pk)
            ms.membership_end(membership=membership, by=request.user, request=request, **form.cleaned_data)
            messages.success(request, _("Kepesertaan dihentikan."))
        elif action == "deactivate":
            ms.membership_deactivate(
                membership=membership, by=request.user, note=request.POST.get("note", ""), request=request
            )
            messages.success(request, _("Kepesertaan dinonaktifkan."))
        else:
            ms.membership_reactivate(
                membership=membership, by=request.user, note=request.POST.get("note", ""), request=request
            )
            messages.success(request, _("Kepesertaan aktif kembali."))
    except ms.MembershipError as exc:
        messages.error(request, str(exc))
    return redirect("membership_detail", pk=pk)


@require_POST
@capability_required(Capability.ADMINISTER)
def membership_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(request, pk, "end")


@require_POST
@capability_required(Capability.ADMINISTER)
def membership_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(request, pk, "deactivate")


@require_POST
@capability_required(Capability.ADMINISTER)
def membership_reactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _membership_action(request, pk, "reactivate")


@capability_required(Capability.MEMBERSHIPS)
def membership_letter(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for(request.user, pk)
    letter = letter_issue(membership=membership, by=request.user)
    verify_url = request.build_absolute_uri(reverse("letter_verify", args=[letter.token]))
    content = membership_letter_pdf(membership, letter=letter, verify_url=verify_url)
    audit_log(
        actor=request.user,
        action="membership.letter",
        obj=membership,
        changes={"number": letter.number},
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-kepesertaan-{membership.kpj}.pdf"'
    return response


@capability_required(Capability.BATCHES)
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = batches_visible_to(request.user).select_related("funding_source").annotate(n=Count("lines"))
    return render(request, "enrolment/batch_list.html", {"batches": batches})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def batch_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.area:
        batch_services.funding_source_default(user.area.code[:5])
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "funding_source" in request.GET else None)
    )
    form = BatchForm(data, user=user)
    preview = None
    if data is not None and form.is_valid():
        source = form.cleaned_data["funding_source"]
        if request.method == "POST":
            try:
                batch = batch_services.batch_create(
                    user=user,
                    funding_source=source,
                    coverage_start=form.cleaned_data["coverage_start"],
                    filters=form.filters(),
                    request=request,
                )
            except batch_services.BatchError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Draf batch %(n)s dibuat.") % {"n": batch.number})
                return redirect("batch_detail", pk=batch.pk)
        count = batch_services.batch_candidates(
            user=user, funding_source=source, filters=form.filters()
        ).count()
        preview = {
            "count": count,
            "premium": batch_services.projected_monthly_premium(
                funding_source=source, count=count, on=form.cleaned_data["coverage_start"]
            ),
            "per_member": batch_services.monthly_premium_per_member(
                source, form.cleaned_data["coverage_start"]
            ),
        }
    return render(request, "enrolment/batch_new.html", {"form": form, "preview": preview})


@capability_required(Capability.BATCHES)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for(request.user, pk)
    lines = batch.lines.select_related("worker")
    counts = dict(batch.lines.values_list("result").annotate(n=Count("id")))
    context = {
        "batch": batch,
        "page": Paginator(lines, 100).get_page(request.GET.get("page")),
        "counts": {label: counts.get(value, 0) for value, label in BatchLine.Result.choices},
        "pending": counts.get("", 0),
        "premium": batch_services.projected_monthly_premium(
            funding_source=batch.funding_source,
            count=counts.get("", 0) + counts.get("diterima", 0),
            on=batch.coverage_start,
        ),
        "export_form": ExportForm(initial={"layout": batch.layout}, kabupaten=batch.kabupaten_id),
        "upload_form": ResultUploadForm(),
        "uploads": batch.uploads.all(),
        "result_received_at": batch.uploads.filter(applied_at__isnull=False)
        .order_by("applied_at")
        .values_list("applied_at", flat=True)
        .first(),
    }
    return render(request, "enrolment/batch_detail.html", context)


def _batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    batch = get_batch_for(request.user, pk)
    tasks.job_release_if_stalled(batch)
    if batch.job:
        messages.error(request, _("Batch ini sedang diproses di latar belakang; tunggu sampai selesai."))
        return redirect("batch_detail", pk=pk)
    if action == "seal" and batch.lines.count() > tasks.inline_limit():
        if tasks.queue_seal(batch=batch, by=request.user):
            messages.success(request, _("Penguncian batch sedang diproses di latar belakang."))
        return redirect("batch_detail", pk=pk)
    try:
        if action == "seal":
            result = batch_services.batch_seal(batch=batch, by=request.user, request=request)
            messages.success(
                request,
                _("Batch dikunci: %(n)d pekerja diusulkan, %(d)d dikeluarkan.")
                % {"n": result.sealed, "d": len(result.dropped)},
            )
            for name, reason in result.dropped:
                messages.warning(request, f"{name}: {reason}")
        elif action == "export":
            form = ExportForm(request.POST, kabupaten=batch.kabupaten_id)
            layout = form.cleaned_data["layout"] if form.is_valid() else None
            batch_services.batch_export(batch=batch, by=request.user, layout=layout, request=request)
            messages.success(request, _("Berkas untuk BPJS dibuat."))
        elif action == "send":
            batch_services.batch_mark_sent(
                batch=batch, by=request.user, note=request.POST.get("note", ""), request=request
            )
            messages.success(request, _("Berkas batch dicatat sudah dikirim ke BPJS."))
        else:
            batch_services.batch_close(batch=batch, by=request.user, request=request)
            messages.success(request, _("Batch ditutup."))
    except batch_services.BatchError as exc:
        messages.error(request, str(exc))
    return redirect("batch_detail", pk=pk)


@require_POST
@capability_required(Capability.ADMINISTER)
def batch_seal_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_action(request, pk, "seal")


@require_POST
@capability_required(Capability.ADMINISTER)
def batch_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_action(request, pk, "export")


@require_POST
@capability_required(Capability.ADMINISTER)
def batch_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The dinas records that it sent the file to the branch (by e-mail, on a disk, through the branch's portal)."""
    return _batch_action(request, pk, "send")


@require_POST
@capability_required(Capability.ADMINISTER)
def batch_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _batch_action(request, pk, "close")


@capability_required(Capability.BATCHES)
def batch_download(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for(request.user, pk)
    if not batch.exported_file:
        raise Http404
    audit_log(actor=request.user, action="batch.download", obj=batch, request=request)
    with batch.exported_file.open("rb") as file:
        response = HttpResponse(file.read(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{batch.number}.xlsx"'
    return response


@require_POST
@capability_required(Capability.BATCHES)
@accepts_upload(*roles_with(Capability.BATCHES))
def batch_results_upload(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for(request.user, pk)
    form = ResultUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("batch_detail", pk=pk)
    file = form.cleaned_data["file"]
    try:
        upload = result_upload_create(
            batch=batch, name=file.name, content=file.read(), by=request.user, request=request
        )
    except (ResultFileError, batch_services.BatchError) as exc:
        messages.error(request, str(exc))
        return redirect("batch_detail", pk=pk)
    return redirect("result_detail", pk=upload.pk)


def _get_upload(request: HttpRequest, pk: int) -> ResultUpload:
    upload = get_object_or_404(ResultUpload.objects.select_related("batch"), pk=pk)
    get_batch_for(request.user, upload.batch_id)  # 404 outside the user's kabupaten
    return upload


@capability_required(Capability.BATCHES)
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(request, pk)
    return render(request, "enrolment/result_detail.html", {"upload": upload, "r": upload.report})


@require_POST
@capability_required(Capability.BATCHES)
def result_apply(request: HttpRequest, pk: int) -> HttpResponse:
    upload = _get_upload(request, pk)
    tasks.job_release_if_stalled(upload.batch)
    if upload.batch.job:
        messages.error(request, _("Batch ini sedang diproses di latar belakang; tunggu sampai selesai."))
        return redirect("result_detail", pk=pk)
    if len(upload.rows) > tasks.inline_limit():
        if tasks.queue_apply(upload=upload, by=request.user):
            messages.success(request, _("Hasil sedang diterapkan di latar belakang."))
        return redirect("batch_detail", pk=upload.batch_id)
    try:
        counts = result_upload_apply(upload=upload, by=request.user, request=request)
    except batch_services.BatchError as exc:
        messages.error(request, str(exc))
        return redirect("result_detail", pk=pk)
    messages.success(
        request,
        _("Hasil diterapkan: %(a)d diterima, %(r)d ditolak.")
        % {"a": counts["accepted"], "r": counts["rejected"]},
    )
    return redirect("batch_detail", pk=upload.batch_id)
