"""A newer extract of a source updates what that source is authoritative for on workers registered already.

P3KE decides a person's desil and its own ID (ID Individu); Dukcapil (a SIAK export) the no. KK and the address.
The check lists every change (registered worker, field, value now, value in the file) in the preview and on the
report's sheet "Perubahan data", marking those of workers an operator has verified already (status past
Diajukan): nothing changes before the user presses Simpan. The commit then applies them set-based (one query per
field and batch, not per worker), only where the value is still the one the preview showed, and writes one
history entry per worker (an audit event the worker page's timeline tells). An empty cell never blanks a value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.audit.models import AuditEvent
from lindung.lib.nik import mask_nik
from lindung.workers.models import Source, Status, Worker

from .cells import is_blank
from .results import STAGE_FIELDS, RowResult

AUTHORITY: dict[str, tuple[str, ...]] = {
    Source.P3KE: ("desil", "source_ref"),
    Source.DUKCAPIL: ("kk", "address"),
}
LABELS = {
    "desil": gettext_lazy("Desil"),
    "source_ref": gettext_lazy("ID sumber"),
    "kk": gettext_lazy("Nomor KK"),
    "address": gettext_lazy("Alamat"),
}
STAGED_AT = {name: i for i, name in enumerate(STAGE_FIELDS)}
APPLY_BATCH = 2000
# The changes file: one line per changed field.
HEADER = ["worker_id", "field", "old", "new", "verified", "nik", "name", "row"]


def authoritative_fields(source: str) -> tuple[str, ...]:
    return AUTHORITY.get(source, ())


def changes_path(media_root: Path, job_id: int) -> Path:
    return media_root / "imports" / "staged" / f"impor-{job_id}-perubahan.csv"


def _as_text(value: Any) -> str:
    return "" if value is None else str(value)


class ChangeFinder:
    """Compares a chunk's registered rows with the registry (one query a chunk) and writes what differs."""

    def __init__(self, *, fields: tuple[str, ...], columns: dict[str, int], path: Path) -> None:
        # The ID column may be missing or empty: the checker then makes a reference from the file name, which
        # is no P3KE ID.
        self.fields = tuple(f for f in fields if f != "source_ref" or "id_sumber" in columns)
        self.ref_at = columns.get("id_sumber", -1)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("w", newline="", encoding="utf-8")
        self._csv = csv.writer(self._file)
        self._csv.writerow(HEADER)
        self.workers = 0
        self.verified = 0

    def add(self, rows: list[RowResult]) -> list[list[str]]:
        """The changes of these rows (for the report), written to the changes file too."""
        by_nik = {r.nik: r for r in rows if r.staged is not None}
        if not by_nik or not self.fields:
            return []
        current = Worker.objects.filter(nik__in=list(by_nik), merged_into__isnull=True).values_list(
            "pk", "nik", "name", "status", *self.fields
        )
        found: list[list[str]] = []
        for pk, nik, name, status, *values in current:
            row = by_nik[nik]
            staged = row.staged
            assert staged is not None
            verified = status != Status.DIAJUKAN
            changed = False
            for field, old in zip(self.fields, values, strict=True):
                new = staged[STAGED_AT[field]]
                if field == "source_ref" and (
                    self.ref_at >= len(row.cells) or is_blank(row.cells[self.ref_at])
                ):
                    continue
                if new == "" or new == _as_text(old):
                    continue
                changed = True
                found.append(
                    [str(pk), field, _as_text(old), new, "1" if verified else "", nik, name, str(row.row_no)]
                )
            if changed:
                self.workers += 1
                self.verified += verified
        self._csv.writerows(found)
        return found

    def close(self) -> None:
        self._file.close()


def read_changes(path: Path) -> Iterator[list[str]]:
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader, None)
        yield from reader


def preview_changes(path: Path, limit: int = 50) -> list[dict[str, Any]]:
    """The first changes for the preview page, each as a dict the template reads."""
    shown = []
    for worker_id, field, old, new, verified, nik, name, row in read_changes(path):
        shown.append(
            {
                "worker_id": int(worker_id),
                "field": str(LABELS.get(field, field)),
                "old": old or "—",
                "new": new,
                "verified": bool(verified),
                "nik": mask_nik(nik),
                "name": name,
                "row": row,
            }
        )
        if len(shown) >= limit:
            break
    return shown


def apply_changes(*, path: Path, job_id: int, user_id: int | None) -> int:
    """Apply the previewed changes; returns how many workers changed. Must run inside transaction.atomic().

    A value that changed since the check (an operator edited it) is left alone: the preview did not show
    that overwrite.
    """
    by_worker: dict[int, dict[str, tuple[str, str]]] = {}
    for worker_id, field, old, new, *_rest in read_changes(path):
        if field in STAGED_AT:
            by_worker.setdefault(int(worker_id), {})[field] = (old, new)
    if not by_worker:
        return 0
    assert transaction.get_connection().in_atomic_block
    changed = 0
    now = timezone.now()
    ids = list(by_worker)
    for start in range(0, len(ids), APPLY_BATCH):
        batch = ids[start : start + APPLY_BATCH]
        workers = list(Worker.objects.select_for_update().filter(pk__in=batch).order_by("pk"))
        touched: list[Worker] = []
        events: list[AuditEvent] = []
        fields: set[str] = set()
        for worker in workers:
            diff: dict[str, list[Any]] = {}
            for field, (old, new) in by_worker[worker.pk].items():
                if _as_text(getattr(worker, field)) != old:
                    continue  # changed since the preview
                setattr(worker, field, int(new) if field == "desil" else new)
                diff[field] = [old or None, new]
                fields.add(field)
            if diff:
                worker.version += 1
                worker.updated_at = now
                touched.append(worker)
                events.append(
                    AuditEvent(
                        actor_id=user_id,
                        action="worker.import_update",
                        object_type=Worker._meta.label_lower,
                        object_id=str(worker.pk),
                        changes={**diff, "import": job_id},
                    )
                )
        if touched:
            Worker.objects.bulk_update(
                touched, [*sorted(fields), "version", "updated_at"], batch_size=APPLY_BATCH
            )
            AuditEvent.objects.bulk_create(events, batch_size=APPLY_BATCH)
            changed += len(touched)
    return changed


def changes_summary(count: int, verified: int) -> str:
    if not count:
        return ""
    message = _("%(n)s pekerja terdaftar akan diperbarui dari berkas ini.") % {"n": count}
    if verified:
        message += " " + _("%(n)s di antaranya sudah diverifikasi petugas; periksa perubahannya.") % {
            "n": verified
        }
    return message
