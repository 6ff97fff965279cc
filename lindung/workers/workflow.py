"""The one owner of a worker's status. Every transition is checked, timed, attributed and audited here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lindung.accounts.models import Role
from lindung.audit.services import audit_log

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
        raise TransitionError(_("Alasan wajib diisi untuk status %(to)s.") % {"to": S(to).label})
    version = worker.version if expected_version is None else expected_version
    with transaction.atomic():
        updated = Worker.objects.filter(pk=worker.pk, status=frm, version=version).update(
            status=to, version=F("version") + 1
        )
        if not updated:
            raise ConflictError(
                _(
                    "Data pekerja ini baru saja diubah oleh pengguna lain. Muat ulang halaman lalu periksa lagi."
                )
            )
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
