"""Demo enrolment: make the seeded statuses true.

Every `terdaftar` worker gets an active membership from an applied demo batch (a few also an earlier, ended
period), every `diusulkan` worker sits in a sealed batch waiting for the branch's results, and two approved
workers carry a rejection from BPJS. The batches show each step: the applied one was made, sent and answered;
of the waiting ones, one file was sent to the branch and one is made but not yet sent ("Tandai sudah dikirim").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import User
from lindung.enrolment.batches import batch_export, batch_mark_sent, funding_source_default
from lindung.enrolment.models import BatchLine, EndReason, EnrolmentBatch, ExportLayout, Membership
from lindung.workers.models import Status, Worker

from . import clock

APPLIED = "B-{kab}-DEMO-01"
WAITING = "B-{kab}-DEMO-02"
NOT_SENT = "B-{kab}-DEMO-03"
SENT_BY = "Surel ke Kantor Cabang BPJS Ketenagakerjaan Sekayu"
ENDED_REASONS = [EndReason.MUNDUR, EndReason.PENERIMA_UPAH, EndReason.PINDAH, EndReason.TMS]


def demo_kpj(worker_id: int) -> str:
    return f"16{worker_id:09d}"


# A layout as a branch office may ask for it: fixed program and office codes, dates as text.
BRANCH_LAYOUT = [
    ["KODE PROGRAM", "fixed", "JKK-JKM"],
    ["NO", "no"],
    ["NIK", "nik"],
    ["NAMA TENAGA KERJA", "name"],
    ["TGL LAHIR", "birth_date", "dd-mm-yyyy"],
    ["JENIS KELAMIN", "sex"],
    ["ALAMAT", "address"],
    ["PEKERJAAN", "occupation"],
    ["KODE WADAH", "group_code"],
    ["KODE KANTOR CABANG", "fixed", "SEKAYU"],
    ["TMT", "coverage_start", "yyyymmdd"],
]


def seed(out: Any) -> None:
    kab = settings.DEFAULT_KABUPATEN
    ExportLayout.objects.get_or_create(
        name="Contoh kantor cabang (teks tetap, tanggal teks)", defaults={"columns": BRANCH_LAYOUT}
    )
    number = APPLIED.format(kab=kab.replace(".", ""))
    if EnrolmentBatch.objects.filter(number=number).exists():
        out.write("Kepesertaan demo sudah ada.")
        return
    admin = User.objects.get(username="dinas")
    source = funding_source_default(kab)
    layout = ExportLayout.objects.filter(is_default=True).first()
    year = clock.today().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    now = timezone.now()
    open_members = Membership.objects.filter(status__in=["aktif", "nonaktif"]).values("worker_id")
    registered = list(
        Worker.objects.filter(kabupaten_id=kab, status=Status.TERDAFTAR, merged_into__isnull=True)
        .exclude(pk__in=open_members)
        .order_by("id")
    )
    proposed = list(
        Worker.objects.filter(kabupaten_id=kab, status=Status.DIUSULKAN, merged_into__isnull=True)
        .exclude(batch_lines__result="")
        .order_by("id")
    )
    rejected = list(Worker.objects.filter(kabupaten_id=kab, status=Status.DISETUJUI).order_by("id")[:2])
    with transaction.atomic():
        applied = EnrolmentBatch.objects.create(
            number=number,
            coverage_start=start,
            funding_source=source,
            group_code=source.group_code,
            kabupaten=source.kabupaten,
            status=EnrolmentBatch.Status.RESULTS_APPLIED,
            layout=layout,
            created_by=admin,
            sealed_at=now - dt.timedelta(days=21),
            exported_at=now - dt.timedelta(days=21),
            sent_at=now - dt.timedelta(days=20),
            sent_by=admin,
            sent_note=SENT_BY,
        )
        lines = [
            BatchLine(batch=applied, worker=w, nik=w.nik, name=w.name, result="diterima", kpj=demo_kpj(w.pk))
            for w in registered
        ] + [
            BatchLine(
                batch=applied,
                worker=w,
                nik=w.nik,
                name=w.name,
                result="ditolak",
                reason="NIK tidak ditemukan di data Dukcapil",
            )
            for w in rejected
        ]
        BatchLine.objects.bulk_create(lines, batch_size=1000)
        # A few members had an earlier period that ended; the page shows both.
        history = [
            Membership(
                worker=w,
                kpj=demo_kpj(w.pk),
                funding_source=source,
                start=dt.date(year - 2, 1, 1),
                end=dt.date(year - 2, 12, 31),
                status=Membership.Status.BERHENTI,
                end_reason=ENDED_REASONS[i % len(ENDED_REASONS)],
                end_date=dt.date(year - 2, 9, 30),
                evidence="Data demo",
            )
            for i, w in enumerate(registered[:8])
        ]
        current = [
            Membership(
                worker=w, kpj=demo_kpj(w.pk), funding_source=source, start=start, end=end, batch=applied
            )
            for w in registered
        ]
        Membership.objects.bulk_create(history + current, batch_size=1000)
        # The waiting workers in two batches when there are enough: one file sent, one made but not sent yet.
        half = (len(proposed) + 1) // 2 if len(proposed) > 1 else len(proposed)
        waiting = [
            _waiting_batch(number, group, source=source, layout=layout, admin=admin, now=now)
            for number, group in ((WAITING, proposed[:half]), (NOT_SENT, proposed[half:]))
            if group
        ]
    for batch in waiting:
        batch_export(batch=batch, by=admin)
    if waiting:
        batch_mark_sent(batch=waiting[0], by=admin, note=SENT_BY)
    out.write(
        f"Kepesertaan demo: {len(current)} peserta aktif (batch {applied.number}), {len(history)} periode "
        f"berhenti, {len(rejected)} ditolak BPJS, {len(proposed)} menunggu hasil"
        + (f" (batch {', '.join(b.number for b in waiting)})." if waiting else ".")
    )


def _waiting_batch(
    number: str, workers: list[Worker], *, source: Any, layout: Any, admin: User, now: dt.datetime
) -> EnrolmentBatch:
    kab = source.kabupaten_id
    batch = EnrolmentBatch.objects.create(
        number=number.format(kab=kab.replace(".", "")),
        coverage_start=(clock.today().replace(day=1) + dt.timedelta(days=32)).replace(day=1),
        funding_source=source,
        group_code=source.group_code,
        kabupaten=source.kabupaten,
        status=EnrolmentBatch.Status.SEALED,
        layout=layout,
        created_by=admin,
        sealed_at=now,
    )
    BatchLine.objects.bulk_create(
        [BatchLine(batch=batch, worker=w, nik=w.nik, name=w.name) for w in workers], batch_size=1000
    )
    return batch
