from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.capabilities import Capability
from lindung.accounts.selectors import admin_kabupaten
from lindung.core.access import capability_required
from lindung.enrolment.models import FundingSource

from .. import services
from ..forms import FundingSourceForm
from ..selectors import funding_sources_of, get_funding_source_for


@capability_required(Capability.ADMINISTER)
def funding_list(request: HttpRequest) -> HttpResponse:
    return render(request, "masterdata/funding_list.html", {"sources": funding_sources_of(request.user)})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def funding_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    kabupaten = admin_kabupaten(request.user)
    source = get_funding_source_for(request.user, pk) if pk else FundingSource(kabupaten=kabupaten)
    before = services.snapshot(source, services.FUNDING_FIELDS) if pk else None
    title = str(source) if pk else None  # the form may change the instance before it is valid
    form = FundingSourceForm(request.POST or None, instance=source, kabupaten=kabupaten)
    if request.method == "POST" and form.is_valid():
        services.funding_source_save(
            source=form.save(commit=False), before=before, by=request.user, request=request
        )
        messages.success(request, _("Sumber dana “%(name)s” tersimpan.") % {"name": source.name})
        return redirect("funding_list")
    return render(
        request,
        "masterdata/funding_form.html",
        {"form": form, "source": source if pk else None, "title": title},
    )
