"""/api/applications/status, /api/regions and /api/statistics."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from lindung.accounts.capabilities import Capability
from lindung.core.replica import replica_reads
from lindung.intake.receipts import display_receipt_no, normalize_receipt_no
from lindung.regions.models import Region
from lindung.workers.models import Segment, Status, StatusChange
from lindung.workers.selectors import workers_visible_to
from lindung.workers.workflow import REJECTION_REASONS

from .errors import ApiError, ErrorOut
from .reads import audit_read, principal_for
from .schemas import NO_NUL, ApplicationStatus, RegionList, Statistics, StatusQuery

router = Router()
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
REASONS = dict(REJECTION_REASONS)


@router.post(
    "/applications/status",
    response={200: ApplicationStatus, 400: ErrorOut, **ERRORS},
    tags=["pengajuan"],
    summary="Status pengajuan dari nomor tanda terima dan tanggal lahir",
)
def application_status(request: HttpRequest, payload: StatusQuery) -> dict[str, Any]:
    """A wrong number and a wrong birth date get the same answer, so the endpoint cannot be used to probe."""
    receipt = normalize_receipt_no(payload.receipt_no)
    worker = (
        workers_visible_to(principal_for(request, Capability.PEOPLE))
        .filter(receipt_no=receipt, birth_date=payload.birth_date)
        .only("pk", "status", "receipt_no", "updated_at")
        .first()
    )
    audit_read(
        request, endpoint="applications.status", filters={"receipt_no": receipt}, count=int(bool(worker))
    )
    if worker is None:
        raise ApiError(404, "not_found", _("Nomor tanda terima atau tanggal lahir tidak cocok."))
    reason = ""
    if worker.status in (Status.DIKEMBALIKAN, Status.DITOLAK):
        last = (
            StatusChange.objects.filter(worker=worker, to_status=worker.status).order_by("-at", "-id").first()
        )
        if last:
            reason = "; ".join(part for part in (REASONS.get(last.reason, last.reason), last.note) if part)
    return {
        "receipt_no": display_receipt_no(worker.receipt_no or ""),
        "status": worker.status,
        "status_label": str(Status(worker.status).label),
        "reason": reason,
        "updated_at": worker.updated_at,
    }


def _region(region: Region) -> dict[str, Any]:
    return {"code": region.code, "name": region.name, "level": region.level, "parent": region.parent_id}


@router.get(
    "/regions", response={200: RegionList, **ERRORS}, tags=["wilayah"], summary="Anak wilayah dari satu kode"
)
def region_children(
    request: HttpRequest,
    parent: str = Query("", description="kode induk; kosong = daftar provinsi", pattern=NO_NUL),
) -> dict[str, Any]:
    if parent and not Region.objects.filter(code=parent).exists():
        raise ApiError(404, "not_found", _("Kode wilayah tidak dikenal."))
    regions = (
        Region.objects.filter(parent_id=parent) if parent else Region.objects.filter(parent__isnull=True)
    )
    items = [_region(r) for r in regions.order_by("code")]
    return {"total": len(items), "items": items}


@router.get(
    "/statistics",
    response={200: Statistics, **ERRORS},
    tags=["statistik"],
    summary="Jumlah pekerja di wilayah token",
)
def statistics(request: HttpRequest) -> dict[str, Any]:
    # The token is checked on the primary (a revoked one is refused at once); the counts may come from a replica.
    principal = principal_for(request, Capability.FIGURES)
    with replica_reads():
        workers = workers_visible_to(principal).order_by()
        by_status = dict(workers.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        by_segment = dict(workers.values_list("segment").annotate(n=Count("id")).values_list("segment", "n"))
        by_kecamatan = dict(
            workers.values_list("kecamatan").annotate(n=Count("id")).values_list("kecamatan", "n")
        )
        names = dict(Region.objects.filter(code__in=by_kecamatan).values_list("code", "name"))
    return {
        "area": _region(principal.area),
        "total": sum(by_status.values()),
        "by_status": [
            {"key": s, "label": str(label), "count": by_status.get(s, 0)} for s, label in Status.choices
        ],
        "by_segment": [
            {"key": s, "label": str(label), "count": by_segment.get(s, 0)} for s, label in Segment.choices
        ],
        "by_kecamatan": [
            {"key": code, "label": names.get(code, code), "count": n}
            for code, n in sorted(by_kecamatan.items())
        ],
    }
