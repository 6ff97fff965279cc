"""Input and output shapes of the API; the OpenAPI document is generated from these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from lindung.workers.models import Segment, Sex

SEGMENTS: list[Any] = list(Segment.values)
SEXES: list[Any] = list(Sex.values)

# A text that goes straight into a query: PostgreSQL can neither store nor compare a NUL character, so it is
# refused as invalid input (422) like Django's form fields do, instead of failing in the database (500).
NO_NUL = r"^[^\x00]*$"


class RegionRef(Schema):
    code: str
    name: str


class WorkerItem(Schema):
    id: int
    nik: str = Field(description="NIK tersamar (160601••••••••••) kecuali diminta full_nik=1")
    name: str
    birth_date: dt.date
    sex: str
    status: str
    status_label: str
    segment: str
    desa: RegionRef
    kecamatan: RegionRef
    occupation: str | None


class WorkerDetail(WorkerItem):
    kk: str
    birth_place: str
    address: str
    phone: str
    occupation_code: str | None
    income: int | None
    agency: str | None
    source: str
    desil: int | None
    receipt_no: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class WorkerAccepted(Schema):
    """The one answer to every valid create: a new NIK is recorded in the token's area, a NIK registered in
    another area is kept for the Dinas to review; the answer does not say which (issue 17, finding 4)."""

    status: str = Field(description="diterima", json_schema_extra={"enum": ["diterima"]})
    message: str
    warnings: list[str] = Field(description="peringatan tentang NIK, mis. kode kecamatan yang tidak dikenal")


class WorkerPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[WorkerItem]


def _declared(**schema: Any) -> dict[str, Any]:
    """What the registry's form enforces, declared in the document only: the form still answers with its own
    Indonesian message (schemathesis and generated clients send data the form accepts)."""
    return schema


class WorkerIn(Schema):
    nik: str = Field(description="16 digit")
    kk: str = ""
    name: str = Field(json_schema_extra=_declared(minLength=2, maxLength=100))
    birth_place: str = Field("", json_schema_extra=_declared(maxLength=60))
    birth_date: str = Field(description="TTTT-BB-HH")
    sex: str = Field(description="L atau P", json_schema_extra=_declared(enum=SEXES))
    address: str = Field("", json_schema_extra=_declared(maxLength=200))
    desa: str = Field(description="kode Kemendagri desa/kelurahan, mis. 16.06.01.2001")
    phone: str = ""
    occupation: str | None = Field(None, description="kode pekerjaan, mis. petani", pattern=NO_NUL)
    income: int | None = Field(
        None, description="Rupiah per bulan", json_schema_extra=_declared(minimum=0, maximum=2**31 - 1)
    )
    segment: str = Field(
        "rentan", description="rentan atau non_asn", json_schema_extra=_declared(enum=SEGMENTS)
    )
    agency: str | None = Field(None, description="kode OPD, wajib untuk non_asn", pattern=NO_NUL)
    desil: int | None = Field(
        None, description="desil P3KE/DTKS", json_schema_extra=_declared(minimum=1, maximum=10)
    )

    model_config = ConfigDict(
        json_schema_extra={
            # A non-ASN worker is recorded with the OPD they work at (the form's rule, declared).
            "if": {"properties": {"segment": {"const": "non_asn"}}, "required": ["segment"]},
            "then": {"properties": {"agency": {"type": "string", "minLength": 1}}, "required": ["agency"]},
            "examples": [
                {
                    # A NIK of the right shape that no test or demo worker has (serial 9999).
                    "nik": "1606014503909999",
                    "name": "Siti Aminah",
                    "birth_date": "1990-03-05",
                    "sex": "P",
                    "desa": "16.06.01.2001",
                    "occupation": "petani",
                }
            ],
        }
    )


class StatusQuery(Schema):
    receipt_no: str
    birth_date: dt.date

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"receipt_no": "LD-ACDE-3467", "birth_date": "1990-03-05"}]}
    )


class ApplicationStatus(Schema):
    receipt_no: str
    status: str
    status_label: str
    reason: str
    updated_at: dt.datetime


class RegionItem(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class RegionList(Schema):
    total: int
    items: list[RegionItem]


class CountRow(Schema):
    key: str
    label: str
    count: int


class Statistics(Schema):
    area: RegionItem
    total: int
    by_status: list[CountRow]
    by_kecamatan: list[CountRow]
    by_segment: list[CountRow]


class PersonRef(Schema):
    id: int
    nik: str = Field(description="NIK tersamar (160601••••••••••)")
    name: str


class FundingRef(Schema):
    code: str
    name: str
    kind: str


class MembershipItem(Schema):
    id: int
    kpj: str
    worker: PersonRef
    programs: str = Field(description="program yang ditanggung, mis. JKK+JKM")
    funding_source: FundingRef
    start: dt.date
    end: dt.date | None = Field(description="berlaku sampai (tanpa nilai: berjalan terus)")
    status: str = Field(description="aktif, nonaktif, atau berhenti")
    status_label: str
    end_reason: str
    end_date: dt.date | None
    batch: str | None = Field(description="nomor batch pendaftaran")


class MembershipPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[MembershipItem]
