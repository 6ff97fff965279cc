"""Sweep lists, periodic reports, lists, and the page where the dinas enters the reports' figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability
from lindung.core.access import capability_required
from lindung.core.replica import reads_from_replica
from lindung.enrolment.models import Membership
from lindung.regions.models import Region
from lindung.workers.models import Status
from lindung.workers.selectors import regions_visible_to

from . import documents, services
from .exports import download
from .forms import (
    BudgetForm,
    InnovationForm,
    PeriodForm,
    PotentialForm,
    ProblemForm,
    RegulationForm,
    TargetForm,
)
from .models import Budget, CoverageTarget, Innovation, PotentialWorkers, Regulation, SemesterProblem
from .views import narrowed_region, user_region


def _desa_for(request: HttpRequest, code: str) -> Region:
    region = (
        regions_visible_to(request.user, Region.Level.DESA).filter(code=code).select_related("parent").first()
    )
    if region is None:
        raise Http404
    return region


@capability_required(Capability.SWEEP)
@reads_from_replica
def sweep_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.area and user.area.level == Region.Level.DESA:
        return redirect("reports_sweep", code=user.area.code)
    desa = regions_visible_to(user, Region.Level.DESA).select_related("parent").order_by("code")
    return render(request, "reports/sweep_index.html", {"desa_list": desa})


@capability_required(Capability.SWEEP)
@reads_from_replica
def sweep(request: HttpRequest, code: str) -> HttpResponse:
    desa = _desa_for(request, code)
    doc = documents.sweep_document(request.user, desa)
    if request.GET.get("format") in ("xlsx", "pdf"):
        return download(
            request=request, doc=doc, region=desa, kind=request.GET["format"], filters={"desa": code}
        )
    return render(request, "reports/sweep.html", {"desa": desa, "doc": doc, "today": timezone.localdate()})


@capability_required(Capability.REPORTS)
@reads_from_replica
def periodic(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("paritrana", "semester"):
        raise Http404
    region = narrowed_region(request)
    today = timezone.localdate()
    form = PeriodForm(
        request.GET or None, initial={"year": today.year, "semester": 1 if today.month <= 6 else 2}
    )
    doc = None
    if form.is_bound and form.is_valid():
        year, half = form.cleaned_data["year"], form.cleaned_data["semester"] or 1
        if year > today.year:
            form.add_error("year", _("Tahun laporan tidak boleh setelah tahun berjalan."))
        else:
            doc = (
                documents.paritrana(request.user, region, year, today)
                if kind == "paritrana"
                else documents.semester(request.user, region, year, half, today)
            )
            fmt = request.GET.get("format")
            if fmt in ("xlsx", "pdf"):
                filters = {"wilayah": region.code, "tahun": year}
                if kind == "semester":
                    filters["semester"] = half
                return download(request=request, doc=doc, region=region, kind=fmt, filters=filters)
    return render(
        request,
        "reports/periodic.html",
        {"kind": kind, "form": form, "doc": doc, "region": region, "query": request.GET.urlencode()},
    )


LISTS = ("pekerja", "peserta", "tunggakan")


@capability_required(Capability.PEOPLE)
@reads_from_replica
def lists(request: HttpRequest) -> HttpResponse:
    region = narrowed_region(request)
    kind = request.GET.get("daftar", "")
    status = request.GET.get("status", "")
    if kind in LISTS:
        if kind == "pekerja":
            if status and status not in Status.values:
                raise Http404
            doc = documents.worker_list(request.user, region, status)
        else:
            if kind == "tunggakan":
                status = Membership.Status.NONAKTIF
            elif status and status not in Membership.Status.values:
                raise Http404
            doc = documents.member_list(request.user, region, status)
        return download(
            request=request,
            doc=doc,
            region=region,
            kind="xlsx",
            filters={"daftar": kind, "status": status, "wilayah": region.code},
        )
    user: Any = request.user
    return render(
        request,
        "reports/lists.html",
        {
            "region": region,
            "worker_statuses": Status.choices,
            "member_statuses": Membership.Status.choices,
            "kecamatan_list": regions_visible_to(user, Region.Level.KECAMATAN),
        },
    )


FORMS: dict[str, Any] = {
    "potensial": PotentialForm,
    "target": TargetForm,
    "regulasi": RegulationForm,
    "inovasi": InnovationForm,
    "anggaran": BudgetForm,
    "masalah": ProblemForm,
}
DELETABLE: dict[str, Any] = {"regulasi": Regulation, "inovasi": Innovation, "masalah": SemesterProblem}


def _kabupaten(request: HttpRequest) -> Region:
    region = user_region(request.user)
    return Region.objects.get(code=region.code[:5])


def _form(name: str, kabupaten: Region, data: Any = None) -> Any:
    if name == "potensial":
        return PotentialForm(data, kabupaten=kabupaten, prefix=name)
    return FORMS[name](data, prefix=name)


@capability_required(Capability.ADMINISTER)
def data_page(request: HttpRequest) -> HttpResponse:
    kabupaten = _kabupaten(request)
    forms = {name: _form(name, kabupaten) for name in FORMS}
    if request.method == "POST":
        name = request.POST.get("which", "")
        if name not in FORMS:
            raise Http404
        form = forms[name] = _form(name, kabupaten, request.POST)
        if form.is_valid():
            _save(request, name, form, kabupaten)
            messages.success(request, _("Data tersimpan."))
            return redirect("reports_data")
        messages.error(request, _("Data belum tersimpan: periksa isian yang ditandai."))
    area_codes = [kabupaten.code, *Region.objects.filter(parent=kabupaten).values_list("code", flat=True)]
    return render(
        request,
        "reports/data.html",
        {
            "kabupaten": kabupaten,
            "forms": forms,
            "potentials": PotentialWorkers.objects.filter(region_id__in=area_codes).select_related("region"),
            "targets": CoverageTarget.objects.filter(region=kabupaten),
            "regulations": Regulation.objects.filter(kabupaten=kabupaten),
            "innovations": Innovation.objects.filter(kabupaten=kabupaten),
            "budgets": Budget.objects.filter(kabupaten=kabupaten),
            "problems": SemesterProblem.objects.filter(kabupaten=kabupaten),
        },
    )


def _save(request: HttpRequest, name: str, form: Any, kabupaten: Region) -> None:
    data, by = form.cleaned_data, request.user
    if name == "potensial":
        services.potential_set(
            region=data["region"],
            year=data["year"],
            count=data["count"],
            source_note=data["source_note"],
            by=by,
            request=request,
        )
    elif name == "target":
        services.target_set(
            kabupaten=kabupaten,
            year=data["year"],
            percent=data["percent"],
            legal_basis=data["legal_basis"],
            by=by,
            request=request,
        )
    elif name == "anggaran":
        services.budget_set(
            kabupaten=kabupaten,
            year=data["year"],
            allocated=data["allocated"],
            realised=data["realised"],
            note=data["note"],
            by=by,
            request=request,
        )
    else:
        services.record_create(form=form, kabupaten=kabupaten, by=by, request=request)


@capability_required(Capability.ADMINISTER)
@require_POST
def data_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in DELETABLE:
        raise Http404
    row = get_object_or_404(DELETABLE[kind], pk=pk, kabupaten=_kabupaten(request))
    services.record_delete(row=row, by=request.user, request=request)
    messages.success(request, _("Data dihapus."))
    return redirect("reports_data")
