from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lindung.accounts.capabilities import Capability
from lindung.accounts.selectors import admin_kabupaten
from lindung.accounts.staff import staff_visible_to
from lindung.core.access import capability_required

from ..selectors import agencies_of, funding_sources_of, layouts_of, occupation_aliases, occupations_of


@capability_required(Capability.ADMINISTER)
def masterdata_home(request: HttpRequest) -> HttpResponse:
    context = {
        "kabupaten": admin_kabupaten(request.user),
        "staff": staff_visible_to(request.user).count(),
        "occupations": occupations_of(request.user).filter(active=True).count(),
        "aliases": occupation_aliases(request.user).count(),
        "agencies": agencies_of(request.user).count(),
        "funding_sources": funding_sources_of(request.user).count(),
        "layouts": layouts_of(request.user).count(),
    }
    return render(request, "masterdata/home.html", context)
