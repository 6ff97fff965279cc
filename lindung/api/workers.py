"""/api/workers: search, list, detail and create, scoped exactly like the staff pages."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as HttpStatus

from lindung.accounts.capabilities import Capability
from lindung.accounts.models import Agency, Role
from lindung.audit.services import audit_log
from lindung.intake.models import RepeatApplication
from lindung.intake.receipts import display_receipt_no
from lindung.intake.services import registered_worker, repeat_application_record
from lindung.lib.names import normalize_name
from lindung.lib.nik import clean_digits
from lindung.regions.models import Region
from lindung.workers import services as worker_services
from lindung.workers.forms import WorkerForm
from lindung.workers.models import Occupation, Segment, Source, Status, Worker
from lindung.workers.selectors import (
    get_worker_for,
    regions_visible_to,
    with_name_key_containing,
    workers_visible_to,
)

from .errors import ApiError, ErrorOut
from .reads import audit_read, principal_for, principal_of
from .schemas import NO_NUL, WorkerAccepted, WorkerDetail, WorkerIn, WorkerPage
from .services import ApiPrincipal

router = Router(tags=["pekerja"])
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # far past any registry, and keeps SQL's OFFSET inside 64 bits


def _item(worker: Worker, full_nik: bool) -> dict[str, Any]:
    return {
        "id": worker.pk,
        "nik": worker.nik if full_nik else worker.masked_nik,
        "name": worker.name,
        "birth_date": worker.birth_date,
        "sex": worker.sex,
        "status": worker.status,
        "status_label": str(Status(worker.status).label),
        "segment": worker.segment,
        "desa": {"code": worker.desa_id, "name": worker.desa.name},
        "kecamatan": {"code": worker.kecamatan_id, "name": worker.kecamatan.name},
        "occupation": worker.occupation.name if worker.occupation else None,
    }


def _detail(worker: Worker, full_nik: bool) -> dict[str, Any]:
    return _item(worker, full_nik) | {
        "kk": worker.kk,
        "birth_place": worker.birth_place,
        "address": worker.address,
        "phone": worker.phone,
        "occupation_code": worker.occupation.code if worker.occupation else None,
        "income": worker.income,
        "agency": worker.agency.code if worker.agency else None,
        "source": worker.source,
        "desil": worker.desil,
        "receipt_no": display_receipt_no(worker.receipt_no) if worker.receipt_no else None,
        "version": worker.version,
        "created_at": worker.created_at,
        "updated_at": worker.updated_at,
    }


def _audit_full_nik(request: HttpRequest, workers: list[Worker]) -> None:
    """A full NIK leaves a trace on each person's own timeline, like the button on the worker page."""
    token = principal_of(request).token
    for worker in workers:
        audit_log(
            actor=None,
            action="api.view_nik",
            obj=worker,
            changes={"token_id": token.pk, "token": token.name},
            request=request,
        )


def valid_choice(value: str, choices: list[str], field: str) -> str:
    if value and value not in choices:
        raise ApiError(
            422,
            "invalid",
            _("Data yang dikirim tidak valid; periksa isian yang ditandai."),
            {field: [_("Nilai tidak dikenal. Pilihan: %(c)s.") % {"c": ", ".join(choices)}]},
        )
    return value


@router.get("/workers", response={200: WorkerPage, **ERRORS}, summary="Daftar dan pencarian pekerja")
def worker_list(
    request: HttpRequest,
    nik: str = Query("", description="NIK lengkap 16 digit (pencocokan persis)"),
    name: str = Query("", description="nama (gelar dan variasi ejaan diabaikan)", pattern=NO_NUL),
    kecamatan: str = Query("", description="kode kecamatan", pattern=NO_NUL),
    desa: str = Query("", description="kode desa/kelurahan", pattern=NO_NUL),
    occupation: str = Query("", description="kode pekerjaan", pattern=NO_NUL),
    status: str = "",
    segment: str = "",
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    full_nik: bool = Query(False, description="1 = tampilkan NIK lengkap (tercatat di jejak audit)"),
) -> dict[str, Any]:
    workers: QuerySet[Worker] = workers_visible_to(principal_for(request, Capability.PEOPLE))
    if nik:
        digits, problem = clean_digits(nik)
        if problem or len(digits) != 16:
            raise ApiError(
                422,
                "invalid",
                _("Data yang dikirim tidak valid; periksa isian yang ditandai."),
                {"nik": [problem or _("NIK harus 16 digit.")]},
            )
        workers = workers.filter(nik=digits)
    if name:
        workers = with_name_key_containing(workers, normalize_name(name))
    filters = {
        "kecamatan_id": kecamatan,
        "desa_id": desa,
        "occupation__code": occupation,
        "status": valid_choice(status, list(Status.values), "status"),
        "segment": valid_choice(segment, list(Segment.values), "segment"),
    }
    workers = workers.filter(**{field: value for field, value in filters.items() if value})
    total = workers.count()
    rows = list(workers.select_related("desa", "kecamatan", "occupation")[offset : offset + limit])
    used = {"nik": bool(nik), "name": name, "full_nik": full_nik, "limit": limit, "offset": offset}
    used.update(
        {k: v for k, v in {"kecamatan": kecamatan, "desa": desa, "occupation": occupation}.items() if v}
    )
    used.update({k: v for k, v in {"status": status, "segment": segment}.items() if v})
    audit_read(request, endpoint="workers.list", filters=used, count=len(rows))
    if full_nik:
        _audit_full_nik(request, rows)
    return {"total": total, "limit": limit, "offset": offset, "items": [_item(w, full_nik) for w in rows]}


