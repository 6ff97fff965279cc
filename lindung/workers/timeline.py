"""A worker's history as the worker page tells it: every audited event in plain words, oldest first.

Workers written in bulk (an import's COPY, the demo) have no per-row audit event — the import has one for the
whole file — so their first entry is told from the row itself: when, by whom and from which source it came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.audit.labels import action_label
from lindung.audit.models import AuditEvent

from .change_words import field_label, readable_changes
from .models import Status, Worker

LABELS = {
    "worker.create": gettext_lazy("Data dicatat"),
    "worker.update": gettext_lazy("Data diubah"),
    "worker.import_update": gettext_lazy("Diperbarui dari impor berkas sumber yang lebih baru"),
    "worker.flag_clear": gettext_lazy("Tanda pemeriksaan diselesaikan"),
    "worker.status": gettext_lazy("Status diubah"),
    "worker.view_nik": gettext_lazy("NIK lengkap dilihat"),
    "worker.merge": gettext_lazy("Data ganda digabungkan ke data ini"),
    "worker.merged_into": gettext_lazy("Digabungkan ke data lain (data ganda)"),
    "eligibility.override": gettext_lazy("Disetujui dengan pengecualian aturan kelayakan"),
    "dedup.different": gettext_lazy("Dinyatakan orang berbeda dari data yang mirip"),
    "privacy.export": gettext_lazy("Salinan data pribadi diekspor"),
    "privacy.consent_withdraw": gettext_lazy("Persetujuan penggunaan data ditarik"),
    "privacy.consent_give": gettext_lazy("Persetujuan penggunaan data diberikan"),
    "privacy.anonymise": gettext_lazy("Data pribadi dianonimkan"),
    "api.create": gettext_lazy("Dicatat lewat API"),
    "api.read": gettext_lazy("Dibaca lewat API"),
    "api.view_nik": gettext_lazy("NIK lengkap dibaca lewat API"),
    "intake.repeat": gettext_lazy("Pengajuan baru dengan NIK ini"),
    "intake.repeat_handled": gettext_lazy("Pengajuan ulang ditangani"),
}


@dataclass
class Entry:
    at: datetime
    actor: Any
    label: str
    summary: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def _summary(event: AuditEvent) -> str:
    changes = event.changes or {}
    if event.action == "worker.status" and isinstance(changes.get("status"), list):
        frm, to = changes["status"]
        words = " → ".join(str(Status(s).label) if s in Status.values else str(s) for s in (frm, to) if s)
        extra = "; ".join(str(changes[k]) for k in ("reason", "note") if changes.get(k))
        return f"{words}{' · ' + extra if extra else ''}"
    if event.action == "worker.update":
        return ", ".join(field_label(k) for k in changes)
    if event.action == "worker.import_update":
        return _("impor #%(job)s") % {"job": changes.get("import", "?")}
    if event.action == "worker.flag_clear":
        return str(changes.get("note", ""))
    return ""


def worker_timeline(worker: Worker) -> list[Entry]:
    events = list(
        AuditEvent.objects.filter(object_type="workers.worker", object_id=str(worker.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    entries = [
        Entry(
            at=e.at,
            actor=e.actor,
            label=str(LABELS[e.action]) if e.action in LABELS else action_label(e.action, e.object_type),
            summary=_summary(e),
            changes={}
            if e.action in ("worker.status", "worker.flag_clear")
            else readable_changes(e.changes or {}),
        )
        for e in events
    ]
    if not any(e.action in ("worker.create", "api.create") for e in events):
        came = _("Masuk registri dari sumber: %(source)s") % {"source": worker.get_source_display()}
        if worker.source_ref:
            came += " · " + _("ID sumber %(ref)s") % {"ref": worker.source_ref}
        if worker.source_note:
            came += " · " + worker.source_note
        entries.insert(0, Entry(at=worker.created_at, actor=worker.created_by, label=came))
    return entries
