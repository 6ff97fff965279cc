"""Demo funding beyond the kabupaten's APBD, each source enrolled through the real batch path: create, seal,
export, the branch's result file (an xlsx as a branch sends it), apply.

- The Operator OPD login's agency pays for its own non-ASN staff from its budget (DPA, kind OPD). One of them is
  65 and turns 66 before 1 January, so next year's renewal proposes to end his membership.
- One desa pays for some of its workers from its APBDes (group SD). It has not transferred the premiums since its
  first members started three months ago: the premiums step makes them nonaktif, and the two who joined last month
  are in arrears.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.db.models import Q

from lindung.accounts.models import User
from lindung.dedup.models import Decision, DuplicateCandidate
from lindung.eligibility.models import EligibilityRule, RuleKind
from lindung.enrolment.batches import BatchError, batch_create, batch_export, batch_mark_sent, batch_seal
from lindung.enrolment.models import BatchLine, EnrolmentBatch, FundingSource
from lindung.enrolment.results import result_upload_apply, result_upload_create
from lindung.lib import sheets
from lindung.lib.nik import make_nik
from lindung.regions.models import Region
from lindung.workers.models import Occupation, Status, Worker
from lindung.workers.workflow import TransitionError

from . import clock
from .enrolment import demo_kpj
from .entry import enter_worker, verify_and_approve

SENIOR_REF = "OPD-DEMO-001"
LATER_MEMBERS = 2
RESULT_HEADERS = ["No", "NIK", "Nama", "No KPJ", "Status", "Tanggal Efektif", "Keterangan"]


def opd_source() -> FundingSource:
    """The budget of the Operator OPD login's agency, for its own non-ASN staff."""
    agency = User.objects.get(username="opd").agency
    if agency is None:
        raise RuntimeError("the demo login 'opd' has no agency")
    kabupaten = Region.objects.get(code=settings.DEFAULT_KABUPATEN)
    source, _created = FundingSource.objects.get_or_create(
        code=f"opd-{agency.code.lower()}-{kabupaten.code.replace('.', '')}",
        defaults={
            "name": f"DPA {agency.name}",
            "kind": FundingSource.Kind.OPD,
            "group_code": FundingSource.Group.SG,
            "kabupaten": kabupaten,
            "agency": agency,
        },
    )
    return source


def apbdes_source() -> FundingSource:
    """The APBDes of the second village operator's desa."""
    desa = Region.objects.get(code=User.objects.get(username="desa2").area_id)
    source, _created = FundingSource.objects.get_or_create(
        code=f"apbdes-{desa.code.replace('.', '')}",
        defaults={
            "name": f"APBDes {desa.name}",
            "kind": FundingSource.Kind.APBDES,
            "group_code": FundingSource.Group.SD,
            "kabupaten_id": settings.DEFAULT_KABUPATEN,
        },
    )
    return source


def _result_xlsx(batch: EnrolmentBatch, effective: dt.date) -> bytes:
    """The branch's answer: every line accepted with a new KPJ from the coverage start."""
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Hasil")
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, RESULT_HEADERS)
    lines = batch.lines.filter(result=BatchLine.Result.PENDING).order_by("id")
    for row, line in enumerate(lines, start=1):
        sheet.write_number(row, 0, row)
        sheet.write_string(row, 1, line.nik, text)
        sheet.write_string(row, 2, line.name)
        sheet.write_string(row, 3, demo_kpj(line.worker_id), text)
        sheet.write_string(row, 4, "Diterima")
        sheet.write_datetime(row, 5, dt.datetime.combine(effective, dt.time()), date)
    book.close()
    return buffer.getvalue()


def _enrol(
    *, source: FundingSource, start: dt.date, filters: dict[str, Any], admin: User, bpjs: User
) -> EnrolmentBatch | None:
    """One batch from draft to applied results; None when nobody approved matches the filters."""
    try:
        batch = batch_create(user=admin, funding_source=source, coverage_start=start, filters=filters)
    except BatchError:
        return None
    batch_seal(batch=batch, by=admin)
    batch = batch_export(batch=batch, by=admin)
    batch = batch_mark_sent(batch=batch, by=admin, note="Surel ke Kantor Cabang BPJS Ketenagakerjaan")
    upload = result_upload_create(
        batch=batch, name=f"Hasil-{batch.number}.xlsx", content=_result_xlsx(batch, start), by=bpjs
    )
    result_upload_apply(upload=upload, by=admin)
    return batch


