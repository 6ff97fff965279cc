import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.utils.html import escape
from django.utils.module_loading import import_string

from lindung.accounts.models import Agency, Role, User
from lindung.conftest import DESA_LAIS, MUBA, login, make_worker
from lindung.core.demo import STEPS, claims, clock, funding, invoices, people, premiums
from lindung.core.demo.enrolment import seed
from lindung.dedup.models import Decision, DuplicateCandidate
from lindung.enrolment.models import (
    BatchLine,
    EndReason,
    EnrolmentBatch,
    FundingSource,
    Membership,
    RenewalLine,
    RenewalRun,
)
from lindung.premiums.models import Bill, BudgetAllocation, Claim, InvoiceUpload, Payment
from lindung.premiums.payments import arrears
from lindung.regions.models import Region
from lindung.reports.documents import sweep_lapsed
from lindung.verification.models import EligibilityOverride
from lindung.workers.models import Occupation, OccupationAlias, Segment, Status, Worker

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
    waiting = set()
    for worker in proposed:
        line = BatchLine.objects.get(worker=worker)
        assert line.result == ""
        waiting.add(line.batch)
    # The steps of a batch: one file sent and waiting for the branch, one made but not sent yet.
    assert sorted(b.status for b in waiting) == [EnrolmentBatch.Status.EXPORTED, EnrolmentBatch.Status.SENT]
    sent = next(b for b in waiting if b.status == EnrolmentBatch.Status.SENT)
    assert (
        sent.sent_by is not None and sent.sent_by.username == "dinas" and sent.sent_note.startswith("Surel")
    )
    applied = EnrolmentBatch.objects.get(status=EnrolmentBatch.Status.RESULTS_APPLIED)
    assert applied.exported_at and applied.sent_at and applied.exported_at < applied.sent_at
    assert BatchLine.objects.filter(result="ditolak").count() == 2
    assert EnrolmentBatch.objects.count() == 3


def _premium_demo(monkeypatch, today):
    monkeypatch.setattr(clock, "today", lambda: today)
    User.objects.create_user(username="dinas", role=Role.ADMIN_DINAS, area_id=MUBA)
    for n in range(3):
        make_worker(status=Status.TERDAFTAR, name=f"Peserta {n} Demo")
    seed(io.StringIO())
    out = io.StringIO()
    for _run in range(2):
        claims.seed(out)
        premiums.seed(out)
    return out.getvalue()


def test_premium_demo_runs_twice(db, monkeypatch):
    text = _premium_demo(monkeypatch, dt.date(2026, 6, 15))
    # March to June; the member who died in April is billed until April.
    assert "Tagihan 2026-03: 3 peserta, Rp50.400" in text and "Tagihan 2026-06: 2 peserta, Rp33.600" in text
    assert Bill.objects.count() == 4
    assert sorted(Payment.objects.values_list("month", "amount")) == [
        (dt.date(2026, 3, 1), 50_400),
        (dt.date(2026, 4, 1), 50_400),
        (dt.date(2026, 5, 1), 33_600),
    ]
    assert (BudgetAllocation.objects.count(), Claim.objects.count()) == (1, 2)
    death = Claim.objects.get(kind=Claim.Kind.JKM)
    assert death.event_date == dt.date(2026, 4, 22) and death.membership.status == "berhenti"


def test_in_january_the_demo_records_no_empty_bill_and_no_zero_payment(db, monkeypatch):
    text = _premium_demo(monkeypatch, dt.date(2027, 1, 15))
    # The programme's members start on 1 January: December belongs to last year and nobody was covered then.
    assert list(Bill.objects.values_list("month", flat=True)) == [dt.date(2027, 1, 1)]
    assert not Payment.objects.exists()
    assert "Tagihan 2027-01: 3 peserta, Rp50.400" in text and "0 SP2D baru tercatat" in text


# The whole demo on a small registry, as of mid-June of this year (a test on any day sees the same story).
SMALL_REGISTRY = 400


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _run_demo() -> str:
    out = io.StringIO()
    for step in STEPS:
        import_string(step)(out)
    return out.getvalue()


