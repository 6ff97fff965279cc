"""Building, sealing and exporting enrolment batches for the BPJS branch."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log
from lindung.workers.models import Segment, Status, Worker
from lindung.workers.selectors import workers_visible_to
from lindung.workers.workflow import Move, workers_transition_bulk

from .export_layout import DEFAULT_COLUMNS, FIELDS, TEXT_FIELDS, ExportLayoutError, render_batch_xlsx
from .models import BatchLine, EnrolmentBatch, ExportLayout, FundingSource, Membership

OPEN_BATCH = [
    EnrolmentBatch.Status.SEALED,
    EnrolmentBatch.Status.EXPORTED,
    EnrolmentBatch.Status.SENT,
    EnrolmentBatch.Status.RESULTS_APPLIED,
]
FILTER_KEYS = ["kecamatan", "desa", "occupation", "segment", "desil"]
__all__ = [
    "DEFAULT_COLUMNS",
    "FIELDS",
    "TEXT_FIELDS",
    "render_batch_xlsx",
]  # the layout lives in export_layout


class BatchError(Exception):
    """A refused batch action; the message says why."""


def monthly_premium_per_member(funding_source: FundingSource, on: dt.date) -> int:
    """What one member of this funding source costs a month, from the premium rates."""
    from lindung.premiums.rates import member_monthly_premium

    return member_monthly_premium(funding_source=funding_source, on=on)


def projected_monthly_premium(*, funding_source: FundingSource, count: int, on: dt.date) -> int:
    return count * monthly_premium_per_member(funding_source, on)


def batch_candidates(
    *, user: Any, funding_source: FundingSource, filters: dict[str, Any]
) -> QuerySet[Worker]:
    """Approved workers in the user's area that match the filters and the funding source."""
    workers = workers_visible_to(user).filter(status=Status.DISETUJUI, kabupaten=funding_source.kabupaten)
    if kecamatan := filters.get("kecamatan"):
        workers = workers.filter(kecamatan_id__in=list(kecamatan))
    if desa := filters.get("desa"):
        workers = workers.filter(desa_id__in=list(desa))
    if occupation := filters.get("occupation"):
        workers = workers.filter(occupation__code__in=list(occupation))
    if segment := filters.get("segment"):
        workers = workers.filter(segment=segment)
    if desil := filters.get("desil"):
        workers = workers.filter(desil__in=[int(d) for d in desil])
    if funding_source.agency_id:
        # An agency's own budget pays for its non-ASN staff only.
        workers = workers.filter(segment=Segment.NON_ASN, agency=funding_source.agency_id)
    waiting = BatchLine.objects.filter(result=BatchLine.Result.PENDING, batch__status__in=OPEN_BATCH)
    return workers.exclude(pk__in=waiting.values("worker_id"))


DOUBLE_SUBMIT_MINUTES = 5


def layout_for(kabupaten: str | None) -> ExportLayout | None:
    """The branch-file layout a kabupaten's batches start with: its own default, else the deployment's."""
    defaults = ExportLayout.objects.filter(is_default=True)
    own = defaults.filter(kabupaten_id=kabupaten).first() if kabupaten else None
    return own or defaults.filter(kabupaten__isnull=True).first()


def _next_number(funding_source: FundingSource, year: int) -> str:
    prefix = f"B-{funding_source.kabupaten_id.replace('.', '')}-{year}-"
    last = (
        EnrolmentBatch.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
    ).first()
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:03d}"


