import datetime as dt

import pytest

from lindung.conftest import MUBA, make_worker
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership
from lindung.premiums.bills import bill_compute
from lindung.premiums.budget import affordable_members, budget_status
from lindung.premiums.models import BudgetAllocation
from lindung.premiums.payments import PaymentError, arrears, arrears_apply, payment_record
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def apbd(db):
    return funding_source_default(MUBA)


def member(source, start=dt.date(2026, 1, 1), kpj="16010000001"):
    return Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR),
        kpj=kpj,
        funding_source=source,
        start=start,
        end=dt.date(2026, 12, 31),
    )


def month(m):
    return dt.date(2026, m, 1)


def test_payments_are_recorded_once_per_sp2d(personas, apbd):
    payment_record(
        funding_source=apbd,
        month=month(1),
        sp2d_number="SP2D-001",
        sp2d_date=month(2),
        amount=16_800,
        by=personas["admin"],
    )
    with pytest.raises(PaymentError, match="sudah dicatat"):
        payment_record(
            funding_source=apbd,
            month=month(1),
            sp2d_number="SP2D-001",
            sp2d_date=month(2),
            amount=5,
            by=personas["admin"],
        )
    with pytest.raises(PaymentError, match="Nomor SP2D wajib"):
        payment_record(
            funding_source=apbd, month=month(1), sp2d_number=" ", sp2d_date=month(2), amount=5, by=None
        )


def test_three_unpaid_months_in_a_row_make_a_member_nonaktif(personas, apbd):
    old = member(apbd, kpj="16010000001")
    newer = member(apbd, start=month(3), kpj="16010000002")
    for m in (1, 2, 3, 4):
        bill_compute(month=month(m), funding_source=apbd)
    payment_record(
        funding_source=apbd,
        month=month(1),
        sp2d_number="A",
        sp2d_date=month(2),
        amount=16_800,
        by=personas["admin"],
    )
    listed = {a.kpj: a for a in arrears(apbd, up_to=month(4))}
    assert listed["16010000001"].unpaid_months == [month(2), month(3), month(4)]
    assert listed["16010000001"].nonaktif_on == month(5)
    assert listed["16010000002"].nonaktif_on == month(6)
    assert arrears_apply(funding_source=apbd, on=month(4), by=personas["admin"]) == 0  # not yet
    assert arrears_apply(funding_source=apbd, on=month(5), by=personas["admin"]) == 1
    old.refresh_from_db()
    newer.refresh_from_db()
    assert old.status == "nonaktif" and "3 bulan berturut-turut" in old.evidence
    assert newer.status == "aktif"


def test_a_paid_month_breaks_the_run(personas, apbd):
    member(apbd)
    for m in (1, 2, 3):
        bill_compute(month=month(m), funding_source=apbd)
    payment_record(
        funding_source=apbd,
        month=month(2),
        sp2d_number="B",
        sp2d_date=month(3),
        amount=16_800,
        by=personas["admin"],
    )
    (only,) = arrears(apbd, up_to=month(3))
    assert only.unpaid_months == [month(3)]
    assert only.nonaktif_on == month(6)


def test_budget_commitment_remaining_and_forecast(personas, apbd):
    for i in range(10):
        member(apbd, kpj=f"160100000{i:02d}")
    BudgetAllocation.objects.create(fiscal_year=2026, funding_source=apbd, allocation=3_024_000_000)
    for m in (1, 2):
        bill_compute(month=month(m), funding_source=apbd)
    payment_record(
        funding_source=apbd,
        month=month(1),
        sp2d_number="C",
        sp2d_date=month(2),
        amount=168_000,
        by=personas["admin"],
    )
    status = budget_status(funding_source=apbd, fiscal_year=2026)
    assert status.billed == 2 * 168_000
    assert status.realised == 168_000
    assert status.committed == 12 * 168_000  # billed Jan–Feb plus ten members for Mar–Dec
    assert status.remaining == 3_024_000_000 - 2_016_000
    # Enrolling from July: six months at Rp16,800.
    assert affordable_members(funding_source=apbd, remaining=status.remaining, from_month=month(7)) == (
        status.remaining // (6 * 16_800)
    )
    assert affordable_members(funding_source=apbd, remaining=201_600, from_month=month(1)) == 1


def test_arrears_command(personas, apbd):
    import io

    from django.core.management import call_command

    member(apbd)
    for m in (1, 2, 3):
        bill_compute(month=month(m), funding_source=apbd)
    out = io.StringIO()
    call_command("premium_arrears", "--on", "2026-04-01", "--apply", "--user", "admin", stdout=out)
    assert "1 peserta menunggak, 1 sudah lewat 3 bulan" in out.getvalue()
    assert "1 dinonaktifkan" in out.getvalue()
    assert Membership.objects.get().status == "nonaktif"