def _age_limit() -> int:
    rule = EligibilityRule.objects.filter(kind=RuleKind.AGE, active=True).order_by("-effective_from").first()
    return int(rule.parameters.get("max", settings.MAX_AGE)) if rule else settings.MAX_AGE


def _enter_senior_staff(operator: User, admin: User, today: dt.date) -> None:
    """A night guard at the puskesmas, born on 1 January: at the age limit all year, past it next January."""
    if Worker.objects.filter(source_ref=SENIOR_REF).exists():
        return
    desa = Region.objects.get(code=User.objects.get(username="desa").area_id)
    birth = dt.date(today.year - _age_limit(), 1, 1)
    worker = enter_worker(
        user=operator,
        source_ref=SENIOR_REF,
        data={
            "nik": make_nik(str(desa.parent_id), birth, "L", 9202),  # serials the demo registry does not use
            "kk": f"{str(desa.parent_id).replace('.', '')}0907110031",
            "name": "Sukarman",
            "birth_place": "Lubuk Linggau",
            "birth_date": birth.isoformat(),
            "sex": "L",
            "address": "Komplek Puskesmas Sekayu",
            "desa": desa.code,
            "phone": "081367770123",
            "occupation": str(Occupation.objects.get(code="tenaga-honorer").pk),
            "income": "1500000",
            "segment": "non_asn",
            "agency": str(operator.agency_id),
        },
    )
    verify_and_approve(worker=worker, verifier=operator, approver=admin, note="SK penugasan OPD dilampirkan.")


def _approve_more(desa: Region, operator: User, admin: User, want: int) -> int:
    """Approve the desa's next few waiting workers (verified ones first); a refused decision is skipped."""
    undecided = DuplicateCandidate.objects.filter(decision=Decision.PENDING)
    waiting = (
        Worker.objects.filter(
            desa=desa, merged_into__isnull=True, status__in=[Status.DIVERIFIKASI, Status.DIAJUKAN]
        )
        .exclude(Q(pk__in=undecided.values("worker_a_id")) | Q(pk__in=undecided.values("worker_b_id")))
        .order_by("-status", "id")  # diverifikasi before diajukan
    )
    approved = 0
    for worker in waiting[: want * 3]:
        try:
            verify_and_approve(worker=worker, verifier=operator, approver=admin, note="Data demo")
        except TransitionError:
            continue
        approved += 1
        if approved == want:
            break
    return approved


def seed(out: Any) -> None:
    today = clock.today()
    admin, bpjs = User.objects.get(username="dinas"), User.objects.get(username="bpjs")
    opd, apbdes = opd_source(), apbdes_source()
    if opd.batches.exists() and apbdes.batches.exists():
        out.write(f"Sumber dana {opd.name} dan {apbdes.name} sudah ada.")
        return
    year_start = dt.date(today.year, 1, 1)
    if not opd.batches.exists():
        operator = User.objects.get(username="opd")
        _enter_senior_staff(operator, admin, today)
        start = max(clock.month_start(today, 2), year_start)
        batch = _enrol(source=opd, start=start, filters={}, admin=admin, bpjs=bpjs)
        count = batch.memberships.count() if batch else 0
        out.write(f"Sumber dana {opd.name}: {count} pegawai non-ASN terdaftar mulai {start:%d-%m-%Y}.")
    if not apbdes.batches.exists():
        desa2 = User.objects.get(username="desa2")
        desa = Region.objects.get(code=desa2.area_id)
        # The first members started three months ago: long enough for the arrears rule to end their cover.
        first = _enrol(
            source=apbdes,
            start=clock.month_start(today, 3),
            filters={"desa": [desa.code]},
            admin=admin,
            bpjs=bpjs,
        )
        later = None
        if _approve_more(desa, desa2, admin, LATER_MEMBERS):
            later = _enrol(
                source=apbdes,
                start=max(clock.month_start(today, 1), year_start),
                filters={"desa": [desa.code]},
                admin=admin,
                bpjs=bpjs,
            )
        out.write(
            f"Sumber dana {apbdes.name} (kode wadah SD): {first.memberships.count() if first else 0} peserta "
            f"mulai {clock.month_start(today, 3):%m-%Y}, {later.memberships.count() if later else 0} "
            "peserta menyusul; iurannya belum dibayar desa."
        )
