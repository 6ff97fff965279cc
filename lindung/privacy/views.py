from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability
from lindung.audit.labels import action_label
from lindung.audit.models import AuditEvent
from lindung.audit.services import audit_log
from lindung.core.access import capability_required
from lindung.workers.selectors import get_worker_for, search_workers, workers_visible_to

from . import export, services
from .anonymise import is_anonymised
from .audit_objects import event_rows
from .forms import AuditFilterForm, ConsentForm, HoldForm
from .models import ConsentEvent, LegalHold
from .selectors import audit_events_visible_to, filter_events


@capability_required(Capability.ENTER)
def privacy_home(request: HttpRequest) -> HttpResponse:
    """Find the person who made a request (by NIK or name), within the user's area."""
    query = request.GET.get("q", "").strip()
    results = search_workers(workers_visible_to(request.user), query)[:50] if query else []
    return render(request, "privacy/home.html", {"q": query, "results": results})


def _person_context(request: HttpRequest, worker: Any) -> dict[str, Any]:
    return {
        "worker": worker,
        "consents": ConsentEvent.objects.filter(worker=worker).select_related("by"),
        "stopped": services.is_processing_stopped(worker),
        "holds": LegalHold.objects.filter(worker=worker),
        "anonymised": is_anonymised(worker),
        "consent_form": ConsentForm(initial={"text_version": worker.consent_version}),
        "hold_form": HoldForm(),
        "is_admin": request.user.is_admin_dinas,  # type: ignore[union-attr]
    }


@capability_required(Capability.ENTER)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    return render(request, "privacy/person.html", _person_context(request, worker))


@require_POST
@capability_required(Capability.ENTER)
def person_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("json", "xlsx"):
        raise Http404
    worker = get_worker_for(request.user, pk)
    data = export.collect(worker)
    audit_log(
        actor=request.user, action="privacy.export", obj=worker, changes={"format": fmt}, request=request
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        response = HttpResponse(
            export.to_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{worker.pk}-{stamp}.{fmt}"'
    return response


@require_POST
@capability_required(Capability.ENTER)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Catatan terlalu panjang."))
    elif services.is_processing_stopped(worker):
        messages.info(request, _("Persetujuan orang ini sudah ditarik sebelumnya."))
    else:
        services.consent_withdraw(worker=worker, by=request.user, request=request, **form.cleaned_data)
        messages.success(
            request,
            _(
                "Penarikan persetujuan dicatat. Pemrosesan data %(name)s dihentikan; data disimpan hanya "
                "selama diwajibkan hukum lalu dianonimkan."
            )
            % {"name": worker.name},
        )
    return redirect("privacy_person", pk=worker.pk)


@require_POST
@capability_required(Capability.ENTER)
def consent_give(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = ConsentForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["text_version"]:
        messages.error(request, _("Isi versi naskah persetujuan yang dibacakan atau ditandatangani."))
        return redirect("privacy_person", pk=worker.pk)
    services.consent_give(worker=worker, by=request.user, request=request, **form.cleaned_data)
    messages.success(request, _("Persetujuan dicatat; pemrosesan dapat dilanjutkan."))
    return redirect("privacy_person", pk=worker.pk)


@require_POST
@capability_required(Capability.ADMINISTER)
def hold_place(request: HttpRequest, pk: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    form = HoldForm(request.POST)
    if form.is_valid():
        services.legal_hold_place(
            worker=worker, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(request, _("Data orang ini ditahan dari anonimisasi sampai penahanan dicabut."))
    else:
        messages.error(request, _("Alasan penahanan wajib diisi."))
    return redirect("privacy_person", pk=worker.pk)


@require_POST
@capability_required(Capability.ADMINISTER)
def hold_release(request: HttpRequest, pk: int, hold_id: int) -> HttpResponse:
    worker = get_worker_for(request.user, pk)
    hold = get_object_or_404(LegalHold, pk=hold_id, worker=worker, released_at__isnull=True)
    services.legal_hold_release(hold=hold, by=request.user, request=request)
    messages.success(request, _("Penahanan data dicabut."))
    return redirect("privacy_person", pk=worker.pk)


@capability_required(Capability.ADMINISTER)
def audit_review(request: HttpRequest) -> HttpResponse:
    """Who looked at or changed what, in this kabupaten: full-NIK views, exports, edits, logins."""
    form = AuditFilterForm(request.GET or None)
    events = audit_events_visible_to(request.user)
    if form.is_valid():
        d = form.cleaned_data
        events = filter_events(
            events,
            action=d["action"] or "",
            username=d["user"] or "",
            date_from=d["date_from"],
            date_to=d["date_to"],
            worker_id=d["worker"],
        )
    elif form.is_bound:
        events = events.none()
    page = Paginator(events.select_related("actor").order_by("-at", "-id"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    codes = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    actions = sorted(((code, action_label(code)) for code in codes), key=lambda item: item[1])
    return render(
        request,
        "privacy/audit.html",
        {
            "form": form,
            "page": page,
            "rows": event_rows(page, request.user),
            "query": query.urlencode(),
            "actions": actions,
        },
    )