def batch_create(
    *,
    user: Any,
    funding_source: FundingSource,
    coverage_start: dt.date,
    filters: dict[str, Any],
    request: HttpRequest | None = None,
) -> EnrolmentBatch:
    workers = list(
        batch_candidates(user=user, funding_source=funding_source, filters=filters).only("nik", "name")
    )
    if not workers:
        raise BatchError(_("Tidak ada pekerja berstatus Disetujui yang cocok dengan saringan ini."))
    with transaction.atomic():
        # Batches of one funding source are numbered one at a time (PostgreSQL; SQLite has one writer anyway).
        FundingSource.objects.select_for_update().filter(pk=funding_source.pk).first()
        twin = EnrolmentBatch.objects.filter(
            funding_source=funding_source,
            status=EnrolmentBatch.Status.DRAFT,
            coverage_start=coverage_start,
            filters=filters,
            created_by=user if getattr(user, "pk", None) else None,
            created_at__gte=timezone.now() - dt.timedelta(minutes=DOUBLE_SUBMIT_MINUTES),
        ).first()
        if twin is not None:
            return twin  # the same form sent twice (a double click): one draft
        batch = EnrolmentBatch.objects.create(
            number=_next_number(funding_source, coverage_start.year),
            coverage_start=coverage_start,
            funding_source=funding_source,
            group_code=funding_source.group_code,
            kabupaten=funding_source.kabupaten,
            filters=filters,
            layout=layout_for(funding_source.kabupaten_id),
            created_by=user,
        )
        BatchLine.objects.bulk_create(
            [BatchLine(batch=batch, worker=w, nik=w.nik, name=w.name) for w in workers], batch_size=1000
        )
        audit_log(
            actor=user,
            action="batch.create",
            obj=batch,
            changes={"count": len(workers), "filters": filters},
            request=request,
        )
    return batch


@dataclass
class RecheckContext:
    """What the re-check needs for a whole batch, read once instead of once per worker."""

    in_other_batch: set[int]
    members: set[int]
    rules: list[Any] | None
    # The rules each worker's latest written override (approval despite failing them) decided on.
    overridden: dict[int, set[int]] = dataclasses.field(default_factory=dict)


def recheck_context(batch: EnrolmentBatch) -> RecheckContext:
    from lindung.eligibility.rules import rules_in_force
    from lindung.verification.models import EligibilityOverride

    worker_ids = batch.lines.values("worker_id")
    overridden: dict[int, set[int]] = {}
    for worker_id, failed in (
        EligibilityOverride.objects.filter(worker_id__in=worker_ids)
        .order_by("-at", "-id")
        .values_list("worker_id", "failed")
    ):
        overridden.setdefault(worker_id, {int(f["rule"]) for f in failed if f.get("rule") is not None})
    return RecheckContext(
        overridden=overridden,
        in_other_batch=set(
            BatchLine.objects.filter(
                worker_id__in=worker_ids, result=BatchLine.Result.PENDING, batch__status__in=OPEN_BATCH
            )
            .exclude(batch=batch)
            .values_list("worker_id", flat=True)
        ),
        members=set(
            Membership.objects.filter(
                worker_id__in=worker_ids, status__in=[Membership.Status.AKTIF, Membership.Status.NONAKTIF]
            ).values_list("worker_id", flat=True)
        ),
        rules=rules_in_force(batch.coverage_start, batch.kabupaten_id),
    )


def enrolment_recheck(
    *, worker: Worker, batch: EnrolmentBatch, context: RecheckContext | None = None
) -> str | None:
    """Why this worker may not be sealed into the batch, or None.

    Our own checks first (status, area, other batches, memberships), then the eligibility rules in force on the
    coverage start (`lindung.eligibility.rules.evaluate`): the first rule the worker fails is the reason.
    """
    from lindung.eligibility.rules import evaluate, first_failure

    context = context or recheck_context(batch)
    if worker.merged_into_id:
        return _("Data digabung ke pekerja lain (data ganda).")
    if worker.status != Status.DISETUJUI:
        return _("Status sekarang %(status)s, bukan Disetujui.") % {"status": Status(worker.status).label}
    if worker.kabupaten_id != batch.kabupaten_id:
        return _("Domisili tidak lagi di kabupaten ini.")
    if worker.pk in context.in_other_batch:
        return _("Sudah ada di batch lain yang menunggu hasil BPJS.")
    if worker.pk in context.members:
        return _("Sudah menjadi peserta aktif BPJS Ketenagakerjaan.")
    failures = [r for r in evaluate(worker, on=batch.coverage_start, rules=context.rules) if not r.passed]
    # An approval given in writing despite a failing rule carries through: the dinas decided on that rule.
    decided = context.overridden.get(worker.pk, set())
    undecided = [r for r in failures if r.rule.pk not in decided]
    failure = first_failure(undecided)
    if failure is None:
        return None
    if decided:
        return _(
            "%(reason)s Pengecualian yang tercatat tidak mencakup aturan ini: perlu keputusan baru Dinas."
        ) % {"reason": failure.reason.rstrip(".") + "."}
    return failure.reason


