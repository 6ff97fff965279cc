"""Admin Dinas manages the API tokens of its own kabupaten."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.capabilities import Capability
from lindung.accounts.models import Agency
from lindung.core.access import capability_required
from lindung.regions.models import Region

from .forms import TokenForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


def _kabupaten_code(user: Any) -> str | None:
    """None for a superuser (every kabupaten); otherwise the admin's own kabupaten."""
    if user.is_superuser and user.area is None:
        return None
    return user.area.code[:5]


def _areas(user: Any) -> QuerySet[Region]:
    code = _kabupaten_code(user)
    regions = Region.objects.exclude(level=Region.Level.PROVINSI)
    if code is None:
        return regions
    return regions.filter(Q(code=code) | Q(code__startswith=code + "."))


def _tokens(user: Any) -> QuerySet[ApiToken]:
    code = _kabupaten_code(user)
    tokens = ApiToken.objects.select_related("area", "agency", "created_by")
    if code is None:
        return tokens
    return tokens.filter(Q(area__code=code) | Q(area__code__startswith=code + "."))


def _agencies(user: Any) -> QuerySet[Agency]:
    code = _kabupaten_code(user)
    return Agency.objects.all() if code is None else Agency.objects.filter(kabupaten_id=code)


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def token_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None, areas=_areas(user), agencies=_agencies(user))
    new_key = None
    if request.method == "POST" and form.is_valid():
        token, new_key = api_token_create(
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            area=form.cleaned_data["area"],
            agency=form.cleaned_data.get("agency"),
            by=user,
            request=request,
        )
        form = TokenForm(areas=_areas(user), agencies=_agencies(user))
        messages.success(request, _("Token %(name)s dibuat.") % {"name": token.name})
    context = {"form": form, "tokens": _tokens(user), "new_key": new_key}
    response = render(request, "api/tokens.html", context)
    if new_key:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@capability_required(Capability.ADMINISTER)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = _tokens(request.user).filter(pk=pk, revoked_at__isnull=True).first()
    if token is None:
        raise Http404
    api_token_revoke(token=token, by=request.user, request=request)
    messages.success(
        request,
        _("Token %(name)s dicabut; sistem yang memakainya tidak bisa masuk lagi.") % {"name": token.name},
    )
    return redirect("api_tokens")
