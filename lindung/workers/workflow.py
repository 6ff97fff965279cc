"""The one owner of a worker's status. Every transition is checked, timed, attributed and audited here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.accounts.models import Role
from lindung.audit.services import audit_log, audit_log_bulk
from lindung.core.bulk import insert_rows

from .models import Status as S
from .models import StatusChange, Worker

VERIFIERS = {Role.OPERATOR_DESA, Role.OPERATOR_KECAMATAN, Role.OPERATOR_OPD, Role.ADMIN_DINAS}
DINAS = {Role.ADMIN_DINAS}


@dataclass(frozen=True)
class Step:
    roles: frozenset[str]
    needs_reason: bool = False


TRANSITIONS: dict[tuple[str, str], Step] = {
    (S.DIAJUKAN, S.DIVERIFIKASI): Step(frozenset(VERIFIERS)),
    (S.DIAJUKAN, S.DIKEMBALIKAN): Step(frozenset(VERIFIERS), needs_reason=True),
    (S.DIAJUKAN, S.DITOLAK): Step(frozenset(VERIFIERS), needs_reason=True),
    (S.DIVERIFIKASI, S.DISETUJUI): Step(frozenset(DINAS)),
    (S.DIVERIFIKASI, S.DIKEMBALIKAN): Step(frozenset(VERIFIERS), needs_reason=True),
    (S.DIVERIFIKASI, S.DITOLAK): Step(frozenset(DINAS), needs_reason=True),
    (S.DIKEMBALIKAN, S.DIAJUKAN): Step(frozenset(VERIFIERS)),
    (S.DISETUJUI, S.DIUSULKAN): Step(frozenset(DINAS)),
    (S.DISETUJUI, S.DITOLAK): Step(frozenset(DINAS), needs_reason=True),
    (S.DIUSULKAN, S.TERDAFTAR): Step(frozenset(DINAS | {Role.PETUGAS_BPJS})),
    (S.DIUSULKAN, S.DISETUJUI): Step(frozenset(DINAS | {Role.PETUGAS_BPJS}), needs_reason=True),
}

REJECTION_REASONS = [
    ("usia", "Usia di luar batas program"),
    ("domisili", "Bukan penduduk kabupaten ini"),
    ("asn", "ASN, TNI, atau Polri"),
    ("sudah_peserta", "Sudah menjadi peserta aktif BPJS Ketenagakerjaan"),
    ("penerima_upah", "Pekerja penerima upah (ada pemberi kerja)"),
    ("data_palsu", "Data tidak dapat dipastikan kebenarannya"),
    ("ganda", "Data ganda"),
    ("meninggal", "Meninggal dunia"),
    ("lainnya", "Lainnya (lihat catatan)"),
]


STALE = gettext_lazy(
    "Data pekerja ini baru saja diubah oleh pengguna lain. Muat ulang halaman lalu periksa lagi."
)


def missing_reason_message(to: str) -> str:
    """What to fill in: a return has no list of reasons, only the note saying what to correct."""
    if to == S.DIKEMBALIKAN:
        return _("Catatan wajib diisi untuk status %(to)s: tulis apa yang harus diperbaiki.") % {
            "to": S(to).label
        }
    return _("Pilih alasan dari daftar atau tulis catatan untuk status %(to)s.") % {"to": S(to).label}


class TransitionError(Exception):
    """A refused transition; the message says why in words the operator understands."""


class ConflictError(TransitionError):
    pass


def allowed_targets(worker: Worker, user: Any) -> list[str]:
    return [to for (frm, to), step in TRANSITIONS.items() if frm == worker.status and _may(user, step)]


def _may(user: Any, step: Step) -> bool:
    return bool(user.is_superuser or user.role in step.roles)


def worker_transition(
    *,
    worker: Worker,
    to: str,
    by: Any,
    reason: str = "",
    note: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Worker:
    """Move a worker to `to`, or raise TransitionError saying why not.

    The update is conditional on the status and version the caller saw, so two verifiers acting at
    once cannot both succeed: the second gets a ConflictError instead of silently overwriting.
    """
    frm = worker.status
    step = TRANSITIONS.get((frm, to))
    if step is None:
        raise TransitionError(
            _("Status tidak bisa diubah dari %(frm)s ke %(to)s.") % {"frm": S(frm).label, "to": S(to).label}
        )
    if not _may(by, step):
        raise TransitionError(
            _("Peran Anda tidak berwenang mengubah status ke %(to)s.") % {"to": S(to).label}
        )
    if step.needs_reason and not (reason or note.strip()):
        raise TransitionError(missing_reason_message(to))
    version = worker.version if expected_version is None else expected_version
    with transaction.atomic():
        updated = Worker.objects.filter(pk=worker.pk, status=frm, version=version).update(
            status=to, version=F("version") + 1
        )
        if not updated:
            raise ConflictError(str(STALE))
        StatusChange.objects.create(
            worker=worker, from_status=frm, to_status=to, by=by, reason=reason, note=note
        )
        audit_log(
            actor=by,
            action="worker.status",
            obj=worker,
            changes={"status": [frm, to], "reason": reason, "note": note},
            request=request,
        )
    worker.refresh_from_db(fields=["status", "version", "updated_at"])
    return worker


@dataclass
class Move:
    """One worker of a bulk transition, as the caller checked it (its status and version)."""

    worker: Worker
    note: str = ""
    reason: str = ""


@dataclass
class BulkOutcome:
    moved: list[Worker] = field(default_factory=list)
    # (worker, why not): the step is not allowed, as worker_transition would have raised it.
    refused: list[tuple[Worker, str]] = field(default_factory=list)
    # Changed by someone else since the caller read them (status or version): left as they are.
    stale: list[Worker] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """A StatusChange a bulk transition wrote, as its listeners read it (without a model instance each)."""

    worker: Worker
    from_status: str
    to_status: str
    reason: str
    note: str


# Sent once per bulk transition with a ChangeRecord for every StatusChange row it wrote (bulk inserts send no
# post_save): the notices app queues its messages for the whole set in one pass.
status_changes_created = Signal()

CHUNK = 2000


def _refusal(worker: Worker, to: str, by: Any, move: Move) -> str | None:
    step = TRANSITIONS.get((worker.status, to))
    if step is None:
        return _("Status tidak bisa diubah dari %(frm)s ke %(to)s.") % {
            "frm": S(worker.status).label,
            "to": S(to).label,
        }
    if not _may(by, step):
        return _("Peran Anda tidak berwenang mengubah status ke %(to)s.") % {"to": S(to).label}
    if step.needs_reason and not (move.reason or move.note.strip()):
        return missing_reason_message(to)
    return None


def workers_transition_bulk(
    *, moves: Sequence[Move], to: str, by: Any, request: HttpRequest | None = None
) -> BulkOutcome:
    """worker_transition for many workers at once: the same checks, StatusChange rows, audit events and notices,
    written a few statements per thousand workers instead of several per worker.

    A step worker_transition would refuse comes back in `refused` with its message; a worker whose row changed
    since the caller read it (another status or version) in `stale`, left as it is. The caller decides whether
    either spoils the whole set (raise inside its transaction: nothing is written) or is reported. The rows are locked
    (PostgreSQL; SQLite's IMMEDIATE transaction holds its one write lock) between the check and the update,
    so nothing moves in between. The moved workers come back with their new status and version.
    """
    outcome = BulkOutcome()
    candidates: list[Move] = []
    for move in moves:
        why = _refusal(move.worker, to, by, move)
        if why is None:
            candidates.append(move)
        else:
            outcome.refused.append((move.worker, why))
    with transaction.atomic():
        for start in range(0, len(candidates), CHUNK):
            chunk = candidates[start : start + CHUNK]
            current = {
                pk: (status, version)
                for pk, status, version in Worker.objects.select_for_update()
                .filter(pk__in=[m.worker.pk for m in chunk])
                .order_by("pk")
                .values_list("pk", "status", "version")
            }
            fresh: list[Move] = []
            for move in chunk:
                if current.get(move.worker.pk) == (move.worker.status, move.worker.version):
                    fresh.append(move)
                else:
                    outcome.stale.append(move.worker)
            by_status: dict[str, list[int]] = {}
            for move in fresh:
                by_status.setdefault(move.worker.status, []).append(move.worker.pk)
            for frm, pks in by_status.items():
                updated = Worker.objects.filter(pk__in=pks, status=frm).update(
                    status=to, version=F("version") + 1
                )
                if updated != len(pks):  # cannot happen under the lock; never write half a chunk
                    raise ConflictError(str(STALE))
            now = timezone.now()
            by_id = by.pk if getattr(by, "pk", None) else None
            insert_rows(
                StatusChange,
                ["worker", "from_status", "to_status", "by", "at", "reason", "note"],
                ((m.worker.pk, m.worker.status, to, by_id, now, m.reason, m.note) for m in fresh),
            )
            audit_log_bulk(
                actor=by,
                action="worker.status",
                entries=[
                    (
                        move.worker,
                        {"status": [move.worker.status, to], "reason": move.reason, "note": move.note},
                    )
                    for move in fresh
                ],
                request=request,
            )
            changes = [ChangeRecord(m.worker, m.worker.status, to, m.reason, m.note) for m in fresh]
            for move in fresh:
                move.worker.status, move.worker.version = to, move.worker.version + 1
                outcome.moved.append(move.worker)
            status_changes_created.send(sender=StatusChange, changes=changes)
    return outcome
