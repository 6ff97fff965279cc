from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability
from lindung.accounts.models import Role
from lindung.audit.labels import action_label
from lindung.audit.models import AuditEvent
from lindung.core.access import capability_required
from lindung.intake.models import RepeatApplication
from lindung.intake.services import repeat_application_handle
from lindung.workers.selectors import get_worker_for, workers_visible_to

from .clusters import Group, cost_false_merge, cost_missed, cost_threshold, groups_of
from .explaining import pair_explanation
from .models import Decision, DuplicateCandidate, DuplicateScan
from .scanning import duplicate_scan_start, scans_fail_stalled
from .services import DedupError, duplicate_decide_different, duplicate_merge

PAGE_SIZE = 50


def candidates_visible_to(user: Any) -> QuerySet[DuplicateCandidate]:
    """Pairs whose two workers are both in the user's area (and neither merged away)."""
    visible = workers_visible_to(user).values("pk")
    return DuplicateCandidate.objects.filter(worker_a__in=visible, worker_b__in=visible)


def _get_candidate(user: Any, pk: int) -> DuplicateCandidate:
    candidate = candidates_visible_to(user).select_related(
        "worker_a__desa", "worker_a__kecamatan", "worker_a__occupation",
        "worker_b__desa", "worker_b__kecamatan", "worker_b__occupation", "decided_by",
    ).filter(pk=pk).first()  # fmt: skip
    if candidate is None:
        raise Http404
    return candidate


def _latest_scan() -> DuplicateScan | None:
    return DuplicateScan.objects.order_by("-created_at", "-id").first()


@capability_required(Capability.DUPLICATES)
def queue(request: HttpRequest) -> HttpResponse:
    decision = request.GET.get("keputusan", Decision.PENDING)
    if decision not in Decision.values:
        decision = Decision.PENDING
    visible = candidates_visible_to(request.user).filter(decision=decision)
    groups: list[dict[str, Any]] = []
    page: Page[Any]
    if decision == Decision.PENDING:
        # Waiting pairs as people: the records that may be one person together, most worth reviewing first.
        page = Paginator(
            groups_of(visible.values_list("pk", "worker_a_id", "worker_b_id", "score")), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        groups = _groups_shown(request.user, list(page))
    else:
        pairs = visible.select_related("worker_a__desa", "worker_b__desa").order_by("-score", "id")
        page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "groups": groups,
        "decision": decision,
        "decisions": Decision.choices,
        "scan": _latest_scan(),
        "can_scan": request.user.is_superuser or request.user.role == Role.ADMIN_DINAS,  # type: ignore[union-attr]
        "repeats": repeats_open_for(request.user)[:100],
        "threshold_pct": round(cost_threshold() * 100),
        "cost_missed": cost_missed(),
        "cost_false_merge": cost_false_merge(),
    }
    return render(request, "dedup/queue.html", context)


def _groups_shown(user: Any, groups: list[Group]) -> list[dict[str, Any]]:
    """The records and pairs of one page of groups, read in two queries."""
    worker_ids = {pk for g in groups for pk in g.workers}
    workers = workers_visible_to(user).select_related("desa").in_bulk(list(worker_ids))
    pairs = DuplicateCandidate.objects.in_bulk([p[0] for g in groups for p in g.pairs])
    return [
        {
            "group": g,
            "workers": [workers[pk] for pk in g.workers if pk in workers],
            "pairs": [pairs[p[0]] for p in g.pairs if p[0] in pairs],
        }
        for g in groups
    ]


def repeats_open_for(user: Any) -> QuerySet[RepeatApplication]:
    """Applications made again with a registered NIK, waiting for the staff of the registered worker's area."""
    return RepeatApplication.objects.filter(
        worker__in=workers_visible_to(user), handled_at__isnull=True
    ).select_related("worker__desa")


@require_POST
@capability_required(Capability.ENTER)
def repeat_handled(request: HttpRequest, pk: int) -> HttpResponse:
    """The person on file was spoken to: the entry leaves the queue; the applicant's status page says so."""
    repeat = get_object_or_404(RepeatApplication, pk=pk, handled_at__isnull=True)
    worker = get_worker_for(request.user, repeat.worker_id)  # another area's entry is as missing as none
    repeat_application_handle(repeat=repeat, by=request.user, request=request)
    messages.success(request, _("Pengajuan ulang ditandai sudah ditangani."))
    return redirect("worker_detail", pk=worker.pk)


@capability_required(Capability.DUPLICATES)
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _get_candidate(request.user, pk)
    a, b = candidate.worker_a, candidate.worker_b
    context = {
        "c": candidate,
        "a": a,
        "b": b,
        "why": pair_explanation(a, b),
        "group": _group_of(request.user, candidate),
    }
    return render(request, "dedup/pair.html", context)


