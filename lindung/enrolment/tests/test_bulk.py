"""Sealing, applying and renewing in bulk keep the one-at-a-time contract: rows, audit, notices, all or nothing."""

import datetime as dt

import pytest
from django.db.models import F

from lindung.audit.models import AuditEvent
from lindung.conftest import MUBA, make_worker
from lindung.enrolment import batches
from lindung.enrolment.batches import BatchError, batch_create, batch_seal
from lindung.enrolment.models import BatchLine, EnrolmentBatch, Membership
from lindung.enrolment.renewal import renewal_confirm, renewal_propose
from lindung.enrolment.results import result_upload_apply, result_upload_create
from lindung.notices.models import Notice
from lindung.regions.models import Region
from lindung.workers.models import Status, StatusChange, Worker
from lindung.workers.workflow import worker_transition

from .conftest import START, approved, sealed_batch

pytestmark = pytest.mark.django_db


def test_a_worker_changed_while_sealing_is_dropped_and_reported(personas, apbd, monkeypatch):
    workers = approved(3)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    recheck = batches.enrolment_recheck

    def recheck_then_someone_edits(*, worker, batch, context):
        # Another user saves the last worker while the seal is still checking the lines.
        Worker.objects.filter(pk=workers[2].pk).update(version=F("version") + 1)
        return recheck(worker=worker, batch=batch, context=context)

    monkeypatch.setattr(batches, "enrolment_recheck", recheck_then_someone_edits)
    result = batch_seal(batch=batch, by=personas["admin"])
    assert result.sealed == 2
    assert result.dropped == [
        ("Siti Aminah", "Data pekerja berubah saat batch dikunci; periksa lalu usulkan di batch berikutnya.")
    ]
    assert Worker.objects.get(pk=workers[2].pk).status == Status.DISETUJUI
    line = batch.lines.get(worker=workers[2])
    assert (line.result, line.reason) == (BatchLine.Result.DROPPED, result.dropped[0][1])
    assert StatusChange.objects.filter(to_status=Status.DIUSULKAN).count() == 2
    assert (
        AuditEvent.objects.filter(action="worker.status", changes__status=["disetujui", "diusulkan"]).count()
        == 2
    )


def test_sealing_by_a_role_that_may_not_seal_writes_nothing(personas, apbd):
    approved(2)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    with pytest.raises(BatchError, match="tidak berwenang"):
        batch_seal(batch=batch, by=personas["desa"])
    batch.refresh_from_db()
    assert batch.status == EnrolmentBatch.Status.DRAFT
    assert not StatusChange.objects.exists()
    assert set(batch.lines.values_list("result", flat=True)) == {BatchLine.Result.PENDING}


def test_apply_is_all_or_nothing_when_a_worker_changed_meanwhile(personas, apbd):
    batch = sealed_batch(personas["admin"], apbd, approved(2))
    a, b = batch.lines.order_by("id")
    csv = f"NIK,KPJ,Status,Keterangan\n{a.nik},16010000001,diterima,\n{b.nik},,ditolak,NIK tidak padan\n"
    upload = result_upload_create(batch=batch, name="hasil.csv", content=csv.encode(), by=personas["bpjs"])
    assert not upload.report["blocking"]
    # After the upload, the dinas takes b back out of the batch by hand.
    worker_transition(
        worker=b.worker, to=Status.DISETUJUI, by=personas["admin"], reason="lainnya", note="salah"
    )
    notices_before = Notice.objects.count()
    with pytest.raises(BatchError, match="Siti Aminah: Status tidak bisa diubah dari Disetujui"):
        result_upload_apply(upload=upload, by=personas["bpjs"])
    # The accepted row was written before the rejected one failed: all of it rolled back.
    assert Worker.objects.get(pk=a.worker_id).status == Status.DIUSULKAN
    assert not Membership.objects.exists()
    assert not StatusChange.objects.filter(to_status=Status.TERDAFTAR).exists()
    assert not AuditEvent.objects.filter(action__in=["membership.start", "membership.notice"]).exists()
    assert Notice.objects.count() == notices_before
    batch.refresh_from_db()
    assert batch.status == EnrolmentBatch.Status.SEALED
    assert set(batch.lines.values_list("result", "kpj")) == {(BatchLine.Result.PENDING, "")}


def test_apply_writes_each_line_its_own_kpj_and_reason(personas, apbd):
    batch = sealed_batch(personas["admin"], apbd, approved(4))
    a, b, c, d = batch.lines.order_by("id")
    csv = (
        f"NIK,KPJ,Status,Keterangan\n{a.nik},16010000001,diterima,\n{b.nik},16010000002,diterima,\n"
        f"{c.nik},,ditolak,NIK tidak padan\n{d.nik},,ditolak,\n"
    )
    upload = result_upload_create(batch=batch, name="hasil.csv", content=csv.encode(), by=personas["bpjs"])
    result_upload_apply(upload=upload, by=personas["bpjs"])
    got = {line.nik: (line.result, line.kpj, line.reason) for line in batch.lines.all()}
    assert got == {
        a.nik: ("diterima", "16010000001", ""),
        b.nik: ("diterima", "16010000002", ""),
        c.nik: ("ditolak", "", "NIK tidak padan"),
        d.nik: ("ditolak", "", "Ditolak BPJS tanpa keterangan"),
    }
    assert dict(Membership.objects.values_list("worker_id", "kpj")) == {
        a.worker_id: "16010000001",
        b.worker_id: "16010000002",
    }
    assert AuditEvent.objects.filter(action="membership.start").count() == 2
    assert Notice.objects.filter(template="membership_active").count() == 2
    assert Notice.objects.filter(template="bpjs_rejected", worker=c.worker).count() == 1


def test_renewal_ends_members_with_audit_and_a_notice_each_and_skips_the_changed(personas, apbd, settings):
    settings.MAX_AGE = 65

    def member(birth, kpj):
        return Membership.objects.create(
            worker=make_worker(status=Status.TERDAFTAR, birth_date=birth),
            kpj=kpj,
            funding_source=apbd,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
        )

    old, older, young, deactivated = (
        member(dt.date(1950, 1, 1), "16010000001"),
        member(dt.date(1955, 1, 1), "16010000002"),
        member(dt.date(1990, 1, 1), "16010000003"),
        member(dt.date(1950, 6, 1), "16010000004"),
    )
    run = renewal_propose(kabupaten=Region.objects.get(code=MUBA), fiscal_year=2027, by=personas["admin"])
    Membership.objects.filter(pk=deactivated.pk).update(status=Membership.Status.NONAKTIF)
    counts = renewal_confirm(run=run, by=personas["admin"])
    assert counts == {"continued": 1, "ended": 2, "skipped": 1}
    for m in (old, older):
        m.refresh_from_db()
        assert (m.status, m.end_reason, m.end_date) == ("berhenti", "batas_usia", dt.date(2026, 12, 31))
        assert m.evidence.startswith("Pembaruan tahunan 2027: Umur")
        event = AuditEvent.objects.get(action="membership.end", object_id=str(m.pk))
        assert event.changes == {
            "status": ["aktif", "berhenti"],
            "reason": "batas_usia",
            "date": "2026-12-31",
        }
        assert m.kpj in Notice.objects.get(template="membership_ending", worker=m.worker).body
    deactivated.refresh_from_db()
    assert (deactivated.status, deactivated.end_date) == ("nonaktif", None)
    young.refresh_from_db()
    assert young.end == dt.date(2027, 12, 31)
    assert Notice.objects.filter(template="membership_ending").count() == 2
