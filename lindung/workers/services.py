"""Writes to the registry: create and edit, each audited with old and new values."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log

from .models import StatusChange, Worker
from .workflow import ConflictError

TRACKED = [
    "nik",
    "kk",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "desa_id",
    "phone",
    "occupation_id",
    "income",
    "segment",
    "agency_id",
    "desil",
    "source",
    "source_ref",
]


def _snapshot(worker: Worker) -> dict[str, Any]:
    return {field: getattr(worker, field) for field in TRACKED}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def worker_create(*, worker: Worker, by: Any, request: HttpRequest | None = None) -> Worker:
    with transaction.atomic():
        worker.created_by = by if getattr(by, "pk", None) else None
        worker.save()
        StatusChange.objects.create(
            worker=worker, from_status="", to_status=worker.status, by=worker.created_by
        )
        audit_log(
            actor=by,
            action="worker.create",
            obj=worker,
            changes={k: _jsonable(v) for k, v in _snapshot(worker).items()},
            request=request,
        )
    return worker


def worker_update(
    *,
    worker: Worker,
    before: dict[str, Any],
    expected_version: int | None,
    by: Any,
    request: HttpRequest | None = None,
) -> Worker:
    """Save an edited worker if nobody else changed it since the form was opened."""
    changes = {
        k: [_jsonable(before[k]), _jsonable(v)] for k, v in _snapshot(worker).items() if before.get(k) != v
    }
    if not changes:
        return worker
    with transaction.atomic():
        version = worker.version if expected_version is None else expected_version
        locked = Worker.objects.select_for_update().filter(pk=worker.pk, version=version)
        if not locked.exists():
            raise ConflictError(
                _(
                    "Data pekerja ini baru saja diubah oleh pengguna lain. Muat ulang halaman lalu periksa lagi."
                )
            )
        worker.version = version + 1
        worker.save()
        audit_log(actor=by, action="worker.update", obj=worker, changes=changes, request=request)
    return worker


def snapshot(worker: Worker) -> dict[str, Any]:
    return _snapshot(worker)