def _group_of(user: Any, candidate: DuplicateCandidate) -> dict[str, Any] | None:
    """The other records and waiting pairs of the group this waiting pair belongs to (None when it is alone)."""
    if candidate.decision != Decision.PENDING:
        return None
    waiting = candidates_visible_to(user).filter(decision=Decision.PENDING)
    for group in groups_of(waiting.values_list("pk", "worker_a_id", "worker_b_id", "score")):
        if len(group.workers) > 2 and any(p[0] == candidate.pk for p in group.pairs):
            shown = _groups_shown(user, [group])[0]
            pair_ids = {candidate.worker_a_id, candidate.worker_b_id}
            return {
                "group": group,
                "others": [w for w in shown["workers"] if w.pk not in pair_ids],
                "pairs": [c for c in shown["pairs"] if c.pk != candidate.pk],
            }
    return None


@require_POST
@capability_required(Capability.DUPLICATES)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _get_candidate(request.user, pk)
    action = request.POST.get("decision")
    note = request.POST.get("note", "").strip()
    try:
        if action == Decision.DIFFERENT:
            duplicate_decide_different(candidate=candidate, by=request.user, note=note, request=request)
            messages.success(
                request, _("Dicatat sebagai orang berbeda; pasangan ini tidak akan diusulkan lagi.")
            )
        elif action == Decision.SAME:
            keep_id = request.POST.get("keep")
            if keep_id not in (str(candidate.worker_a_id), str(candidate.worker_b_id)):
                messages.error(request, _("Pilih data mana yang dipertahankan."))
                return redirect("dedup_pair", pk=pk)
            keep, drop = candidate.worker_a, candidate.worker_b
            if keep_id == str(candidate.worker_b_id):
                keep, drop = drop, keep
            keep.version = int(request.POST.get(f"version_{keep.pk}", keep.version))
            drop.version = int(request.POST.get(f"version_{drop.pk}", drop.version))
            duplicate_merge(keep=keep, drop=drop, by=request.user, note=note, request=request)
            messages.success(
                request, _("Data %(drop)s digabungkan ke %(keep)s.") % {"drop": drop.name, "keep": keep.name}
            )
            return redirect("worker_detail", pk=keep.pk)
        else:
            messages.error(request, _("Pilih keputusan: orang yang sama atau orang berbeda."))
            return redirect("dedup_pair", pk=pk)
    except (DedupError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("dedup_pair", pk=pk)
    return redirect("dedup_queue")


@require_POST
@capability_required(Capability.ADMINISTER)
def scan_start(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    scans_fail_stalled()
    running = DuplicateScan.objects.filter(
        status__in=[DuplicateScan.Status.QUEUED, DuplicateScan.Status.RUNNING]
    )
    if running.exists():
        messages.error(request, _("Pemindaian sebelumnya belum selesai."))
        return redirect("dedup_queue")
    kabupaten = "" if user.is_superuser or user.area is None else user.area.code[:5]
    scan = duplicate_scan_start(by=user, kabupaten=kabupaten, min_score=cost_threshold())
    messages.success(request, _("Pemindaian data ganda dimulai."))
    return redirect(reverse("dedup_scan", args=[scan.pk]) + "?otomatis=1")  # reloads itself while it runs


@capability_required(Capability.ADMINISTER)
def scan_status(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    scans_fail_stalled()
    scans = DuplicateScan.objects.all()
    if not user.is_superuser and user.area is not None:
        scans = scans.filter(kabupaten=user.area.code[:5])  # another kabupaten's scan answers 404
    scan = get_object_or_404(scans, pk=pk)
    return render(
        request, "dedup/scan.html", {"scan": scan, "auto_refresh": request.GET.get("otomatis") == "1"}
    )


@capability_required(Capability.DUPLICATES)
def merged_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The history of a record that was merged away, reachable while its kept record is in the user's area."""
    worker = (
        workers_visible_to(request.user, include_merged=True)
        .filter(pk=pk, merged_into__isnull=False)
        .select_related("merged_into", "desa")
        .first()
    )
    if worker is None or worker.merged_into_id is None:
        raise Http404
    if not workers_visible_to(request.user).filter(pk=worker.merged_into_id).exists():
        raise Http404
    events = list(
        AuditEvent.objects.filter(object_type="workers.worker", object_id=str(worker.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    for event in events:
        event.label = action_label(event.action, event.object_type)  # type: ignore[attr-defined]
    context = {"worker": worker, "events": events, "changes": worker.status_changes.select_related("by")}
    return render(request, "dedup/merged.html", context)
