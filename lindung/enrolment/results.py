"""The branch's result file: read it, reconcile it with the batch, and apply it all at once or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from lindung.audit.services import audit_log, audit_log_bulk
from lindung.core.bulk import insert_rows, update_rows
from lindung.lib.names import normalize_name
from lindung.lib.nik import clean_digits
from lindung.workers.models import Status
from lindung.workers.workflow import STALE, Move, workers_transition_bulk

from .batches import BatchError
from .memberships import fiscal_year_end, notify_memberships_change
from .models import BatchLine, EnrolmentBatch, Membership, ResultUpload

# Headers as branches write them, reduced to lower-case letters and digits.
HEADERS = {
    "nik": {"nik", "noktp", "nomorktp", "noinduk", "nomorindukkependudukan", "niktk", "nikpeserta"},
    "kpj": {"kpj", "nokpj", "nomorkpj", "nokartu", "nomorkartu", "nokepesertaan", "nomorpeserta"},
    "status": {"status", "hasil", "statuspendaftaran", "keputusan", "result"},
    "reason": {"alasan", "keterangan", "reason", "catatan", "alasanpenolakan", "ket"},
    "date": {
        "tanggalefektif",
        "tglefektif",
        "efektif",
        "tmt",
        "tanggalmulai",
        "mulai",
        "tglmulai",
        "effectivedate",
        "tanggalkepesertaan",
        "mulaikepesertaan",
        "tanggalberlaku",
    },
    "name": {"nama", "namalengkap", "namapeserta", "namatk", "name"},
}
ACCEPTED = {"diterima", "terima", "accepted", "ok", "sukses", "berhasil", "aktif", "y", "ya"}
REJECTED = {"ditolak", "tolak", "rejected", "gagal", "tidak", "t", "n"}
KPJ_RE = re.compile(r"^\d{8,16}$")
BLOCKING = [
    "unknown_nik",
    "duplicate_nik",
    "duplicate_kpj",
    "kpj_in_use",
    "already_member",
    "invalid",
    "already_done",
]


# The columns of a new membership, written in bulk (lindung.core.bulk) from the instances built in memory.
MEMBERSHIP_FIELDS = [f.name for f in Membership._meta.concrete_fields if not f.primary_key]


class ResultFileError(Exception):
    pass


def header_key(header: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def read_table(name: str, content: bytes) -> list[list[Any]]:
    if name.lower().endswith(".csv"):
        text = content.decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        return [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        return [list(r) for r in book.get_sheet_by_index(0).to_python()]
    except Exception as exc:
        raise ResultFileError(_("Berkas tidak bisa dibaca sebagai xlsx atau csv.")) from exc


def _parse_date(raw: Any) -> tuple[str, str | None]:
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat(), None
    if isinstance(raw, dt.date):
        return raw.isoformat(), None
    text = str(raw or "").strip()
    if not text:
        return "", None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat(), None
        except ValueError:
            continue
    return "", _("tanggal efektif %(v)s tidak dikenali (pakai DD/MM/YYYY)") % {"v": text}


def parse_result_file(name: str, content: bytes) -> list[dict[str, Any]]:
    """Rows as dicts with the problems of each cell; raises ResultFileError when the file has no usable header."""
    table = [r for r in read_table(name, content) if any(str(c or "").strip() for c in r)]
    if not table:
        raise ResultFileError(_("Berkas kosong."))
    columns: dict[str, int] = {}
    for index, header in enumerate(table[0]):
        for field, names in HEADERS.items():
            if header_key(header) in names and field not in columns:
                columns[field] = index
    missing = [f for f in ("nik", "status") if f not in columns]
    if missing:
        raise ResultFileError(
            _(
                "Kolom wajib tidak ditemukan: %(cols)s. Baris pertama harus berisi judul kolom (NIK, KPJ, Status)."
            )
            % {"cols": ", ".join(m.upper() for m in missing)}
        )
    rows = []
    for number, raw in enumerate(table[1:], start=2):

        def cell(field: str, raw: list[Any] = raw) -> Any:
            i = columns.get(field)
            return raw[i] if i is not None and i < len(raw) else None

        problems: list[str] = []
        nik, error = clean_digits(cell("nik"))
        if error or len(nik) != 16:
            problems.append(_("NIK %(e)s") % {"e": error or _("harus 16 digit.")})
        status_text = header_key(cell("status"))
        status = "diterima" if status_text in ACCEPTED else "ditolak" if status_text in REJECTED else ""
        if not status:
            problems.append(_("status %(v)s bukan diterima/ditolak") % {"v": cell("status") or "(kosong)"})
        kpj, kpj_error = clean_digits(cell("kpj")) if cell("kpj") not in (None, "") else ("", None)
        if status == "diterima" and (kpj_error or not KPJ_RE.match(kpj)):
            problems.append(_("KPJ %(v)s tidak sah (8–16 digit)") % {"v": cell("kpj") or "(kosong)"})
        date, date_error = _parse_date(cell("date"))
        if date_error:
            problems.append(date_error)
        rows.append(
            {
                "row": number,
                "nik": nik,
                "name": str(cell("name") or "").strip(),
                "kpj": kpj if status == "diterima" else "",
                "status": status,
                "reason": str(cell("reason") or "").strip()[:200],
                "date": date,
                "problems": problems,
            }
        )
    return rows


def reconcile(batch: EnrolmentBatch, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Every mismatch between the file and the batch, by kind; `blocking` says whether it may be applied."""
    in_batch = batch.lines.exclude(result=BatchLine.Result.DROPPED)
    lines = {line.nik: line for line in in_batch}
    report: dict[str, list[Any]] = {
        k: [] for k in [*BLOCKING, "missing", "changed_name", "accepted", "rejected"]
    }
    nik_count = Counter(r["nik"] for r in rows if r["nik"])
    kpj_count = Counter(r["kpj"] for r in rows if r["kpj"])
    used = dict(
        Membership.objects.filter(kpj__in=list(kpj_count))
        .exclude(batch=batch)
        .values_list("kpj", "worker_id")
    )
    members = set(
        Membership.objects.filter(
            worker__in=in_batch.values("worker_id"),
            status__in=[Membership.Status.AKTIF, Membership.Status.NONAKTIF],
        ).values_list("worker_id", flat=True)
    )
    for r in rows:
        ref = {"row": r["row"], "nik": r["nik"], "name": r["name"], "kpj": r["kpj"]}
        if r["problems"]:
            report["invalid"].append({**ref, "problem": "; ".join(r["problems"])})
            continue
        line = lines.get(r["nik"])
        if line is None:
            report["unknown_nik"].append(ref)
            continue
        if nik_count[r["nik"]] > 1:
            report["duplicate_nik"].append(ref)
            continue
        if line.result:
            report["already_done"].append({**ref, "problem": line.get_result_display()})
            continue
        if r["kpj"] and kpj_count[r["kpj"]] > 1:
            report["duplicate_kpj"].append(
                {**ref, "problem": _("KPJ sama muncul lebih dari sekali di berkas")}
            )
            continue
        if r["kpj"] and r["kpj"] in used and used[r["kpj"]] != line.worker_id:
            report["kpj_in_use"].append({**ref, "problem": _("KPJ sudah dipakai peserta lain")})
            continue
        if r["status"] == "diterima" and line.worker_id in members:
            report["already_member"].append(
                {**ref, "problem": _("Pekerja ini sudah punya kepesertaan aktif")}
            )
            continue
        if r["name"] and normalize_name(r["name"]) != normalize_name(line.name):
            report["changed_name"].append({**ref, "ours": line.name})
        report["accepted" if r["status"] == "diterima" else "rejected"].append(ref)
    seen = set(nik_count)
    report["missing"] = [
        {"nik": nik, "name": line.name} for nik, line in lines.items() if not line.result and nik not in seen
    ]
    counts = {k: len(v) for k, v in report.items()}
    return {**report, "counts": counts, "blocking": any(counts[k] for k in BLOCKING)}


