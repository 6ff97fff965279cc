from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.capabilities import Capability
from lindung.accounts.selectors import admin_kabupaten
from lindung.core.access import capability_required
from lindung.workers.models import Occupation

from .. import services
from ..forms import OccupationForm
from ..selectors import get_occupation_for, occupations_with_use


@capability_required(Capability.ADMINISTER)
def occupation_list(request: HttpRequest) -> HttpResponse:
    context = {"occupations": occupations_with_use(request.user), "fallback": services.FALLBACK_OCCUPATION}
    return render(request, "masterdata/occupation_list.html", context)


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def occupation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    # An Admin Dinas's new occupation is its kabupaten's own; a superuser chooses in the form.
    new = Occupation(kabupaten=None if user.is_superuser else admin_kabupaten(user))
    occupation = get_occupation_for(user, pk) if pk else new
    before = services.snapshot(occupation, services.OCCUPATION_FIELDS) if pk else None
    title = str(occupation) if pk else None  # the form may change the instance before it is valid
    form = OccupationForm(request.POST or None, instance=occupation, user=user)
    if request.method == "POST" and form.is_valid():
        services.occupation_save(
            occupation=form.save(commit=False), before=before, by=request.user, request=request
        )
        messages.success(request, _("Pekerjaan “%(name)s” tersimpan.") % {"name": occupation.name})
        return redirect("occupation_list")
    return render(
        request,
        "masterdata/occupation_form.html",
        {"form": form, "occupation": occupation if pk else None, "title": title},
    )


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    occupation = get_occupation_for(request.user, pk)
    try:
        services.occupation_set_active(occupation=occupation, active=active, by=request.user, request=request)
    except services.MasterDataError as exc:
        messages.error(request, str(exc))
        return redirect("occupation_list")
    done = (
        _("“%(name)s” aktif lagi.")
        if active
        else _("“%(name)s” tidak ditawarkan lagi; pekerja yang memilikinya tetap.")
    )
    messages.success(request, done % {"name": occupation.name})
    return redirect("occupation_list")


@require_POST
@capability_required(Capability.ADMINISTER)
def occupation_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, False)


@require_POST
@capability_required(Capability.ADMINISTER)
def occupation_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, True)


@require_POST
@capability_required(Capability.ADMINISTER)
def occupation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = get_occupation_for(request.user, pk)
    try:
        services.occupation_delete(occupation=occupation, by=request.user, request=request)
    except services.MasterDataError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pekerjaan “%(name)s” dihapus.") % {"name": occupation.name})
    return redirect("occupation_list")