@dataclass
class SealResult:
    batch: EnrolmentBatch
    sealed: int
    dropped: list[tuple[str, str]]


def batch_seal(*, batch: EnrolmentBatch, by: Any, request: HttpRequest | None = None) -> SealResult:
    """Re-check every line, move the rest to `diusulkan`, all or nothing; a batch seals once."""
    now = timezone.now()
    with transaction.atomic():
        # The conditional update is the lock: of two people sealing at once, only one changes a row.
        claimed = EnrolmentBatch.objects.filter(pk=batch.pk, status=EnrolmentBatch.Status.DRAFT).update(
            status=EnrolmentBatch.Status.SEALED, sealed_at=now
        )
        if not claimed:
            raise BatchError(
                _("Batch %(number)s sudah dikunci sebelumnya; tidak bisa dikunci dua kali.")
                % {"number": batch.number}
            )
        context = recheck_context(batch)
        lines = list(
            batch.lines.select_related("worker__desa", "worker__occupation", "worker__declaration").order_by(
                "id"
            )
        )
        moves: dict[int, Move] = {}
        dropped_lines: list[tuple[BatchLine, str]] = []
        for line in lines:
            reason = enrolment_recheck(worker=line.worker, batch=batch, context=context)
            if reason is None:
                moves[line.worker_id] = Move(worker=line.worker, note=f"Batch {batch.number}")
            else:
                dropped_lines.append((line, reason))
        outcome = workers_transition_bulk(
            moves=list(moves.values()), to=Status.DIUSULKAN, by=by, request=request
        )
        if outcome.refused:
            worker, why = outcome.refused[0]
            raise BatchError(f"{worker.name}: {why}")
        changed = _("Data pekerja berubah saat batch dikunci; periksa lalu usulkan di batch berikutnya.")
        # Changed by someone else between the check and the move: left as it is, and reported.
        stale = {worker.pk for worker in outcome.stale}
        dropped_lines += [(line, changed) for line in lines if line.worker_id in stale]
        dropped_lines.sort(key=lambda item: item[0].pk)
        by_reason: dict[str, list[int]] = {}
        for line, reason in dropped_lines:
            by_reason.setdefault(reason, []).append(line.pk)
        for reason, pks in by_reason.items():
            for start in range(0, len(pks), 2000):
                BatchLine.objects.filter(pk__in=pks[start : start + 2000]).update(
                    result=BatchLine.Result.DROPPED, reason=reason
                )
        # The file to BPJS carries the NIK and name as they are on the day of sealing.
        row = Worker.objects.filter(pk=OuterRef("worker_id"))
        batch.lines.filter(result=BatchLine.Result.PENDING).update(
            nik=Subquery(row.values("nik")[:1]), name=Subquery(row.values("name")[:1])
        )
        dropped = [(line.worker.name, reason) for line, reason in dropped_lines]
        sealed = len(outcome.moved)
        if not sealed:
            raise BatchError(_("Tidak ada pekerja yang lolos pemeriksaan ulang; batch tidak dikunci."))
        audit_log(
            actor=by,
            action="batch.seal",
            obj=batch,
            changes={"sealed": sealed, "dropped": len(dropped)},
            request=request,
        )
    batch.refresh_from_db()
    return SealResult(batch=batch, sealed=sealed, dropped=dropped)


