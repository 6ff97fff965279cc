from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.accounts.capabilities import Capability
from lindung.core.access import capability_required

from .forms import EndRuleForm, RuleForm
from .models import EligibilityRule
from .services import rule_save, rule_snapshot


def rules_visible_to(user: Any) -> QuerySet[EligibilityRule]:
    """The deployment's default rules and those of the user's own kabupaten/kota; never another kabupaten's."""
    rules = EligibilityRule.objects.select_related("kabupaten")
    if user.is_superuser:
        return rules
    return rules.filter(Q(kabupaten__isnull=True) | Q(kabupaten_id=user.area_id))


@capability_required(Capability.ADMINISTER)
def rule_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rules = rules_visible_to(request.user)
    rows = [
        (r, r.active and r.effective_from <= today and (r.effective_to is None or r.effective_to >= today))
        for r in rules
    ]
    return render(request, "eligibility/list.html", {"rows": rows, "end_form": EndRuleForm(), "today": today})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    rule = get_object_or_404(rules_visible_to(request.user), pk=pk) if pk else EligibilityRule()
    before = rule_snapshot(rule) if pk else None
    form = RuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.kabupaten = form.cleaned_data.get("own_kabupaten")
        rule_save(rule=saved, before=before, by=request.user, request=request)
        messages.success(request, _("Aturan tersimpan. Pekerja yang belum disetujui dinilai ulang."))
        return redirect("eligibility_rules")
    return render(request, "eligibility/form.html", {"form": form, "rule": rule if pk else None})


@require_POST
@capability_required(Capability.ADMINISTER)
def rule_end(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(rules_visible_to(request.user), pk=pk)
    form = EndRuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Isi tanggal berakhirnya aturan."))
        return redirect("eligibility_rules")
    end = form.cleaned_data["effective_to"]
    if end < rule.effective_from:
        messages.error(request, _("Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."))
        return redirect("eligibility_rules")
    before = rule_snapshot(rule)
    rule.effective_to = end
    rule_save(rule=rule, before=before, by=request.user, request=request)
    messages.success(request, _("Aturan berakhir pada %(date)s.") % {"date": end.strftime("%d-%m-%Y")})
    return redirect("eligibility_rules")
