from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.capabilities import Capability
from lindung.accounts.models import Agency
from lindung.accounts.selectors import admin_kabupaten
from lindung.core.access import capability_required

from .. import services
from ..forms import AgencyForm
from ..selectors import agencies_of, get_agency_for


@capability_required(Capability.ADMINISTER)
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = agencies_of(request.user).annotate(
        staff_count=Count("staff", distinct=True), worker_count=Count("workers", distinct=True)
    )
    return render(request, "masterdata/agency_list.html", {"agencies": agencies})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def agency_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agency = get_agency_for(request.user, pk) if pk else Agency(kabupaten=admin_kabupaten(request.user))
    before = services.snapshot(agency, services.AGENCY_FIELDS) if pk else None
    title = str(agency) if pk else None  # the form may change the instance before it is valid
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        services.agency_save(agency=form.save(commit=False), before=before, by=request.user, request=request)
        messages.success(request, _("OPD “%(name)s” tersimpan.") % {"name": agency.name})
        return redirect("agency_list")
    return render(
        request,
        "masterdata/agency_form.html",
        {"form": form, "agency": agency if pk else None, "title": title},
    )
