from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Case, Count, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability
from lindung.core.access import capability_required
from lindung.regions.models import Region

from .forms import RenewalForm
from .memberships import MembershipError
from .models import RenewalLine, RenewalRun
from .renewal import renewal_confirm, renewal_propose


def _runs(user: Any) -> Any:
    runs = RenewalRun.objects.all()
    return runs if user.is_superuser else runs.filter(kabupaten_id=user.area.code[:5])


@capability_required(Capability.FINANCE)
def renewal_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = RenewalForm(request.POST or None)
    if request.method == "POST":
        if not user.is_admin_dinas:
            raise Http404
        if form.is_valid():
            try:
                kabupaten = Region.objects.get(code=user.area.code[:5])
                run = renewal_propose(
                    kabupaten=kabupaten, fiscal_year=form.cleaned_data["fiscal_year"], by=user
                )
            except MembershipError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("renewal_detail", pk=run.pk)
    runs = _runs(user).annotate(n=Count("lines"))
    return render(request, "enrolment/renewal_list.html", {"runs": runs, "form": form})


@capability_required(Capability.ADMINISTER)
def renewal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _runs(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    # The proposals to end come first: they are what the dinas must look at before confirming.
    ending_first = Case(When(proposal=RenewalLine.Proposal.END, then=0), default=1)
    lines = run.lines.select_related("membership__worker").order_by(ending_first, "id")
    counts = dict(run.lines.values_list("proposal").annotate(n=Count("id")))
    return render(
        request, "enrolment/renewal_detail.html", {"run": run, "lines": lines[:500], "counts": counts}
    )


@require_POST
@capability_required(Capability.ADMINISTER)
def renewal_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = _runs(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    try:
        counts = renewal_confirm(run=run, by=request.user, request=request)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Pembaruan dikonfirmasi: %(c)d lanjut, %(e)d berhenti, %(s)d dilewati.")
            % {"c": counts["continued"], "e": counts["ended"], "s": counts["skipped"]},
        )
    return redirect("renewal_detail", pk=pk)
