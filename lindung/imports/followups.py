"""What a check notes besides valid and invalid, and what the commit does with it.

- Flags for the verifier (a person whose occupation says they do not work; a NIK whose birth date or sex
  disagrees with the row, accepted as Dukcapil's record): counted in the preview, kept in a side file by NIK,
  and written as WorkerFlag rows after the workers (one query per 5,000 flagged rows, not one per row).
- Occupations that fell to Lainnya, counted by their text for the preview and the report, so that Admin Dinas
  can complete the alias table.
- Changes a newer extract brings to registered workers (reimport.py).
- Registered workers the file reports dead, moved or missing (OpenSID status_dasar, SIAK Status: the checker's
  INACTIVE rows): listed in the preview, and flagged at Simpan for the verifier, who ends the membership or
  rejects the worker (reason Meninggal dunia / Pindah domisili) if it is true. Nothing is ended here.
The engine calls `add` once per chunk after classifying it, and `close` at the end of the check.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from lindung.workers.models import FlagKind, Worker, WorkerFlag

from .enumerators import EnumeratorNotes
from .reimport import LABELS, ChangeFinder, authoritative_fields, changes_path
from .report import ErrorReport
from .results import INACTIVE, INVALID, REFUSED_MISMATCH, REGISTERED, VALID, RowResult

UNMAPPED_KEPT = 200  # distinct occupation texts remembered on the job (the report's sheet lists them all)
FLAG_BATCH = 5000


def flags_path(media_root: Path, job_id: int) -> Path:
    return media_root / "imports" / "staged" / f"impor-{job_id}-tanda.csv"


class CheckFollowups:
    def __init__(self, *, job: Any, columns: dict[str, int], report: ErrorReport, media_root: Path) -> None:
        self.report = report
        path = flags_path(media_root, job.pk)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._flags_file = path.open("w", newline="", encoding="utf-8")
        self._flags = csv.writer(self._flags_file)
        self.not_working = 0
        self.nik = 0
        self.review = 0
        self._enumerators = EnumeratorNotes(media_root, job.pk)
        self.refused_nik = 0
        self.unmapped: Counter[str] = Counter()
        fields = authoritative_fields(job.source)
        self.changes = (
            ChangeFinder(fields=fields, columns=columns, path=changes_path(media_root, job.pk))
            if fields
            else None
        )
        self._sheet: Any = None
        self._sheet_rows = 0
        path = status_reports_path(media_root, job.pk)
        self._reports_file = path.open("w", newline="", encoding="utf-8")
        self._reports = csv.writer(self._reports_file)
        self.status_reports = 0

    @property
    def keep_registered(self) -> bool:
        return self.changes is not None

    def add(self, results: list[RowResult]) -> None:
        registered = []
        gone = []
        for r in results:
            if r.unmapped:
                self.unmapped[r.unmapped] += 1
            if r.flags and r.kind == INVALID:
                self.refused_nik += any(kind == REFUSED_MISMATCH for kind, _d in r.flags)
            elif r.flags and r.kind == VALID:
                for kind, detail in r.flags:
                    self._flags.writerow([r.nik, kind, detail])
                    if kind == FlagKind.NOT_WORKING:
                        self.not_working += 1
                    elif kind == FlagKind.REVIEW:
                        self.review += 1
                    else:
                        self.nik += 1
            elif r.kind == REGISTERED and r.staged is not None:
                registered.append(r)
            elif r.kind == INACTIVE and r.nik:
                gone.append(r)
        self._enumerators.add(results)
        if gone:
            self._report_status(gone)
        if registered and self.changes is not None:
            self._report_changes(self.changes.add(registered))

    def _report_status(self, rows: list[RowResult]) -> None:
        """One query for the chunk's dead/moved rows: which of them are registered workers."""
        by_nik = {r.nik: r for r in rows}
        found = Worker.objects.filter(nik__in=list(by_nik), merged_into__isnull=True).values_list(
            "pk", "nik", "name"
        )
        for pk, nik, name in found:
            row = by_nik[nik]
            said = next((m for key, m in row.errors if key == "status"), row.message)
            # The first sentence names the status; the rest explains why the row is not a new worker.
            self._reports.writerow([pk, nik, name, row.row_no, said.split(". ")[0].rstrip(".") + "."])
            self.status_reports += 1

    def _report_changes(self, rows: list[list[str]]) -> None:
        if not rows:
            return
        if self._sheet is None:
            self._sheet = self.report.workbook.add_worksheet(_("Perubahan data"))
            titles = [_("Baris"), "NIK", _("Nama"), _("Data"), _("Di Lindung"), _("Di berkas"), _("Catatan")]
            self._sheet.write_row(0, 0, titles, self.report.bold)
            self._sheet.freeze_panes(1, 0)
            self._sheet.set_column(1, 6, 22)
        verified = _("sudah diverifikasi petugas")
        for _pk, field, old, new, is_verified, nik, name, row in rows:
            self._sheet_rows += 1
            self._sheet.write_row(
                self._sheet_rows,
                0,
                [
                    int(row),
                    nik,
                    name,
                    str(LABELS.get(field, field)),
                    old,
                    new,
                    verified if is_verified else "",
                ],
            )

    def close(self, job: Any) -> None:
        self._flags_file.close()
        if self.changes is not None:
            self.changes.close()
            job.changes, job.changes_verified = self.changes.workers, self.changes.verified
        job.flagged_not_working, job.flagged_nik = self.not_working, self.nik
        job.flagged_review = self.review
        self._enumerators.close()
        job.refused_nik_mismatch = self.refused_nik
        job.status_reports = self.status_reports
        self._reports_file.close()
        job.unmapped_occupations = dict(self.unmapped.most_common(UNMAPPED_KEPT))
        if self.unmapped:
            sheet = self.report.workbook.add_worksheet(_("Pekerjaan tak dikenal"))
            sheet.write_row(0, 0, [_("Pekerjaan di berkas"), _("Jumlah baris")], self.report.bold)
            sheet.set_column(0, 0, 40)
            for i, (written, count) in enumerate(self.unmapped.most_common(), start=1):
                sheet.write_row(i, 0, [written, count])

    def abort(self) -> None:
        self._flags_file.close()
        self._enumerators.close()
        self._reports_file.close()
        if self.changes is not None:
            self.changes.close()


