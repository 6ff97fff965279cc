"""The registry-wide duplicate scan: load, run the engine, keep the pairs for review (a background task)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.leases import lease
from lindung.workers.models import Worker

from .engine import DEFAULT_THRESHOLD, Candidate, Registry
from .learning import current_weights, estimate
from .matching import scan
from .models import Decision, DuplicateCandidate, DuplicateScan, MatchWeights
from .wordcounts import word_counts_store

COLUMNS = (
    "id", "nik", "kk", "name", "name_key", "birth_date", "desa_id", "sex", "source_ref", "phone", "address",
    "birth_place", "occupation_id",
)  # fmt: skip


def load_registry(kabupaten: str = "", *, also: Iterable[int] = ()) -> tuple[Registry, dict[int, str]]:
    """Every active worker (of one kabupaten, or all) as an engine registry, plus source_ref by id. `also`:
    ids of merged workers to load as well (the reviewed pairs the weights learn from)."""
    workers = Worker.objects.filter(Q(merged_into__isnull=True) | Q(pk__in=list(also)))
    if kabupaten:
        workers = workers.filter(kabupaten_id=kabupaten)
    cols: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    # In id order whatever index the database picks (a pair is written first-loaded → second), so a scan
    # reports the same pairs the same way round on SQLite and PostgreSQL.
    for row in workers.order_by("pk").values_list(*COLUMNS).iterator(chunk_size=20_000):
        for name, value in zip(COLUMNS, row, strict=True):
            cols[name].append(value)
    reg = Registry(
        ids=cols["id"],
        niks=cols["nik"],
        names=cols["name"],
        births=cols["birth_date"],
        desas=[str(d) for d in cols["desa_id"]],
        sexes=cols["sex"],
        kks=cols["kk"],
        name_keys=cols["name_key"],
        phones=cols["phone"],
        addresses=cols["address"],
        birth_places=cols["birth_place"],
        occupations=[str(o or "") for o in cols["occupation_id"]],
        weights=current_weights(kabupaten),
        whole=True,
    )
    return reg, dict(zip(cols["id"], cols["source_ref"], strict=True))


def find_pairs(
    *, kabupaten: str = "", min_score: float = DEFAULT_THRESHOLD, progress: Any = None
) -> tuple[list[Candidate], Registry, dict[int, str]]:
    """The scored pairs of the whole registry, the registry they came from and source_ref by worker id."""
    reg, refs = load_registry(kabupaten)
    # Pairs a verifier already called two people are left out before the consistency step, so that such a
    # pair cannot hide another match of either record.
    different = DuplicateCandidate.objects.filter(decision=Decision.DIFFERENT).values_list(
        "worker_a_id", "worker_b_id"
    )
    return scan(reg, threshold=min_score, progress=progress, different=different), reg, refs


def match_weights_estimate(*, kabupaten: str = "") -> MatchWeights:
    """Estimate the learned weights on the registry (`learning.estimate`), the reviewed pairs as
    labels, and store them with their date: the next scan and every one-applicant check use them. The name
    word counts of the whole deployment are stored again too (`wordcounts`), for the one-applicant check."""
    decided = list(
        DuplicateCandidate.objects.exclude(decision=Decision.PENDING).values_list(
            "worker_a_id", "worker_b_id", "decision"
        )
    )
    reg, _refs = load_registry(kabupaten, also={pk for a, b, _d in decided for pk in (a, b)})
    result = estimate(reg, labels=[(a, b, d == Decision.SAME) for a, b, d in decided])
    word_counts_store()
    return MatchWeights.objects.create(
        kabupaten=kabupaten,
        weights=result["weights"],
        records=reg.n,
        pairs=result["pairs"],
        labelled=result["labelled"],
        match_share=result["match_share"],
        iterations=result["iterations"],
    )


def store_pairs(pairs: list[Candidate]) -> int:
    """Upsert pending pairs; pairs already decided are left as they are. Returns how many are new."""
    existing = {
        (a, b): (pk, decision)
        for pk, a, b, decision in DuplicateCandidate.objects.values_list(
            "pk", "worker_a_id", "worker_b_id", "decision"
        )
    }
    new, changed = [], []
    for c in pairs:
        a, b = (c.a, c.b) if c.a < c.b else (c.b, c.a)
        found = existing.get((a, b))
        if found is None:
            new.append(DuplicateCandidate(worker_a_id=a, worker_b_id=b, score=c.score, reasons=c.reasons))
        elif found[1] == Decision.PENDING:
            changed.append(
                DuplicateCandidate(pk=found[0], score=c.score, reasons=c.reasons, updated_at=timezone.now())
            )
    with transaction.atomic():
        DuplicateCandidate.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        DuplicateCandidate.objects.bulk_update(changed, ["score", "reasons", "updated_at"], batch_size=2000)
    return len(new)


def duplicate_scan_start(
    *, by: Any, kabupaten: str = "", min_score: float = DEFAULT_THRESHOLD
) -> DuplicateScan:
    """Queue a scan; the `db_worker` runs it and the review page shows its progress."""
    from .tasks import run_duplicate_scan

    scan_row = DuplicateScan.objects.create(
        kabupaten=kabupaten, min_score=min_score, created_by=by if getattr(by, "pk", None) else None
    )
    transaction.on_commit(lambda: run_duplicate_scan.enqueue(scan_row.pk))
    return scan_row


def scans_fail_stalled() -> int:
    """Mark failed the scans whose worker died mid-run, so a new scan can start. Returns how many."""
    stalled = [s.pk for s in DuplicateScan.objects.filter(status=DuplicateScan.Status.RUNNING) if s.stalled]
    return DuplicateScan.objects.filter(pk__in=stalled, status=DuplicateScan.Status.RUNNING).update(
        status=DuplicateScan.Status.FAILED,
        finished_at=timezone.now(),
        error=_("Terhenti: pekerja latar belakang mati sebelum selesai; tidak ada pasangan yang disimpan."),
    )


def run_scan(scan_id: int) -> DuplicateScan:
    # The lease tells the pages that a live worker runs this scan (core.leases).
    with lease(f"scan:{scan_id}"):
        return _run_scan(scan_id)


def _run_scan(scan_id: int) -> DuplicateScan:
    row = DuplicateScan.objects.get(pk=scan_id)
    row.status, row.started_at, row.progress = DuplicateScan.Status.RUNNING, timezone.now(), 1
    row.save(update_fields=["status", "started_at", "progress"])
    last = {"at": 0.0}

    def progress(fraction: float) -> None:
        # The engine reports often; the database hears about it every two seconds at most.
        if time.monotonic() - last["at"] >= 2.0:
            last["at"] = time.monotonic()
            DuplicateScan.objects.filter(pk=scan_id).update(progress=min(95, 5 + int(fraction * 85)))

    try:
        pairs, reg, _refs = find_pairs(kabupaten=row.kabupaten, min_score=row.min_score, progress=progress)
        row.pairs_new = store_pairs(pairs)
        row.records, row.pairs_found = reg.n, len(pairs)
        row.status, row.progress = DuplicateScan.Status.DONE, 100
    except Exception as exc:
        row.status, row.error = DuplicateScan.Status.FAILED, f"{type(exc).__name__}: {exc}"
        row.finished_at = timezone.now()
        row.save()
        raise
    row.finished_at = timezone.now()
    row.save()
    weights_refresh(row.kabupaten)
    return row


WEIGHTS_MAX_AGE = dt.timedelta(days=7)


def match_weights_due(kabupaten: str = "") -> bool:
    """No estimate yet, the newest a week old, or pairs decided since it was made."""
    newest = MatchWeights.objects.filter(kabupaten=kabupaten).values_list("estimated_at", flat=True).first()
    if newest is None or timezone.now() - newest >= WEIGHTS_MAX_AGE:
        return True
    return (
        DuplicateCandidate.objects.exclude(decision=Decision.PENDING).filter(decided_at__gt=newest).exists()
    )


def weights_refresh(kabupaten: str = "") -> bool:
    """Queue a new estimate of the weights when the newest is older than a week (or there is none): the
    registry changes with every import, and the reviews decided since then teach it. Returns whether queued."""
    from .tasks import estimate_match_weights

    newest = MatchWeights.objects.filter(kabupaten=kabupaten).values_list("estimated_at", flat=True).first()
    if newest is not None and timezone.now() - newest < WEIGHTS_MAX_AGE:
        return False
    transaction.on_commit(lambda: estimate_match_weights.enqueue(kabupaten))
    return True