@pytest.fixture
def demo_as_of_june(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = dt.date(dt.date.today().year, 6, 15)
    monkeypatch.setattr(clock, "today", lambda: today)
    monkeypatch.setattr(people, "DEMO_WORKERS", SMALL_REGISTRY)
    out = io.StringIO()
    people.seed_agencies(out)
    people.seed_users(out)
    # The desa on APBDes (the desa2 login's): a few approved workers, one verified and one submitted later.
    assert User.objects.get(username="desa2").area_id == DESA_LAIS
    villagers = [
        ("Rohani", dt.date(1971, 2, 3), Status.DISETUJUI),
        ("Darmawan Saputra", dt.date(1983, 11, 20), Status.DISETUJUI),
        ("Ida Farida", dt.date(1990, 6, 1), Status.DISETUJUI),
        ("Kiswanto", dt.date(1966, 9, 12), Status.DIVERIFIKASI),
        ("Nurhayati Lestari", dt.date(1999, 4, 27), Status.DIAJUKAN),
    ]
    for name, birth, status in villagers:
        make_worker(DESA_LAIS, name=name, birth_date=birth, status=status)
    dinkes = Agency.objects.get(code="DINKES")
    for name, birth in [("Yusnita", dt.date(1988, 7, 9)), ("Ahmad Zaki Mubarok", dt.date(1993, 1, 30))]:
        make_worker(
            segment=Segment.NON_ASN, agency=dinkes, name=name, birth_date=birth, status=Status.DISETUJUI
        )
    return today


def test_the_whole_demo_shows_every_capability_and_a_second_run_adds_nothing(demo_as_of_june):
    today = demo_as_of_june
    text = _run_demo()
    first = _counts()
    again = _run_demo()
    assert _counts() == first, "a second run must add nothing"
    assert "sudah ada" in again

    # 0. The demo kabupaten lists an occupation of its own, held by some of its workers (a duplicate the dedup
    # demo makes of one of them may hold it too).
    own = Occupation.objects.get(code="pekerja-sumur-minyak-rakyat")
    said = re.search(
        r"Pekerjaan khusus Kabupaten Musi Banyuasin: Pekerja sumur minyak rakyat \((\d+) pekerja\)", text
    )
    assert said is not None and int(said[1]) >= 10
    assert own.kabupaten_id == MUBA and Worker.objects.filter(occupation=own).count() >= int(said[1])
    alias = OccupationAlias.objects.get(key="penambangminyakrakyat")
    assert (alias.kabupaten_id, alias.occupation) == (MUBA, own)

    # 1. The desa did not pay its APBDes premiums: its first members are nonaktif, the later ones in arrears.
    apbdes = funding.apbdes_source()
    assert apbdes.kind == FundingSource.Kind.APBDES and apbdes.group_code == "SD"
    lapsed = Membership.objects.filter(funding_source=apbdes, status="nonaktif")
    assert lapsed.count() >= 3
    assert all(m.start == dt.date(today.year, 3, 1) for m in lapsed)
    late = arrears(apbdes, up_to=today)
    assert len(late) == 2 and all(
        a.unpaid_months == [dt.date(today.year, 5, 1), today.replace(day=1)] for a in late
    )
    desa2 = User.objects.get(username="desa2")
    assert {m.pk for m in sweep_lapsed(desa2, Region.objects.get(code=DESA_LAIS))} == {m.pk for m in lapsed}
    assert not Payment.objects.filter(funding_source=apbdes).exists()
    assert not Payment.objects.filter(amount=0).exists()

    # 2. Next year's renewal, proposed and not confirmed; the 65-year-old crosses the age limit.
    run = RenewalRun.objects.get(fiscal_year=today.year + 1)
    assert run.status == RenewalRun.Status.PROPOSED
    ended = run.lines.get(proposal=RenewalLine.Proposal.END)
    assert ended.end_reason == EndReason.USIA and ended.membership.worker.name == "Sukarman"
    assert run.lines.filter(proposal=RenewalLine.Proposal.CONTINUE).count() > 100

    # 3. The BPJS invoice for May, with its differences found by the reconciliation.
    invoice = InvoiceUpload.objects.get()
    assert invoice.month == dt.date(today.year, 5, 1) and invoice.filename.endswith(".xlsx")
    counts = invoice.report["counts"]
    assert counts["amount_diff"] == 1 and counts["only_bill"] == 1 and counts["after_end"] == 1
    assert counts["only_invoice"] == 2  # the KPJ from another group, and the member who died
    assert invoice.report["totals"]["bill_found"] is True

    # 4. The OPD pays for its own non-ASN staff; the kabupaten, the OPD and the desa each have a source.
    opd = funding.opd_source()
    assert opd.kind == FundingSource.Kind.OPD and opd.agency == User.objects.get(username="opd").agency
    staff = Membership.objects.filter(funding_source=opd)
    assert staff.count() >= 3 and all(m.worker.segment == "non_asn" for m in staff)
    assert Payment.objects.filter(funding_source=opd).count() == 2  # April and May; June is not over yet
    assert BudgetAllocation.objects.get(funding_source=opd).allocation == staff.count() * 201_600
    assert set(EnrolmentBatch.objects.filter(funding_source=opd).values_list("status", flat=True)) == {
        "results_applied"
    }

    # 5. One pair merged, one pair different people, one approval with an eligibility override.
    same = DuplicateCandidate.objects.get(decision=Decision.SAME)
    assert Worker.objects.get(pk=same.worker_b_id).merged_into_id == same.worker_a_id
    assert DuplicateCandidate.objects.filter(decision=Decision.DIFFERENT).count() == 1
    override = EligibilityOverride.objects.get()
    assert override.worker.status == Status.DISETUJUI and override.failed[0]["kind"] == "usia"

    # 6. The member whose death claim was paid is no longer covered, nor billed after that month.
    death = Claim.objects.get(kind=Claim.Kind.JKM)
    assert death.status == Claim.Status.PAID
    membership = death.membership
    assert (membership.status, membership.end_reason, membership.end_date) == (
        "berhenti",
        EndReason.MENINGGAL,
        death.event_date,
    )
    assert (
        not Bill.objects.get(funding_source=membership.funding_source, month=today.replace(day=1))
        .lines.filter(membership=membership)
        .exists()
    )
    assert "Pembaruan" in text and "Tagihan BPJS" in text

    # What the users see: the arrears page, the desa's sweep list, the renewal, the reconciliation.
    admin = login(User.objects.get(username="dinas"))
    page = admin.get(f"/iuran/tunggakan/?source={apbdes.pk}").content.decode()
    assert all(escape(a.name) in page for a in late)
    sweep = login(desa2).get(f"/laporan/sisir/{DESA_LAIS}/").content.decode()
    assert all(escape(m.worker.name) in sweep for m in lapsed)
    assert "Sukarman" in admin.get(f"/kepesertaan/pembaruan/{run.pk}/").content.decode()
    bpjs = login(User.objects.get(username="bpjs"))
    assert invoices.UNKNOWN[0] in bpjs.get(f"/iuran/tagihan-bpjs/{invoice.pk}/").content.decode()