def result_upload_create(
    *, batch: EnrolmentBatch, name: str, content: bytes, by: Any, request: HttpRequest | None = None
) -> ResultUpload:
    if batch.status not in (
        EnrolmentBatch.Status.SEALED,
        EnrolmentBatch.Status.EXPORTED,
        EnrolmentBatch.Status.SENT,
        EnrolmentBatch.Status.RESULTS_APPLIED,
    ):
        raise BatchError(_("Hasil hanya bisa diunggah untuk batch yang sudah dikunci dan belum ditutup."))
    rows = parse_result_file(name, content)
    upload = ResultUpload(
        batch=batch, filename=name[:200], rows=rows, report=reconcile(batch, rows), uploaded_by=by
    )
    upload.file.save(name[-100:], ContentFile(content), save=False)
    upload.save()
    audit_log(
        actor=by, action="batch.results_upload", obj=batch, changes=upload.report["counts"], request=request
    )
    return upload


def result_upload_apply(
    *, upload: ResultUpload, by: Any, request: HttpRequest | None = None
) -> dict[str, int]:
    """Apply every accepted and rejected row in one transaction, after reconciling again against today's data."""
    with transaction.atomic():
        batch = EnrolmentBatch.objects.select_for_update().get(pk=upload.batch_id)
        if ResultUpload.objects.filter(pk=upload.pk, applied_at__isnull=False).exists():
            raise BatchError(_("Berkas hasil ini sudah diterapkan."))
        report = reconcile(batch, upload.rows)
        if report["blocking"]:
            raise BatchError(
                _("Berkas masih berisi ketidakcocokan yang harus diperbaiki dulu; tidak ada yang diterapkan.")
            )
        rows = {r["nik"]: r for r in upload.rows}
        lines = {line.nik: line for line in batch.lines.select_related("worker")}
        accepted = [lines[ref["nik"]] for ref in report["accepted"]]
        rejected = [lines[ref["nik"]] for ref in report["rejected"]]
        _move_all(
            [Move(worker=line.worker, note=f"KPJ {rows[line.nik]['kpj']}") for line in accepted],
            to=Status.TERDAFTAR,
            by=by,
            request=request,
        )
        memberships = []
        now = timezone.now()
        for line in accepted:
            r = rows[line.nik]
            start = dt.date.fromisoformat(r["date"]) if r["date"] else batch.coverage_start
            memberships.append(
                Membership(
                    worker=line.worker,
                    kpj=r["kpj"],
                    funding_source=batch.funding_source,
                    start=start,
                    end=fiscal_year_end(start),
                    batch=batch,
                    created_at=now,
                )
            )
            line.result, line.kpj, line.reason = BatchLine.Result.ACCEPTED, r["kpj"], ""
        attnames = [f.attname for f in Membership._meta.concrete_fields if f.name in MEMBERSHIP_FIELDS]
        ids = insert_rows(
            Membership,
            MEMBERSHIP_FIELDS,
            ([getattr(m, a) for a in attnames] for m in memberships),
            returning_ids=True,
        )
        for membership, pk in zip(memberships, ids, strict=True):
            membership.pk = pk
        audit_log_bulk(
            actor=by,
            action="membership.start",
            entries=[(m, {"kpj": m.kpj}) for m in memberships],
            request=request,
        )
        notify_memberships_change(memberships, "start")
        reasons = {
            line.nik: rows[line.nik]["reason"] or _("Ditolak BPJS tanpa keterangan") for line in rejected
        }
        _move_all(
            [Move(worker=line.worker, reason="ditolak_bpjs", note=reasons[line.nik]) for line in rejected],
            to=Status.DISETUJUI,
            by=by,
            request=request,
        )
        for line in rejected:
            line.result, line.reason = BatchLine.Result.REJECTED, reasons[line.nik]
        _save_results(batch, accepted, rejected)
        upload.applied_at = timezone.now()
        upload.report = report
        upload.save(update_fields=["applied_at", "report"])
        batch.status = EnrolmentBatch.Status.RESULTS_APPLIED
        batch.result_file = upload.file.name
        batch.save(update_fields=["status", "result_file"])
        counts = {"accepted": len(report["accepted"]), "rejected": len(report["rejected"])}
        audit_log(actor=by, action="batch.results_apply", obj=batch, changes=counts, request=request)
    return counts


def _move_all(moves: list[Move], *, to: str, by: Any, request: HttpRequest | None) -> None:
    """The whole file or nothing: a worker the move refuses, or one changed meanwhile, stops the apply."""
    outcome = workers_transition_bulk(moves=moves, to=to, by=by, request=request)
    if outcome.refused:
        worker, why = outcome.refused[0]
        raise BatchError(f"{worker.name}: {why}")
    if outcome.stale:
        raise BatchError(f"{outcome.stale[0].name}: {STALE}")


def _save_results(batch: EnrolmentBatch, accepted: list[BatchLine], rejected: list[BatchLine]) -> None:
    """The lines' outcomes: an accepted line takes the KPJ of its new membership, a rejected one its reason.

    Each line is found by its id with its own values (lindung.core.bulk.update_rows). A correlated subquery per
    line, or a join to the new memberships, was quadratic on PostgreSQL right after the memberships were
    inserted: without statistics for them the planner scanned the batch's whole index for every line (50 and
    75 s for 45,000 lines).
    """
    update_rows(
        BatchLine,
        ["result", "kpj", "reason"],
        ((line.pk, line.result, line.kpj, line.reason) for line in [*accepted, *rejected]),
    )