def status_reports_path(media_root: Path, job_id: int) -> Path:
    return media_root / "imports" / "staged" / f"impor-{job_id}-status.csv"


def read_status_reports(media_root: Path, job_id: int, limit: int | None = None) -> list[list[str]]:
    path = status_reports_path(media_root, job_id)
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        rows = []
        for row in csv.reader(fh):
            rows.append(row)
            if limit and len(rows) >= limit:
                break
        return rows


def status_flags_write(*, media_root: Path, job_id: int, source_label: str) -> int:
    """Flag the registered workers this file reports dead, moved or missing (one open flag of the kind per
    worker: a second extract saying the same adds nothing). Returns how many were flagged."""
    rows = read_status_reports(media_root, job_id)
    if not rows:
        return 0
    ids = {int(pk): said for pk, _nik, _name, _row, said in rows}
    already = set(
        WorkerFlag.objects.filter(
            worker_id__in=list(ids), kind=FlagKind.RESIDENCY, cleared_at__isnull=True
        ).values_list("worker_id", flat=True)
    )
    hint = _(
        "Bila benar, akhiri kepesertaannya atau tolak pendaftarannya (Meninggal dunia / Pindah domisili)."
    )
    flags = [
        WorkerFlag(
            worker_id=pk,
            kind=FlagKind.RESIDENCY,
            detail=f"{source_label}: {said} {hint}"[:300],
            import_job_id=job_id,
        )
        for pk, said in ids.items()
        if pk not in already
    ]
    WorkerFlag.objects.bulk_create(flags, batch_size=FLAG_BATCH)
    return len(flags)


def flags_write(*, media_root: Path, job_id: int) -> int:
    """The flags of the rows this import wrote, as WorkerFlag rows; returns how many. Inside the commit."""
    path = flags_path(media_root, job_id)
    if not path.exists():
        return 0
    written = 0
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    for start in range(0, len(rows), FLAG_BATCH):
        batch = rows[start : start + FLAG_BATCH]
        ids = dict(
            Worker.objects.filter(import_job_id=job_id, nik__in={nik for nik, _k, _d in batch}).values_list(
                "nik", "pk"
            )
        )
        flags = [
            WorkerFlag(worker_id=ids[nik], kind=kind, detail=detail[:300], import_job_id=job_id)
            for nik, kind, detail in batch
            if nik in ids  # a row skipped at commit (registered by someone else since the check)
        ]
        WorkerFlag.objects.bulk_create(flags, batch_size=FLAG_BATCH)
        written += len(flags)
    return written
