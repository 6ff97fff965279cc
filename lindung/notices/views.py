"""The outbox for Admin Dinas: delivery status of every notice in the kabupaten, and the message texts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.capabilities import Capability
from lindung.audit.services import audit_log
from lindung.core.access import capability_required
from lindung.workers.selectors import workers_visible_to

from .forms import NoticeTemplateForm
from .models import Channel, InboundMessage, Notice, NoticeTemplate, TemplateKey, WhatsAppContact
from .services import notice_retry

PAGE_SIZE = 50


def notices_visible_to(user: Any) -> QuerySet[Notice]:
    """A notice is as visible as the person it was sent to."""
    return Notice.objects.filter(worker__in=workers_visible_to(user, include_merged=True).values("pk"))


@capability_required(Capability.ADMINISTER)
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = notices_visible_to(request.user)
    counts = dict(notices.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    params = request.GET
    for param in ("status", "channel", "template"):
        if value := params.get(param):
            notices = notices.filter(**{param: value})
    page = Paginator(notices.select_related("worker"), PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "query": query.urlencode(),
        "params": params,
        "counts": [(s, label, counts.get(s, 0)) for s, label in Notice.Status.choices],
        "statuses": Notice.Status.choices,
        "channels": Channel.choices,
        "templates": TemplateKey.choices,
    }
    return render(request, "notices/list.html", context)


@require_POST
@capability_required(Capability.ADMINISTER)
def notice_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = notices_visible_to(request.user).filter(pk=pk, status=Notice.Status.DEAD).first()
    if notice is None:
        raise Http404
    notice_retry(notice=notice)
    messages.success(request, _("Pesan dijadwalkan untuk dikirim ulang."))
    return redirect("notice_list")


@capability_required(Capability.ADMINISTER)
def template_list(request: HttpRequest) -> HttpResponse:
    return render(request, "notices/templates.html", {"templates": NoticeTemplate.objects.all()})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(NoticeTemplate, pk=pk)
    form = NoticeTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        before = NoticeTemplate.objects.get(pk=pk).text  # the instance already holds the new text
        form.save()
        audit_log(
            actor=request.user,
            action="notices.template_edit",
            obj=template,
            changes={
                "text": [before, template.text],
                "active": template.active,
                "provider_template": template.provider_template,
            },
            request=request,
        )
        messages.success(request, _("Templat pesan tersimpan."))
        return redirect("notice_templates")
    return render(request, "notices/template_form.html", {"form": form, "template": template})


def inbound_visible_to(user: Any) -> QuerySet[InboundMessage]:
    """A message about a person is as visible as the person; one about nobody (DAFTAR, help) to every admin."""
    visible = workers_visible_to(user, include_merged=True).values("pk")
    return InboundMessage.objects.filter(Q(worker__isnull=True) | Q(worker__in=visible))


@capability_required(Capability.ADMINISTER)
def inbound_list(request: HttpRequest) -> HttpResponse:
    """What people wrote to the WhatsApp number and what they were answered (NIKs masked when stored)."""
    inbound = inbound_visible_to(request.user)
    counts = dict(
        inbound.order_by().values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    if outcome := request.GET.get("outcome"):
        inbound = inbound.filter(outcome=outcome)
    page = Paginator(inbound.select_related("reply", "worker"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "outcome": outcome or "",
        "counts": [(o, label, counts.get(o, 0)) for o, label in InboundMessage.Outcome.choices],
        "opted_out": WhatsAppContact.objects.filter(opted_out_at__isnull=False).count(),
    }
    return render(request, "notices/inbound.html", context)
