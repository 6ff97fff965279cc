"""Likely duplicates at the moments a person is committed to: field entry, a public application, approval.

The engine (lindung.dedup) finds the candidates; this module decides what each moment does with them. Entry shows
them to the operator before saving. A public application keeps them in the review queue (the applicant never sees
them). Approval by the dinas is refused while a pair that the approver can see is still undecided: deciding it in
the review queue ("orang yang sama" merges, "orang berbeda" is remembered) is what lets the approval through.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindung.dedup.models import Decision, DuplicateCandidate
from lindung.dedup.services import Match, candidates_for, candidates_remember
from lindung.workers.models import Worker
from lindung.workers.selectors import workers_visible_to
from lindung.workers.workflow import TransitionError


class DuplicatePendingError(TransitionError):
    pass


def duplicates_at_entry(worker: Worker, *, user: Any) -> list[Match]:
    """Candidates for a person not yet saved (an unsaved Worker from the form), best first."""
    return candidates_for(worker, user=user)


def duplicates_pending(worker: Worker, *, user: Any) -> list[DuplicateCandidate]:
    """Undecided pairs of this worker whose other record the user may see, best first."""
    visible = workers_visible_to(user)
    return list(
        DuplicateCandidate.objects.filter(Q(worker_a=worker) | Q(worker_b=worker), decision=Decision.PENDING)
        .filter(
            Q(worker_a=worker, worker_b__in=visible.values("pk"))
            | Q(worker_b=worker, worker_a__in=visible.values("pk"))
        )
        .select_related("worker_a", "worker_b")
        .order_by("-score")
    )


def approval_gate(worker: Worker, *, by: Any) -> None:
    """Look again (the registry may have grown since entry) and refuse while a pair is undecided."""
    candidates_remember(worker=worker)
    pending = duplicates_pending(worker, user=by)
    if not pending:
        return
    others = [p.worker_b if p.worker_a_id == worker.pk else p.worker_a for p in pending[:3]]
    raise DuplicatePendingError(
        ngettext(
            "Ada %(n)d kemungkinan data ganda yang belum diputuskan (%(names)s).",
            "Ada %(n)d kemungkinan data ganda yang belum diputuskan (%(names)s).",
            len(pending),
        )
        % {"n": len(pending), "names": ", ".join(o.name for o in others)}
        + " "
        + _("Putuskan dulu di Antrean data ganda: orang yang sama atau orang berbeda, lalu setujui lagi.")
    )
