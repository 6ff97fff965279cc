"""Demo people entered and decided the way staff do it: the staff form, the registry service, the queue's decision.

A demo step that needs a particular person (a 65-year-old, an approval with an override) records them here
instead of writing rows, so every rule of field entry, duplicate checking and eligibility applies to them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lindung.accounts.models import Agency, Role, User
from lindung.accounts.selectors import kabupaten_code_of
from lindung.eligibility.services import eligibility_refresh
from lindung.regions.models import Region
from lindung.verification.services import worker_decide
from lindung.workers import services
from lindung.workers.forms import WorkerForm
from lindung.workers.models import Source, Status, Worker
from lindung.workers.selectors import regions_visible_to

CONSENT_VERSION = "2026-01"


def enter_worker(*, user: User, data: dict[str, Any], source_ref: str) -> Worker:
    """Save one person through the staff entry form as `user` would; an invalid form is a bug in the demo."""
    agencies = Agency.objects.filter(kabupaten__code=user.area.code[:5] if user.area else "")
    if user.role == Role.OPERATOR_OPD:
        agencies = agencies.filter(pk=user.agency_id or 0)
    form = WorkerForm(
        data,
        desa_queryset=regions_visible_to(user, Region.Level.DESA),
        agency_queryset=agencies,
        non_asn_only=user.role == Role.OPERATOR_OPD,
        kabupaten=kabupaten_code_of(user),
    )
    if not form.is_valid():
        raise RuntimeError(f"demo worker {data.get('name')}: {form.errors.as_text()}")
    worker: Worker = form.save(commit=False)
    worker.source = Source.OPD if user.role == Role.OPERATOR_OPD else Source.PETUGAS
    worker.source_ref = source_ref
    # The operator read the consent text to the worker during the visit (the paper form is signed).
    worker.consent_at, worker.consent_version = timezone.now(), CONSENT_VERSION
    services.worker_create(worker=worker, by=user)
    eligibility_refresh(worker=worker)
    return worker


def verify_and_approve(
    *, worker: Worker, verifier: User, approver: User, override_note: str = "", note: str = ""
) -> Worker:
    """Diajukan → diverifikasi (the operator) → disetujui (the dinas); raises TransitionError when refused."""
    if worker.status == Status.DIAJUKAN:
        worker = worker_decide(
            worker=worker, to=Status.DIVERIFIKASI, by=verifier, expected_version=worker.version, note=note
        )
    return worker_decide(
        worker=worker,
        to=Status.DISETUJUI,
        by=approver,
        expected_version=worker.version,
        override_note=override_note,
    )
