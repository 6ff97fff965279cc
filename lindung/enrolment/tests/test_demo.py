import io

import pytest

from lindung.accounts.models import Role, User
from lindung.conftest import MUBA, make_worker
from lindung.core.demo.enrolment import seed
from lindung.enrolment.models import BatchLine, EnrolmentBatch, Membership
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db


def test_demo_makes_statuses_true_and_runs_twice(db):
    User.objects.create_user(username="dinas", role=Role.ADMIN_DINAS, area_id=MUBA)
    registered = [make_worker(status=Status.TERDAFTAR) for _ in range(10)]
    proposed = [make_worker(status=Status.DIUSULKAN) for _ in range(3)]
    [make_worker(status=Status.DISETUJUI) for _ in range(3)]
    seed(io.StringIO())
    seed(io.StringIO())
    for worker in registered:
        assert worker.memberships.filter(status="aktif").count() == 1
    assert Membership.objects.filter(status="berhenti").count() == 8  # earlier periods, shown on the page
    for worker in proposed:
        line = BatchLine.objects.get(worker=worker)
        assert line.result == "" and line.batch.status == EnrolmentBatch.Status.EXPORTED
    assert BatchLine.objects.filter(result="ditolak").count() == 2
    assert EnrolmentBatch.objects.count() == 2


def test_premium_demo_runs_twice(db):
    from lindung.core.demo.premiums import seed as seed_premiums
    from lindung.premiums.models import Bill, BudgetAllocation, Claim, Payment

    User.objects.create_user(username="dinas", role=Role.ADMIN_DINAS, area_id=MUBA)
    [make_worker(status=Status.TERDAFTAR) for _ in range(3)]
    seed(io.StringIO())
    out = io.StringIO()
    seed_premiums(out)
    seed_premiums(io.StringIO())
    assert "3 peserta, Rp50.400" in out.getvalue()
    assert (Payment.objects.count(), BudgetAllocation.objects.count(), Claim.objects.count()) == (1, 1, 2)
    assert Bill.objects.count() == 2
