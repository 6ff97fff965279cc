from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability
from lindung.audit.services import audit_log
from lindung.core.access import capability_required
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import FundingSource

from .bills import bills_compute, bills_xlsx
from .models import Bill, PremiumRate
from .rates import RateMissing, member_monthly_premium, projected_cost


def _kabupaten(user: Any) -> str:
    return user.area.code[:5] if user.area else ""


def _bills(user: Any, month: dt.date) -> QuerySet[Bill]:
    bills = Bill.objects.filter(month=month).select_related("funding_source")
    return bills if user.is_superuser else bills.filter(funding_source__kabupaten_id=_kabupaten(user))


def _month(raw: str | None) -> dt.date:
    try:
        return dt.datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        return dt.date.today().replace(day=1)


def _int(raw: str | None, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(raw or default)))
    except ValueError:
        return default


@capability_required(Capability.FINANCE)
def premium_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    month = _month(request.GET.get("month"))
    bills = list(_bills(user, month))
    sources = (
        FundingSource.objects.filter(kabupaten_id=_kabupaten(user))
        if not user.is_superuser
        else FundingSource.objects.all()
    )
    if not sources.exists() and user.area:
        funding_source_default(_kabupaten(user))
    source = sources.filter(pk=request.GET.get("source") or 0).first() or sources.order_by("name").first()
    whatif = None
    if source is not None:
        members = _int(request.GET.get("members"), 45_000, 1, 10_000_000)
        months = _int(request.GET.get("months"), 12, 1, 60)
        first = _month(request.GET.get("from") or f"{dt.date.today().year}-01")
        try:
            whatif = {
                "members": members,
                "months": months,
                "from": first,
                "source": source,
                "per_member": member_monthly_premium(funding_source=source, on=first),
                "total": projected_cost(
                    funding_source=source, members=members, first_month=first, months=months
                ),
            }
        except RateMissing as exc:
            messages.error(request, str(exc))
    context = {
        "month": month,
        "bills": bills,
        "members": sum(b.member_count for b in bills),
        "total": sum(b.total for b in bills),
        "rates": PremiumRate.objects.all(),
        "sources": sources,
        "whatif": whatif,
    }
    return render(request, "premiums/home.html", context)


@require_POST
@capability_required(Capability.ADMINISTER)
def bill_compute_view(request: HttpRequest) -> HttpResponse:
    month = _month(request.POST.get("month"))
    try:
        bills = bills_compute(month=month, by=request.user, kabupaten=_kabupaten(request.user) or None)
    except RateMissing as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Tagihan %(m)s dihitung: %(n)d peserta.")
            % {"m": f"{month:%Y-%m}", "n": sum(b.member_count for b in bills)},
        )
    return redirect(f"/iuran/?month={month:%Y-%m}")


@capability_required(Capability.BATCHES)
def bill_download(request: HttpRequest) -> HttpResponse:
    month = _month(request.GET.get("month"))
    bills = list(_bills(request.user, month))
    for bill in bills:
        audit_log(actor=request.user, action="bill.download", obj=bill, request=request)
    response = HttpResponse(
        bills_xlsx(bills), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="tagihan-{month:%Y-%m}.xlsx"'
    return response
