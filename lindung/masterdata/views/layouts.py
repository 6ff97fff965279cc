from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindung.accounts.capabilities import Capability
from lindung.accounts.selectors import admin_kabupaten
from lindung.core.access import capability_required
from lindung.enrolment.export_layout import DATE_FORMATS, FIXED
from lindung.enrolment.models import ExportLayout

from .. import services
from ..forms import LayoutForm, field_choices
from ..selectors import get_layout_for, layouts_of


def _describe(column: list[str], labels: dict[str, str]) -> str:
    label = labels.get(column[1], column[1])
    option = column[2] if len(column) > 2 else ""
    if column[1] == FIXED:
        return _("%(label)s: “%(text)s”") % {"label": label, "text": option}
    if option:
        return _("%(label)s, teks %(format)s") % {"label": label, "format": option}
    return label


@capability_required(Capability.ADMINISTER)
def layout_list(request: HttpRequest) -> HttpResponse:
    labels = dict(field_choices())
    layouts = [
        (layout, [(c[0], _describe(c, labels)) for c in layout.columns])
        for layout in layouts_of(request.user)
    ]
    return render(request, "masterdata/layout_list.html", {"layouts": layouts})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def layout_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    # An Admin Dinas's new layout is its kabupaten's own; a superuser chooses in the form.
    new = ExportLayout(kabupaten=None if user.is_superuser else admin_kabupaten(user))
    layout = get_layout_for(user, pk) if pk else new
    before = services.snapshot(layout, services.LAYOUT_FIELDS) if pk else None
    title = str(layout) if pk else None  # the form may change the instance before it is valid
    form = LayoutForm(request.POST or None, layout=layout, user=user)
    if request.method == "POST" and form.is_valid():
        services.layout_save(layout=form.layout, before=before, by=request.user, request=request)
        messages.success(request, _("Tata letak “%(name)s” tersimpan.") % {"name": layout.name})
        return redirect("layout_list")
    return render(
        request,
        "masterdata/layout_form.html",
        {
            "form": form,
            "layout": layout if pk else None,
            "title": title,
            "date_formats": ", ".join(DATE_FORMATS),
        },
    )
