"""Work queues: "Menunggu saya" per role, filterable, with bulk actions on the selected rows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability
from lindung.accounts.models import Role
from lindung.core.access import capability_required
from lindung.eligibility.models import EligibilityResult
from lindung.eligibility.rules import first_failure
from lindung.eligibility.services import eligibility_refresh
from lindung.regions.models import Region
from lindung.workers.models import Occupation, Segment, Status, Worker, WorkerFlag
from lindung.workers.selectors import regions_visible_to, workers_visible_to
from lindung.workers.workflow import REJECTION_REASONS, TRANSITIONS

from .services import ACTIONS, bulk_decide

ACTION_LABELS = {
    "verify": gettext_lazy("Verifikasi"),
    "approve": gettext_lazy("Setujui"),
    "return": gettext_lazy("Kembalikan"),
    "reject": gettext_lazy("Tolak"),
}
ELIGIBILITY_FILTERS = [
    ("layak", gettext_lazy("Memenuhi syarat")),
    ("tidak_layak", gettext_lazy("Tidak memenuhi syarat")),
    ("belum", gettext_lazy("Belum dinilai")),
]


def queue_statuses(user: Any) -> list[str]:
    """The statuses waiting for this user, the first being the default queue."""
    if user.is_superuser or user.role == Role.ADMIN_DINAS:
        return [Status.DIVERIFIKASI, Status.DIAJUKAN]
    return [Status.DIAJUKAN]


def actions_for(user: Any, status: str) -> list[tuple[str, str]]:
    return [
        (key, str(ACTION_LABELS[key]))
        for key, to in ACTIONS.items()
        if (step := TRANSITIONS.get((status, to))) and (user.is_superuser or user.role in step.roles)
    ]


def _queue(user: Any, params: Any, status: str) -> QuerySet[Worker]:
    workers = workers_visible_to(user).filter(status=status)
    for param, field in {
        "kecamatan": "kecamatan_id",
        "desa": "desa_id",
        "occupation": "occupation_id",
        "segment": "segment",
    }.items():
        if value := params.get(param):
            workers = workers.filter(**{field: value})
    results = EligibilityResult.objects.filter(worker=OuterRef("pk"))
    failed = results.filter(passed=False)
    workers = workers.annotate(
        evaluated=Exists(results),
        failing=Exists(failed),
        first_failure=Subquery(failed.order_by("rule__kind", "rule_id").values("reason")[:1]),
        # An import's flag for the verifier (not working, NIK birth date): shown, and approval waits for it.
        open_flag=Subquery(
            WorkerFlag.objects.filter(worker=OuterRef("pk"), cleared_at__isnull=True).values("detail")[:1]
        ),
    )
    outcome = params.get("eligibility")
    if outcome == "layak":
        workers = workers.filter(evaluated=True, failing=False)
    elif outcome == "tidak_layak":
        workers = workers.filter(failing=True)
    elif outcome == "belum":
        workers = workers.filter(evaluated=False)
    return workers.select_related("desa", "kecamatan", "occupation").order_by("updated_at", "id")


@capability_required(Capability.VERIFY)
def queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    statuses = queue_statuses(user)
    wanted = request.GET.get("status", "")
    status = wanted if wanted in statuses else statuses[0]
    params = request.GET
    page = Paginator(_queue(user, params, status), settings.WORKER_PAGE_SIZE).get_page(params.get("page"))
    _evaluate_missing(page.object_list)
    query = params.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "status": status,
        "status_label": Status(status).label,
        "statuses": [(s, Status(s).label) for s in statuses],
        "actions": actions_for(user, status),
        "reasons": REJECTION_REASONS,
        "params": params,
        "query": query.urlencode(),
        "kecamatan_list": regions_visible_to(user, Region.Level.KECAMATAN),
        "desa_list": regions_visible_to(user, Region.Level.DESA).filter(parent_id=params.get("kecamatan"))
        if params.get("kecamatan")
        else [],
        "occupations": Occupation.objects.for_user(user).filter(active=True),
        "segments": Segment.choices,
        "eligibility_filters": ELIGIBILITY_FILTERS,
        "can_override": status == Status.DIVERIFIKASI
        and any(a == "approve" for a, _l in actions_for(user, status)),
    }
    return render(request, "verification/queue.html", context)


def _evaluate_missing(rows: Any) -> None:
    """Workers entered elsewhere (staff form, import) are evaluated the first time a queue shows them."""
    for worker in rows:
        if not worker.evaluated:
            failure = first_failure(eligibility_refresh(worker=worker))
            worker.evaluated, worker.failing = True, failure is not None
            worker.first_failure = failure.reason if failure else None


def _version(raw: str | None) -> int | None:
    try:
        return int(raw or "")
    except ValueError:
        return None


@require_POST
@capability_required(Capability.VERIFY)
def bulk(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    action = request.POST.get("action", "")
    picked = [pk for pk in request.POST.getlist("pk") if pk.isdigit()]
    back = request.POST.get("back", "")
    if action not in ACTIONS or not picked:
        messages.error(request, _("Pilih paling sedikit satu baris dan satu tindakan."))
        url = reverse("verification_queue")
        return redirect(f"{url}?{back}" if back else url)
    visible = workers_visible_to(user).filter(pk__in=picked).select_related("desa", "occupation")
    workers = {str(w.pk): w for w in visible}
    override = request.POST.get("override") == "1"
    outcomes = bulk_decide(
        workers=workers,
        versions={pk: _version(request.POST.get(f"v_{pk}")) for pk in picked},
        to=ACTIONS[action],
        by=user,
        reason=request.POST.get("reason", "")[:60],
        note=request.POST.get("note", "")[:1000],
        override_note=request.POST.get("override_note", "")[:1000] if override else "",
        request=request,
    )
    done = sum(o.ok for o in outcomes)
    context = {"outcomes": outcomes, "done": done, "failed": len(outcomes) - done, "back": back}
    return render(request, "verification/result.html", context)
