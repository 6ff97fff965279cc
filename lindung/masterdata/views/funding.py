from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.models import Role
from lindung.accounts.selectors import admin_kabupaten
from lindung.core.access import role_required
from lindung.enrolment.models import FundingSource

from .. import services
from ..forms import FundingSourceForm
from ..selectors import funding_sources_of, get_funding_source_for

ADMIN = Role.ADMIN_DINAS.value


@role_required(ADMIN)
def funding_list(request: HttpRequest) -> HttpResponse:
    return render(request, "masterdata/funding_list.html", {"sources": funding_sources_of(request.user)})


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
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
