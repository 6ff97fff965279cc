"""The occupation alias table: how outside files write occupations and what each means here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.capabilities import Capability
from lindung.accounts.selectors import admin_kabupaten
from lindung.core.access import capability_required
from lindung.workers.models import OccupationAlias

from .. import services
from ..forms import OccupationAliasForm
from ..selectors import get_occupation_alias_for, occupation_aliases, occupations_for_alias


@capability_required(Capability.ADMINISTER)
def alias_list(request: HttpRequest) -> HttpResponse:
    query, origin = request.GET.get("q", "").strip(), request.GET.get("asal", "")
    page = Paginator(occupation_aliases(request.user, query, origin), 100).get_page(request.GET.get("page"))
    origins = occupation_aliases(request.user).order_by("origin").values_list("origin", flat=True).distinct()
    context = {"page": page, "q": query, "origin": origin, "origins": list(origins)}
    return render(request, "masterdata/alias_list.html", context)


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def alias_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    # An Admin Dinas's new alias is its kabupaten's own; a superuser chooses in the form.
    new = OccupationAlias(kabupaten=None if user.is_superuser else admin_kabupaten(user))
    alias = get_occupation_alias_for(user, pk) if pk else new
    before = services.snapshot(alias, services.ALIAS_FIELDS) if pk else None
    # From an import's list of values that fell to Lainnya: the text comes filled in.
    initial = {"text": request.GET.get("text", "")[:100]} if not pk else None
    form = OccupationAliasForm(
        request.POST or None,
        instance=alias,
        initial=initial,
        user=user,
        occupations=occupations_for_alias(user, alias),
    )
    if request.method == "POST" and form.is_valid():
        services.occupation_alias_save(
            alias=form.save(commit=False), before=before, by=request.user, request=request
        )
        messages.success(
            request, _("Padanan “%(text)s” tersimpan; berlaku untuk impor berikutnya.") % {"text": alias.text}
        )
        return redirect("alias_list")
    return render(request, "masterdata/alias_form.html", {"form": form, "alias": alias if pk else None})


@require_POST
@capability_required(Capability.ADMINISTER)
def alias_delete(request: HttpRequest, pk: int) -> HttpResponse:
    alias = get_occupation_alias_for(request.user, pk)
    services.occupation_alias_delete(alias=alias, by=request.user, request=request)
    messages.success(request, _("Padanan “%(text)s” dihapus.") % {"text": alias.text})
    return redirect("alias_list")
