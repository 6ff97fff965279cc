"""Budget, payments, arrears, BPJS invoices and claims pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability, has_capability, roles_with
from lindung.core.access import accepts_upload, capability_required
from lindung.enrolment.models import FundingSource
from lindung.enrolment.results import ResultFileError
from lindung.enrolment.selectors import memberships_visible_to

from .budget import affordable_members, budget_status
from .claims import ClaimError, claim_mark_paid, claim_report, expected_benefit, impact
from .forms import AllocationForm, ClaimForm, ClaimPaidForm, InvoiceForm, PaymentForm
from .invoices import invoice_upload
from .models import BudgetAllocation, Claim, InvoiceUpload, Payment
from .payments import PaymentError, arrears, arrears_apply, payment_record, unpaid_bills


def sources_for(user: Any) -> QuerySet[FundingSource]:
    sources = FundingSource.objects.all()
    return (
        sources if user.is_superuser else sources.filter(kabupaten_id=user.area.code[:5] if user.area else "")
    )


def _source(request: HttpRequest) -> FundingSource | None:
    sources = sources_for(request.user)
    return sources.filter(pk=request.GET.get("source") or 0).first() or sources.order_by("name").first()


def _year(raw: str | None) -> int:
    try:
        return max(2000, min(2100, int(raw or dt.date.today().year)))
    except ValueError:
        return dt.date.today().year


@capability_required(Capability.FINANCE)
def budget_view(request: HttpRequest) -> HttpResponse:
    source, year = _source(request), _year(request.GET.get("year"))
    if source is None:
        raise Http404
    form = AllocationForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_admin_dinas:  # type: ignore[union-attr]
            raise Http404
        if form.is_valid():
            BudgetAllocation.objects.update_or_create(
                fiscal_year=year, funding_source=source, defaults=form.cleaned_data
            )
            messages.success(request, _("Pagu tersimpan."))
            return redirect(f"{request.path}?source={source.pk}&year={year}")
    status = budget_status(funding_source=source, fiscal_year=year)
    month_no = request.GET.get("from_month", "")
    from_month = dt.date(year, int(month_no) if month_no.isdigit() and 1 <= int(month_no) <= 12 else 1, 1)
    peak = max([status.allocation / 12, *(b for _m, b, _p in status.monthly)]) or 1
    context = {
        "source": source,
        "sources": sources_for(request.user),
        "year": year,
        "s": status,
        "form": form,
        "from_month": from_month,
        "affordable": affordable_members(
            funding_source=source, remaining=status.remaining, from_month=from_month
        ),
        "bars": [(m, b, p, int(100 * b / peak), int(100 * p / peak)) for m, b, p in status.monthly],
        "line": int(100 * status.allocation / 12 / peak) if status.allocation else 0,
    }
    return render(request, "premiums/budget.html", context)


@capability_required(Capability.FINANCE)
def payments_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PaymentForm(request.POST or None)
    form.fields["funding_source"].queryset = sources_for(user)  # type: ignore[attr-defined]
    if request.method == "POST":
        if not user.is_admin_dinas:
            raise Http404
        if form.is_valid():
            try:
                payment_record(by=user, request=request, **form.cleaned_data)
            except PaymentError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Pembayaran tercatat."))
                return redirect("payments")
    payments = Payment.objects.filter(funding_source__in=sources_for(user)).select_related("funding_source")[
        :200
    ]
    return render(request, "premiums/payments.html", {"form": form, "payments": payments})


@capability_required(Capability.BATCHES)
def arrears_view(request: HttpRequest) -> HttpResponse:
    source = _source(request)
    if source is None:
        raise Http404
    today = dt.date.today()
    context = {
        "source": source,
        "sources": sources_for(request.user),
        "unpaid": unpaid_bills(source, up_to=today),
        "arrears": arrears(source, up_to=today)[:500],
        "today": today,
    }
    return render(request, "premiums/arrears.html", context)


@require_POST
@capability_required(Capability.ADMINISTER)
def arrears_apply_view(request: HttpRequest) -> HttpResponse:
    source = sources_for(request.user).filter(pk=request.POST.get("source") or 0).first()
    if source is None:
        raise Http404
    count = arrears_apply(funding_source=source, on=dt.date.today(), by=request.user)
    messages.success(request, _("%(n)d kepesertaan dinonaktifkan karena tunggakan.") % {"n": count})
    return redirect(f"/iuran/tunggakan/?source={source.pk}")


@capability_required(Capability.FINANCE)
@accepts_upload(*roles_with(Capability.BATCHES))  # an invoice lists KPJs: not Pimpinan
def invoices_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = InvoiceForm(request.POST or None, request.FILES or None)
    form.fields["funding_source"].queryset = sources_for(user)  # type: ignore[attr-defined]
    if request.method == "POST":
        if not has_capability(user, Capability.BATCHES):  # an invoice lists KPJs
            raise Http404
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                upload = invoice_upload(
                    funding_source=form.cleaned_data["funding_source"],
                    month=form.cleaned_data["month"],
                    name=file.name,
                    content=file.read(),
                    by=user,
                )
            except ResultFileError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("invoice_detail", pk=upload.pk)
    uploads = InvoiceUpload.objects.filter(funding_source__in=sources_for(user)).select_related(
        "funding_source"
    )
    return render(request, "premiums/invoices.html", {"form": form, "uploads": uploads[:100]})


@capability_required(Capability.BATCHES)
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = InvoiceUpload.objects.filter(pk=pk, funding_source__in=sources_for(request.user)).first()
    if upload is None:
        raise Http404
    return render(request, "premiums/invoice_detail.html", {"upload": upload, "r": upload.report})


@capability_required(Capability.MEMBERSHIPS)
def claims_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    memberships = memberships_visible_to(user)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = memberships.filter(kpj=data.pop("kpj").strip()).order_by("-start").first()
        if membership is None:
            messages.error(request, _("Nomor KPJ tidak ditemukan di wilayah Anda."))
        else:
            try:
                claim_report(membership=membership, by=user, **data)
            except ClaimError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Klaim dicatat."))
                return redirect("claims")
    claims = Claim.objects.filter(membership__in=memberships).select_related("membership__worker")
    rows = [
        (c, expected_benefit(kind=c.kind, membership=c.membership, on=c.event_date)) for c in claims[:300]
    ]
    context = {"form": form, "rows": rows, "impact": impact(claims), "paid_form": ClaimPaidForm()}
    return render(request, "premiums/claims.html", context)


@require_POST
@capability_required(Capability.BATCHES)
def claim_paid_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = Claim.objects.filter(pk=pk, membership__in=memberships_visible_to(request.user)).first()
    if claim is None:
        raise Http404
    form = ClaimPaidForm(request.POST)
    if form.is_valid():
        try:
            claim_mark_paid(claim=claim, by=request.user, **form.cleaned_data)
            messages.success(request, _("Pembayaran klaim tercatat."))
        except ClaimError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Isi jumlah dan tanggal pembayaran."))
    return redirect("claims")
