"""/api/memberships: who is covered, by which KPJ, paid from where, since when — scoped like the staff pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from lindung.accounts.capabilities import Capability
from lindung.enrolment.models import Membership
from lindung.enrolment.selectors import get_membership_for, memberships_visible_to
from lindung.lib.nik import clean_digits

from .errors import ApiError
from .reads import audit_read, principal_for
from .schemas import NO_NUL, MembershipItem, MembershipPage
from .workers import ERRORS, MAX_LIMIT, MAX_OFFSET, valid_choice

router = Router(tags=["kepesertaan"])


def _item(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "kpj": m.kpj,
        "worker": {"id": m.worker_id, "nik": m.worker.masked_nik, "name": m.worker.name},
        "programs": m.programs,
        "funding_source": {
            "code": m.funding_source.code,
            "name": m.funding_source.name,
            "kind": m.funding_source.kind,
        },
        "start": m.start,
        "end": m.end,
        "status": m.status,
        "status_label": str(Membership.Status(m.status).label),
        "end_reason": m.end_reason,
        "end_date": m.end_date,
        "batch": m.batch.number if m.batch else None,
    }


@router.get(
    "/memberships",
    response={200: MembershipPage, **ERRORS},
    summary="Daftar kepesertaan BPJS Ketenagakerjaan",
)
def membership_list(
    request: HttpRequest,
    status: str = Query("", description="aktif, nonaktif, atau berhenti"),
    kpj: str = Query("", description="nomor KPJ (pencocokan persis)", pattern=NO_NUL, max_length=20),
    nik: str = Query("", description="NIK lengkap 16 digit pekerja (pencocokan persis)"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    memberships = memberships_visible_to(principal_for(request, Capability.MEMBERSHIPS))
    if status := valid_choice(status, list(Membership.Status.values), "status"):
        memberships = memberships.filter(status=status)
    if kpj:
        memberships = memberships.filter(kpj=kpj.strip())
    if nik:
        digits, problem = clean_digits(nik)
        if problem or len(digits) != 16:
            raise ApiError(
                422,
                "invalid",
                _("Data yang dikirim tidak valid; periksa isian yang ditandai."),
                {"nik": [problem or _("NIK harus 16 digit.")]},
            )
        memberships = memberships.filter(worker__nik=digits)
    total = memberships.count()
    rows = list(
        memberships.select_related("worker", "funding_source", "batch").order_by("-start", "-id")[
            offset : offset + limit
        ]
    )
    used = {"status": status, "kpj": bool(kpj), "nik": bool(nik), "limit": limit, "offset": offset}
    audit_read(request, endpoint="memberships.list", filters=used, count=len(rows))
    return {"total": total, "limit": limit, "offset": offset, "items": [_item(m) for m in rows]}


@router.get(
    "/memberships/{membership_id}",
    response={200: MembershipItem, **ERRORS},
    summary="Rincian satu kepesertaan",
)
def membership_detail(request: HttpRequest, membership_id: int) -> dict[str, Any]:
    membership = get_membership_for(principal_for(request, Capability.MEMBERSHIPS), membership_id)
    audit_read(request, endpoint="memberships.detail", filters={"id": membership_id}, count=1)
    return _item(membership)
