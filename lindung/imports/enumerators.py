"""Who collected each submission of a field-collection export, and who is recorded as entering the worker.

ODK Central writes the submitter (SubmitterName), KoboToolbox the account that sent it (_submitted_by), and
Lindung's form keeps the device's configured `username`. When that name is the username of an active Lindung user
whose area holds the worker's desa, the user is recorded as the worker's entering operator (created_by, as if
they had typed it on /pekerja/baru/); otherwise the name is kept as text on the record (source_note), never
matched to a user of another area. The check writes (NIK, desa, name) of the valid rows to a side file; the commit
applies it with one UPDATE per distinct name, after the rows are written.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.workers.models import Worker

from .results import VALID, RowResult

BATCH = 5000


def enumerators_path(media_root: Path, job_id: int) -> Path:
    return media_root / "imports" / "staged" / f"impor-{job_id}-petugas.csv"


class EnumeratorNotes:
    """The check's side file: one line per valid row that names its enumerator."""

    def __init__(self, media_root: Path, job_id: int) -> None:
        path = enumerators_path(media_root, job_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)

    def add(self, results: list[RowResult]) -> None:
        rows = [
            [r.nik, r.staged[8], r.enumerator]
            for r in results
            if r.enumerator and r.kind == VALID and r.staged
        ]
        if rows:
            self._writer.writerows(rows)

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()


def _in_area(user: Any, desa: str) -> bool:
    area = user.area_id or ""
    return bool(area) and (desa == area or desa.startswith(area + "."))


def enumerators_write(*, media_root: Path, job_id: int) -> int:
    """Record each written worker's enumerator; returns how many were matched to a Lindung user. Inside the
    commit, after the rows are written (a row skipped at commit is simply not found)."""
    path = enumerators_path(media_root, job_id)
    if not path.exists():
        return 0
    by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as fh:
        for nik, desa, name in csv.reader(fh):
            by_name[name].append((nik, desa))
    if not by_name:
        return 0
    users: dict[str, list[Any]] = defaultdict(list)
    wanted = {name.strip().lower() for name in by_name}
    found: list[Any] = list(
        User.objects.annotate(key=Lower("username")).filter(key__in=wanted, is_active=True)
    )
    for user in found:
        users[user.username.lower()].append(user)
    matched = 0
    written = Worker.objects.filter(import_job_id=job_id)
    for name, rows in by_name.items():
        candidates = users.get(name.strip().lower(), [])
        by_user: dict[Any, list[str]] = defaultdict(list)
        unmatched: list[str] = []
        for nik, desa in rows:
            user = next((u for u in candidates if _in_area(u, desa)), None)
            (by_user[user.pk] if user else unmatched).append(nik)
        for user_pk, niks in by_user.items():
            for start in range(0, len(niks), BATCH):
                matched += written.filter(nik__in=niks[start : start + BATCH]).update(created_by_id=user_pk)
        note = (_("Petugas lapangan: %(name)s") % {"name": name})[:100]
        for start in range(0, len(unmatched), BATCH):
            written.filter(nik__in=unmatched[start : start + BATCH]).update(source_note=note)
    return matched