@router.get("/workers/{worker_id}", response={200: WorkerDetail, **ERRORS}, summary="Rincian satu pekerja")
def worker_detail(request: HttpRequest, worker_id: int, full_nik: bool = False) -> dict[str, Any]:
    worker = get_worker_for(principal_for(request, Capability.PEOPLE), worker_id)
    audit_read(request, endpoint="workers.detail", filters={"id": worker_id, "full_nik": full_nik}, count=1)
    if full_nik:
        _audit_full_nik(request, [worker])
    return _detail(worker, full_nik)


def _form_data(payload: WorkerIn, kabupaten: str) -> dict[str, Any]:
    data = payload.dict()
    if data["occupation"]:
        # The code among the occupations of the token's kabupaten/kota: another kabupaten's is unknown here.
        offered = Occupation.objects.for_kabupaten(kabupaten)
        found = offered.filter(code=data["occupation"]).values_list("pk", flat=True).first()
        data["occupation"] = found or "-1"  # an unknown code gets the form's own "not a valid choice"
    if data["agency"]:
        found = Agency.objects.filter(code=data["agency"]).values_list("pk", flat=True).first()
        data["agency"] = found or "-1"
    return {k: ("" if v is None else v) for k, v in data.items()}


def _accepted(form: WorkerForm) -> HttpStatus:
    """One answer for every create that passed the field checks: the same status and body whether the NIK was
    new (the worker is now in the token's area, GET /workers?nik=… shows it) or registered in another area
    (kept for the Dinas to review). Only the NIK's own warnings, which follow from its digits, are added."""
    message = _("Data diterima untuk diperiksa. Pekerja yang dicatat tampil di daftar pekerja wilayah token.")
    warnings = [str(w) for w in form.nik_warnings]
    return HttpStatus(202, {"status": "diterima", "message": message, "warnings": warnings})


def _registered_nik(
    request: HttpRequest, principal: ApiPrincipal, registered: Worker, data: dict[str, Any]
) -> None:
    """Inside the token's area the system may say the worker is there (the token lists it anyway); outside it,
    nothing in the answer may tell that the NIK is registered elsewhere: the data goes to the Dinas."""
    if workers_visible_to(principal).filter(pk=registered.pk).exists():
        raise ApiError(
            409,
            "conflict",
            _("NIK ini sudah terdaftar di wilayah token; ubah datanya, jangan ditambah lagi."),
            {"nik": [_("NIK ini sudah terdaftar di Lindung.")]},
        )
    repeat_application_record(
        worker=registered,
        data=data,
        via=RepeatApplication.Via.API,
        by_token=principal.token.name,
        request=request,
    )


@router.post(
    "/workers",
    response={202: WorkerAccepted, 400: ErrorOut, 409: ErrorOut, **ERRORS},
    summary="Tambah pekerja",
    description=(
        "202: diterima. Jawabannya sama untuk NIK baru (pekerja dicatat di wilayah token; cari dengan "
        "GET /workers?nik=…) dan untuk NIK yang terdaftar di luar wilayah token (diteruskan ke Dinas untuk "
        "diperiksa), agar API tidak dapat dipakai untuk menguji NIK wilayah lain. "
        "409: NIK sudah terdaftar di wilayah token. 422: isian tidak valid."
    ),
)
def worker_create(request: HttpRequest, payload: WorkerIn) -> HttpStatus:
    principal = principal_for(request, Capability.ENTER)
    kabupaten = principal.area.code[:5]
    agencies = Agency.objects.filter(kabupaten__code=kabupaten)
    if principal.role == Role.OPERATOR_OPD:
        agencies = agencies.filter(pk=principal.agency_id or 0)
    form = WorkerForm(
        _form_data(payload, kabupaten),
        desa_queryset=regions_visible_to(principal, Region.Level.DESA),
        agency_queryset=agencies,
        kabupaten=kabupaten,
    )
    # Every field first, without the registry: the errors are the same whether the NIK is registered or not.
    form.check_registered = False
    if not form.is_valid():
        fields = {("non_field" if k == "__all__" else k): [str(m) for m in v] for k, v in form.errors.items()}
        raise ApiError(422, "invalid", _("Data pekerja tidak valid; periksa isian yang ditandai."), fields)
    registered = registered_worker(form.cleaned_data["nik"])
    if registered is None:
        try:
            _create(request, principal, form)
        except IntegrityError:
            # Saved by another request since the look-up: answered like any registered NIK.
            registered = registered_worker(form.cleaned_data["nik"])
            if registered is None:
                raise
    if registered is not None:
        _registered_nik(request, principal, registered, form.cleaned_data)
    return _accepted(form)


def _create(request: HttpRequest, principal: ApiPrincipal, form: WorkerForm) -> None:
    worker = form.save(commit=False)
    worker.source = Source.OPD if principal.role == Role.OPERATOR_OPD else Source.PETUGAS
    with transaction.atomic():
        worker_services.worker_create(worker=worker, by=principal, request=request)
        audit_log(
            actor=None,
            action="api.create",
            obj=worker,
            changes={"token_id": principal.token.pk, "token": principal.token.name},
            request=request,
        )
