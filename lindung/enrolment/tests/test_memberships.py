import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, login, make_worker
from lindung.enrolment.memberships import (
    MembershipError,
    membership_deactivate,
    membership_end,
    membership_reactivate,
)
from lindung.enrolment.models import FundingSource, Membership
from lindung.notices.models import Notice
from lindung.workers.models import Segment, Status

pytestmark = pytest.mark.django_db


def member(source, desa=DESA_A, kpj="16010000001", **fields):
    worker = make_worker(desa, status=Status.TERDAFTAR, **fields)
    return Membership.objects.create(worker=worker, kpj=kpj, funding_source=source, start=dt.date(2026, 1, 1))


def test_end_with_reason_date_and_evidence(personas, apbd):
    m = member(apbd)
    m = membership_end(
        membership=m,
        reason="meninggal",
        date=dt.date(2026, 3, 2),
        evidence="Akta kematian 123",
        by=personas["admin"],
    )
    assert (m.status, m.end_reason, m.end_date) == ("berhenti", "meninggal", dt.date(2026, 3, 2))
    assert AuditEvent.objects.filter(action="membership.end", object_id=str(m.pk)).exists()
    assert AuditEvent.objects.filter(action="membership.notice", changes__event="end").exists()
    notice = Notice.objects.get(template="membership_ending")  # queued in the notices outbox
    assert "16010000001" in notice.body
    with pytest.raises(MembershipError, match="sudah berhenti"):
        membership_end(
            membership=m, reason="meninggal", date=dt.date(2026, 3, 2), evidence="x", by=personas["admin"]
        )


def test_end_refusals_write_nothing(personas, apbd):
    m = member(apbd)
    with pytest.raises(MembershipError, match="Catatan bukti wajib"):
        membership_end(
            membership=m, reason="meninggal", date=dt.date(2026, 3, 2), evidence=" ", by=personas["admin"]
        )
    with pytest.raises(MembershipError, match="sebelum tanggal mulai"):
        membership_end(
            membership=m, reason="meninggal", date=dt.date(2025, 3, 2), evidence="x", by=personas["admin"]
        )
    with pytest.raises(MembershipError, match="alasan berhenti dari daftar"):
        membership_end(
            membership=m, reason="bosan", date=dt.date(2026, 3, 2), evidence="x", by=personas["admin"]
        )
    m.refresh_from_db()
    assert m.status == "aktif" and not AuditEvent.objects.filter(action="membership.end").exists()


def test_deactivate_and_reactivate(personas, apbd):
    m = member(apbd)
    m = membership_deactivate(membership=m, by=personas["admin"])
    assert m.status == "nonaktif" and "3 bulan" in m.evidence
    with pytest.raises(MembershipError, match="Hanya kepesertaan aktif"):
        membership_deactivate(membership=m, by=personas["admin"])
    m = membership_reactivate(membership=m, by=personas["admin"], note="Tunggakan dilunasi")
    assert m.status == "aktif"
    with pytest.raises(MembershipError, match="Hanya kepesertaan nonaktif"):
        membership_reactivate(membership=m, by=personas["admin"])


def test_one_open_membership_per_worker_is_a_database_rule(apbd):
    m = member(apbd)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            worker=m.worker, kpj="16010000002", funding_source=apbd, start=dt.date(2026, 2, 1)
        )
    Membership.objects.filter(pk=m.pk).update(status="berhenti")
    Membership.objects.create(
        worker=m.worker, kpj="16010000002", funding_source=apbd, start=dt.date(2026, 2, 1)
    )
    assert m.worker.memberships.count() == 2


def test_worker_page_shows_every_period_and_the_letter_link(personas, apbd):
    m = member(apbd)
    Membership.objects.filter(pk=m.pk).update(
        status="berhenti", end_reason="mengundurkan_diri", end_date=dt.date(2026, 5, 1)
    )
    Membership.objects.create(
        worker=m.worker, kpj="16010000077", funding_source=apbd, start=dt.date(2026, 7, 1)
    )
    page = login(personas["desa"]).get(f"/pekerja/{m.worker_id}/").content.decode()
    assert "16010000001" in page and "16010000077" in page
    assert "Mengundurkan diri" in page
    assert f"/kepesertaan/{m.pk}/surat.pdf" in page


def test_pages_end_deactivate_only_for_the_dinas(personas, apbd):
    m = member(apbd)
    desa = login(personas["desa"])
    assert desa.post(f"/kepesertaan/{m.pk}/nonaktif/").status_code == 403
    response = login(personas["admin"]).post(
        f"/kepesertaan/{m.pk}/berhenti/",
        {"reason": "pindah_domisili", "date": "2026-04-01", "evidence": "Surat pindah"},
        follow=True,
    )
    assert "Kepesertaan dihentikan." in response.content.decode()
    response = login(personas["admin"]).post(f"/kepesertaan/{m.pk}/aktifkan/", follow=True)
    assert "Hanya kepesertaan nonaktif" in response.content.decode()


def test_a_desa_operator_sees_its_members_only(personas, apbd):
    ours = member(apbd, DESA_A, kpj="16010000001")
    theirs = member(apbd, DESA_LAIS, kpj="16010000002")
    client = login(personas["desa"])
    page = client.get("/kepesertaan/").content.decode()
    assert ours.kpj in page and theirs.kpj not in page
    assert client.get(f"/kepesertaan/{theirs.pk}/").status_code == 404
    assert client.get(f"/kepesertaan/{theirs.pk}/surat.pdf").status_code == 404
    bpjs_page = login(personas["bpjs"]).get("/kepesertaan/").content.decode()
    assert ours.kpj in bpjs_page and theirs.kpj in bpjs_page
    assert ours.kpj not in login(personas["admin_lain"]).get("/kepesertaan/").content.decode()


def test_opd_operator_sees_its_non_asn_staff(personas, apbd, agency):
    opd_fund = FundingSource.objects.create(
        code="opd-dinkes", name="Anggaran Dinkes", kind="opd", kabupaten_id="16.06", agency=agency
    )
    staff = member(opd_fund, kpj="16010000005", segment=Segment.NON_ASN, agency=agency)
    other = member(apbd, kpj="16010000006")
    page = login(personas["opd"]).get("/kepesertaan/").content.decode()
    assert staff.kpj in page and other.kpj not in page
    assert "Anggaran Dinkes" in page


def test_an_imported_death_report_fills_the_end_form(personas, apbd):
    from lindung.workers.models import FlagKind, WorkerFlag

    m = member(apbd)
    WorkerFlag.objects.create(
        worker=m.worker,
        kind=FlagKind.RESIDENCY,
        detail="Impor siak.xlsx: Status penduduk di sumber data: MATI.",
    )
    response = login(personas["admin"]).get(f"/kepesertaan/{m.pk}/")
    page = response.content.decode()
    assert 'id="residency-report"' in page
    form = response.context["end_form"]
    assert form.initial["reason"] == "meninggal" and "siak.xlsx" in form.initial["evidence"]
    assert Membership.objects.get(pk=m.pk).status == "aktif"  # the end is still the dinas's decision
