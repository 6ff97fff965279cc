"""Bulk actions of the work queues: every row on its own, so one conflict does not undo the others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log
from lindung.eligibility.rules import evaluate
from lindung.eligibility.services import eligibility_refresh
from lindung.workers.models import Status, Worker
from lindung.workers.workflow import ConflictError, TransitionError, worker_transition

from .duplicates import approval_gate
from .models import EligibilityOverride

ACTIONS = {
    "verify": Status.DIVERIFIKASI,
    "approve": Status.DISETUJUI,
    "return": Status.DIKEMBALIKAN,
    "reject": Status.DITOLAK,
}


@dataclass
class RowOutcome:
    worker: Worker | None
    pk: str
    ok: bool
    message: str


class IneligibleError(TransitionError):
    pass


class FlagOpenError(TransitionError):
    pass


def flags_gate(worker: Worker) -> None:
    """Approval waits for the verifier to settle what an import flagged (WorkerFlag): the person's birth date
    from the KTP/KK, or whether someone listed as not working does work."""
    open_flags = list(worker.flags.filter(cleared_at__isnull=True).values_list("detail", flat=True))
    if open_flags:
        raise FlagOpenError(
            _(
                "Ada tanda pemeriksaan yang belum diselesaikan: %(what)s Selesaikan di halaman pekerja, lalu setujui lagi."
            )
            % {"what": " ".join(open_flags)}
        )


def worker_decide(
    *,
    worker: Worker,
    to: str,
    by: Any,
    expected_version: int,
    reason: str = "",
    note: str = "",
    override_note: str = "",
    request: HttpRequest | None = None,
) -> Worker:
    """One decision on a worker, from a queue or the worker's page.

    Approval first looks for likely duplicates (refused while a pair is undecided), then checks eligibility now:
    a failing rule needs an explicit override, which is recorded.
    """
    if worker.version != expected_version:
        # Someone acted on this worker after the page was opened: say so before any other check.
        raise ConflictError(
            _("Data pekerja ini baru saja diubah oleh pengguna lain. Muat ulang halaman lalu periksa lagi.")
        )
    if to == Status.DISETUJUI:
        flags_gate(worker)
        approval_gate(worker, by=by)  # outside the transaction: the pairs it finds stay for the review queue
    with transaction.atomic():
        failures = []
        if to == Status.DISETUJUI:
            failures = [r for r in evaluate(worker) if not r.passed]
            if failures and not override_note.strip():
                raise IneligibleError(
                    _(
                        "Tidak memenuhi syarat: %(reason)s Centang pengecualian dan tulis alasannya bila tetap disetujui."
                    )
                    % {"reason": failures[0].reason}
                )
        if failures:
            note = (note + "\n" if note else "") + _("Pengecualian aturan kelayakan: %(why)s") % {
                "why": override_note.strip()
            }
        worker_transition(
            worker=worker,
            to=to,
            by=by,
            reason=reason,
            note=note,
            expected_version=expected_version,
            request=request,
        )
        if failures:
            failed = [{"rule": r.rule.pk, "kind": r.rule.kind, "reason": r.reason} for r in failures]
            EligibilityOverride.objects.create(
                worker=worker, by=by, note=override_note.strip(), failed=failed
            )
            audit_log(
                actor=by,
                action="eligibility.override",
                obj=worker,
                changes={"note": override_note.strip(), "failed": failed},
                request=request,
            )
        eligibility_refresh(worker=worker)
    return worker


def bulk_decide(
    *,
    workers: dict[str, Worker],
    versions: dict[str, int | None],
    to: str,
    by: Any,
    reason: str = "",
    note: str = "",
    override_note: str = "",
    request: HttpRequest | None = None,
) -> list[RowOutcome]:
    outcomes = []
    for pk, version in versions.items():
        worker = workers.get(pk)
        if worker is None:
            outcomes.append(RowOutcome(None, pk, False, _("Pekerja tidak ditemukan di wilayah Anda.")))
            continue
        if version is None:
            outcomes.append(RowOutcome(worker, pk, False, _("Versi data tidak terbaca; muat ulang halaman.")))
            continue
        try:
            worker_decide(
                worker=worker,
                to=to,
                by=by,
                expected_version=version,
                reason=reason,
                note=note,
                override_note=override_note,
                request=request,
            )
        except TransitionError as exc:
            outcomes.append(RowOutcome(worker, pk, False, str(exc)))
        else:
            outcomes.append(
                RowOutcome(worker, pk, True, _("Status menjadi %(s)s.") % {"s": Status(to).label})
            )
    return outcomes
