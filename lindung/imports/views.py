from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability, roles_with
from lindung.audit.services import audit_log
from lindung.core.access import accepts_upload, capability_required
from lindung.lib.nik import mask_nik

from . import services
from .file_checks import ImportFileError
from .followups import read_status_reports
from .forms import MappingForm, UploadForm
from .models import ImportJob
from .reimport import changes_path, preview_changes
from .services import ImportActionError, get_job_for, jobs_visible_to
from .template_file import area_of, template_csv, template_xlsx

S = ImportJob.Status


def _list_page(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    page = Paginator(jobs_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "imports/list.html", {"form": form, "page": page}, status=status)


@capability_required(Capability.IMPORT)
def job_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, UploadForm())


@capability_required(Capability.IMPORT)
@require_POST
@accepts_upload(*roles_with(Capability.IMPORT))
def job_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        job = services.import_job_create(
            file=upload,
            name=upload.name,
            source=form.cleaned_data["source"],
            by=request.user,
            accept_nik_mismatch=form.cleaned_data["accept_nik_mismatch"],
        )
    except (ImportFileError, ImportActionError) as exc:
        form.add_error("file", str(exc))
        return _list_page(request, form, status=400)
    messages.success(request, _("Berkas diterima dan sedang diperiksa."))
    return _follow(job)


def _follow(job: ImportJob) -> HttpResponse:
    """To the job's page, reloading itself while the work just started runs (the page offers to stop that)."""
    return redirect(reverse("import_detail", args=[job.pk]) + "?otomatis=1")


def _mapping_form(job: ImportJob, data: Any = None) -> MappingForm:
    asks_desa = job.needs_desa and job.desa_id is None
    choices = services.desa_choices_for(job.area) if asks_desa else None
    return MappingForm(data, headers=job.unknown_headers, desa_choices=choices)


@capability_required(Capability.IMPORT)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    mapping_form = _mapping_form(job) if job.status == S.MAPPING else None
    media = Path(settings.MEDIA_ROOT)
    changes = preview_changes(changes_path(media, job.pk)) if job.changes else []
    reports = read_status_reports(media, job.pk, limit=50) if job.status_reports else []
    status_reports = [
        {"worker_id": int(pk), "nik": mask_nik(nik), "name": name, "row": row, "said": said}
        for pk, nik, name, row, said in reports
    ]
    return render(
        request,
        "imports/detail.html",
        {
            "job": job,
            "mapping_form": mapping_form,
            "changes": changes,
            "status_reports": status_reports,
            "auto_refresh": request.GET.get("otomatis") == "1",
        },
    )


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    job = get_job_for(request.user, pk)
    try:
        action(job=job, by=request.user)
    except ImportActionError as exc:
        messages.error(request, str(exc))
    except OperationalError:  # SQLite is locked while a large commit runs
        messages.error(request, _("Basis data sedang sibuk menyimpan impor; coba lagi sebentar lagi."))
    else:
        messages.success(request, done)
    return _follow(job)


@capability_required(Capability.IMPORT)
@require_POST
def job_map(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    form = _mapping_form(job, request.POST)
    if not form.is_valid():
        return render(request, "imports/detail.html", {"job": job, "mapping_form": form}, status=400)
    try:
        services.import_job_map(job=job, mapping=form.mapping(), by=request.user, desa=form.desa())
    except ImportActionError as exc:
        form.add_error(None, str(exc))
        return render(request, "imports/detail.html", {"job": job, "mapping_form": form}, status=400)
    messages.success(request, _("Pemetaan kolom disimpan; berkas diperiksa ulang."))
    return _follow(job)


@capability_required(Capability.IMPORT)
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.import_job_confirm,
        _("Penyimpanan dimulai. Halaman ini menampilkan kemajuannya."),
    )


@capability_required(Capability.IMPORT)
@require_POST
def job_accept_nik_mismatch(request: HttpRequest, pk: int) -> HttpResponse:
    def accept(*, job: ImportJob, by: Any) -> None:
        services.import_job_accept_nik_mismatch(job=job, by=by, request=request)

    return _act(
        request, pk, accept, _("Berkas diperiksa ulang; baris itu diterima dengan tanda untuk verifikator.")
    )


@capability_required(Capability.IMPORT)
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.import_job_cancel, _("Impor dibatalkan."))


@capability_required(Capability.IMPORT)
@require_POST
def job_undo(request: HttpRequest, pk: int) -> HttpResponse:
    def undo(*, job: ImportJob, by: Any) -> None:
        services.import_job_undo(job=job, by=by, request=request)

    return _act(request, pk, undo, _("Impor diurungkan: pekerja dari impor ini dihapus."))


@capability_required(Capability.IMPORT)
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    def retry(*, job: ImportJob, by: Any) -> None:
        services.import_job_retry(job=job, by=by, request=request)

    return _act(request, pk, retry, _("Impor dijalankan ulang."))


@capability_required(Capability.IMPORT)
def job_report(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    if not job.error_report:
        raise Http404
    try:
        handle = job.error_report.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # The report holds the original rows, full NIKs included: every download leaves a trace.
    audit_log(actor=request.user, action="import.report_download", obj=job, request=request)
    response: Any = FileResponse(handle, as_attachment=True, filename=f"kesalahan-impor-{job.pk}.xlsx")
    return response  # a streaming response; role_required is typed for HttpResponse


@capability_required(Capability.IMPORT)
def template_xlsx_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_xlsx(area_of(request.user)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pekerja.xlsx"'
    return response


@capability_required(Capability.IMPORT)
def template_csv_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pekerja.csv"'
    return response