def batch_export(
    *, batch: EnrolmentBatch, by: Any, layout: ExportLayout | None = None, request: HttpRequest | None = None
) -> EnrolmentBatch:
    """Write the branch file; allowed once sealed (again after a layout change) until results arrive.

    A file made again after one was sent is a new file the branch does not have yet: the batch is back at
    "Berkas dibuat" until someone records sending it (the earlier sending stays in the audit trail)."""
    if batch.status not in (
        EnrolmentBatch.Status.SEALED,
        EnrolmentBatch.Status.EXPORTED,
        EnrolmentBatch.Status.SENT,
    ):
        raise BatchError(_("Hanya batch yang sudah dikunci dan belum berisi hasil yang bisa diekspor."))
    layout = layout or batch.layout or layout_for(batch.kabupaten_id)
    columns = layout.columns if layout else DEFAULT_COLUMNS
    try:
        content = render_batch_xlsx(batch, columns)
    except ExportLayoutError as exc:
        raise BatchError(str(exc)) from None
    with transaction.atomic():
        batch.layout = layout
        batch.exported_file.save(f"{batch.number}.xlsx", ContentFile(content), save=False)
        batch.status = EnrolmentBatch.Status.EXPORTED
        batch.exported_at = timezone.now()
        batch.sent_at, batch.sent_by, batch.sent_note = None, None, ""
        batch.save(
            update_fields=[
                "layout",
                "exported_file",
                "status",
                "exported_at",
                "sent_at",
                "sent_by",
                "sent_note",
            ]
        )
        audit_log(
            actor=by,
            action="batch.export",
            obj=batch,
            changes={
                "layout": layout.name if layout else "bawaan",
                "rows": batch.lines.filter(result="").count(),
            },
            request=request,
        )
    return batch


def batch_mark_sent(
    *, batch: EnrolmentBatch, by: Any, note: str = "", request: HttpRequest | None = None
) -> EnrolmentBatch:
    """Record that the file made in Lindung went to the BPJS branch: who says so, when, and how it went."""
    note = " ".join(note.split())[:200]
    with transaction.atomic():
        batch = EnrolmentBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == EnrolmentBatch.Status.SENT:
            raise BatchError(_("Berkas batch ini sudah ditandai dikirim."))
        if batch.status != EnrolmentBatch.Status.EXPORTED or not batch.exported_file:
            raise BatchError(
                _("Buat berkas untuk BPJS dulu; hanya berkas yang sudah dibuat bisa ditandai dikirim.")
            )
        batch.status = EnrolmentBatch.Status.SENT
        batch.sent_at = timezone.now()
        batch.sent_by = by if getattr(by, "pk", None) else None
        batch.sent_note = note
        batch.save(update_fields=["status", "sent_at", "sent_by", "sent_note"])
        audit_log(
            actor=by,
            action="batch.send",
            obj=batch,
            changes={"note": note, "file_made": batch.exported_at.isoformat() if batch.exported_at else None},
            request=request,
        )
    return batch


def batch_close(*, batch: EnrolmentBatch, by: Any, request: HttpRequest | None = None) -> EnrolmentBatch:
    if batch.status != EnrolmentBatch.Status.RESULTS_APPLIED:
        raise BatchError(_("Batch hanya bisa ditutup setelah hasil BPJS diterapkan."))
    pending = batch.lines.filter(result=BatchLine.Result.PENDING).count()
    if pending:
        raise BatchError(
            _("Masih ada %(n)d pekerja tanpa hasil dari BPJS; unggah hasilnya dulu.") % {"n": pending}
        )
    batch.status = EnrolmentBatch.Status.CLOSED
    batch.save(update_fields=["status"])
    audit_log(actor=by, action="batch.close", obj=batch, request=request)
    return batch


def funding_source_default(kabupaten_code: str) -> FundingSource:
    """The kabupaten's own APBD programme (group SG), created on first use."""
    from lindung.regions.models import Region

    kabupaten = Region.objects.get(code=kabupaten_code)
    source, _created = FundingSource.objects.get_or_create(
        code=f"apbd-{kabupaten_code.replace('.', '')}",
        defaults={
            "name": f"APBD {kabupaten.name}",
            "kind": FundingSource.Kind.APBD_KABUPATEN,
            "group_code": FundingSource.Group.SG,
            "kabupaten": kabupaten,
        },
    )
    return source
