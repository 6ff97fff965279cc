"""Writes to the registry: create and edit, each audited with old and new values."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log

from .models import StatusChange, Worker, WorkerFlag
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


def worker_flag_clear(
    *, flag: WorkerFlag, by: Any, note: str, request: HttpRequest | None = None
) -> WorkerFlag:
    """Close a flag once the verifier has looked (the KTP/KK, the person's real work); the note says what
    they found. Conditional on the flag still being open, so two verifiers never both close it."""
    note = " ".join(note.split())
    if not note:
        raise FlagError(
            _("Tulis apa yang sudah dipastikan (misalnya tanggal lahir yang benar menurut KTP/KK).")
        )
    with transaction.atomic():
        now = timezone.now()
        closed = WorkerFlag.objects.filter(pk=flag.pk, cleared_at__isnull=True).update(
            cleared_at=now, cleared_by=by if getattr(by, "pk", None) else None, clear_note=note
        )
        if not closed:
            raise FlagError(_("Tanda ini sudah diselesaikan oleh pengguna lain."))
        audit_log(
            actor=by,
            action="worker.flag_clear",
            obj=flag.worker,
            changes={"flag": flag.kind, "detail": flag.detail, "note": note},
            request=request,
        )
    flag.refresh_from_db()
    return flag


class FlagError(Exception):
    """A flag action refused; the message says why."""
