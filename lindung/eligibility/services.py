"""Writes of the eligibility capability: stored results per worker, and audited rule changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lindung.audit.services import audit_log
from lindung.workers.models import Status, Worker

from .models import EligibilityResult, EligibilityRule, WorkerDeclaration
from .rules import RuleResult, evaluate, rules_in_force

PENDING = [Status.DIAJUKAN, Status.DIVERIFIKASI, Status.DIKEMBALIKAN]
RULE_FIELDS = [
    "kind",
    "parameters",
    "segment",
    "effective_from",
    "effective_to",
    "legal_basis",
    "active",
    "kabupaten_id",
]


def _store(pairs: Iterable[tuple[Worker, list[RuleResult]]]) -> int:
    pairs = list(pairs)
    rows = [
        EligibilityResult(worker=worker, rule=r.rule, passed=r.passed, reason=r.reason[:300])
        for worker, results in pairs
        for r in results
    ]
    with transaction.atomic():
        EligibilityResult.objects.filter(worker__in=[w.pk for w, _ in pairs]).delete()
        EligibilityResult.objects.bulk_create(rows, batch_size=1000)
    return len(pairs)


def eligibility_refresh(*, worker: Worker) -> list[RuleResult]:
    """Evaluate one worker now and replace its stored results."""
    results = evaluate(worker)
    _store([(worker, results)])
    return results


def eligibility_refresh_many(*, workers: QuerySet[Worker], chunk: int = 1000) -> int:
    """Re-evaluate many workers with the rules loaded once; returns how many were evaluated."""
    today = timezone.localdate()
    rules: dict[str | None, list[Any]] = {}  # per kabupaten: each has its own rules
    done = 0
    ids = list(workers.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        batch = Worker.objects.filter(pk__in=ids[start : start + chunk]).select_related(
            "desa", "occupation", "declaration"
        )
        for w in batch:
            if w.kabupaten_id not in rules:
                rules[w.kabupaten_id] = rules_in_force(today, w.kabupaten_id)
        done += _store((w, evaluate(w, on=today, rules=rules[w.kabupaten_id])) for w in batch)
    return done


def pending_workers() -> QuerySet[Worker]:
    return Worker.objects.filter(status__in=PENDING, merged_into__isnull=True)


def declaration_save(*, worker: Worker, is_asn: bool, bpjs_active: bool) -> WorkerDeclaration:
    # One INSERT … ON CONFLICT DO UPDATE: update_or_create took six statements (two savepoints, a locking read).
    declaration = WorkerDeclaration(worker=worker, is_asn=is_asn, bpjs_active=bpjs_active)
    WorkerDeclaration.objects.bulk_create(
        [declaration],
        update_conflicts=True,
        unique_fields=["worker"],
        update_fields=["is_asn", "bpjs_active", "updated_at"],
    )
    return declaration


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def rule_save(
    *, rule: EligibilityRule, before: dict[str, Any] | None, by: Any, request: HttpRequest | None = None
) -> EligibilityRule:
    """Create or change a rule, audit old and new values, and re-evaluate pending workers in the background."""
    after = {f: _jsonable(getattr(rule, f)) for f in RULE_FIELDS}
    with transaction.atomic():
        creating = rule.pk is None
        rule.save()
        if creating:
            changes: dict[str, Any] = after
        else:
            changes = {f: [before.get(f), v] for f, v in after.items() if before and before.get(f) != v}
        audit_log(
            actor=by,
            action="eligibility.rule_create" if creating else "eligibility.rule_update",
            obj=rule,
            changes=changes,
            request=request,
        )
        from .tasks import reevaluate_pending

        transaction.on_commit(lambda: reevaluate_pending.enqueue())
    return rule


def rule_snapshot(rule: EligibilityRule) -> dict[str, Any]:
    return {f: _jsonable(getattr(rule, f)) for f in RULE_FIELDS}
