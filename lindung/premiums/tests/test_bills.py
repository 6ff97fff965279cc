import datetime as dt
import io

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from lindung.audit.models import AuditEvent
from lindung.conftest import MUBA, login, make_worker
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import FundingSource, Membership
from lindung.premiums.bills import bill_compute
from lindung.premiums.models import Bill, PremiumRate
from lindung.premiums.rates import member_monthly_premium, projected_cost
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def apbd(db):
    return funding_source_default(MUBA)


def member(source, start=JAN, kpj=None, **fields):
    worker = make_worker(status=Status.TERDAFTAR)
    return Membership.objects.create(
        worker=worker, kpj=kpj or f"1601{worker.pk:07d}", funding_source=source, start=start, **fields
    )


def test_a_government_paid_member_costs_16800_a_month(apbd):
    assert member_monthly_premium(funding_source=apbd, on=JAN) == 16_800  # JKK 1% of Rp1,000,000 + JKM 6,800
    # The worker's own income does not matter for a government programme.
    m = member(apbd)
    m.worker.income = 3_000_000
    m.worker.save()
    bill = bill_compute(month=JAN, funding_source=apbd)
    line = bill.lines.get()
    assert (line.jkk, line.jkm, line.amount, bill.total) == (10_000, 6_800, 16_800, 16_800)


def test_one_member_for_a_year_costs_201600(apbd):
    member(apbd, end=dt.date(2026, 12, 31))
    totals = [bill_compute(month=dt.date(2026, m, 1), funding_source=apbd).total for m in range(1, 13)]
    assert sum(totals) == 201_600
    assert bill_compute(month=dt.date(2027, 1, 1), funding_source=apbd).total == 0  # not renewed


def test_the_pp_50_2025_discount_does_not_apply_to_apbd_but_to_self_paid(apbd):
    april = dt.date(2026, 4, 1)
    assert member_monthly_premium(funding_source=apbd, on=april) == 16_800
    self_paid = FundingSource.objects.create(
        code="mandiri", name="Mandiri", kind="mandiri", kabupaten_id=MUBA
    )
    assert member_monthly_premium(funding_source=self_paid, on=dt.date(2026, 3, 1)) == 16_800
    assert member_monthly_premium(funding_source=self_paid, on=april) == 8_400
    assert member_monthly_premium(funding_source=self_paid, on=dt.date(2027, 1, 1)) == 16_800


def test_a_rate_change_changes_bills_from_that_date_only(apbd):
    member(apbd)
    PremiumRate.objects.create(
        program="JKM", basis="flat", value=7_000, effective_from=dt.date(2026, 3, 1), legal_basis="uji"
    )
    assert bill_compute(month=dt.date(2026, 2, 1), funding_source=apbd).total == 16_800
    assert bill_compute(month=dt.date(2026, 3, 1), funding_source=apbd).total == 17_000
    assert (
        projected_cost(funding_source=apbd, members=1, first_month=JAN, months=12) == 2 * 16_800 + 10 * 17_000
    )


def test_mid_month_rule(apbd):
    starts_31st = member(apbd, start=dt.date(2026, 1, 31))
    ends_1st = member(apbd, start=dt.date(2025, 6, 1))
    Membership.objects.filter(pk=ends_1st.pk).update(status="berhenti", end_date=dt.date(2026, 1, 1))
    ended_before = member(apbd, start=dt.date(2025, 6, 1))
    Membership.objects.filter(pk=ended_before.pk).update(status="berhenti", end_date=dt.date(2025, 12, 31))
    arrears = member(apbd)
    Membership.objects.filter(pk=arrears.pk).update(status="nonaktif")
    starts_feb = member(apbd, start=dt.date(2026, 2, 1))
    bill = bill_compute(month=JAN, funding_source=apbd)
    assert sorted(bill.lines.values_list("membership_id", flat=True)) == sorted([starts_31st.pk, ends_1st.pk])
    assert bill.total == 2 * 16_800
    feb = bill_compute(month=dt.date(2026, 2, 1), funding_source=apbd)
    assert sorted(feb.lines.values_list("membership_id", flat=True)) == sorted(
        [starts_31st.pk, starts_feb.pk]
    )


def test_recomputing_replaces_the_bill(apbd):
    member(apbd)
    bill_compute(month=JAN, funding_source=apbd)
    member(apbd)
    bill = bill_compute(month=JAN, funding_source=apbd)
    assert Bill.objects.count() == 1 and bill.lines.count() == 2 and bill.total == 33_600


def test_published_figures(apbd):
    # Penajam Paser Utara: 15,000 workers for a year; Muba PAKE KELAMBU: 45,000 workers.
    assert projected_cost(funding_source=apbd, members=15_000, first_month=JAN, months=12) == 3_024_000_000
    assert projected_cost(funding_source=apbd, members=45_000, first_month=JAN, months=12) == 9_072_000_000


def test_15000_members_billed_for_a_year(apbd, django_user_model):
    from lindung.lib.nik import make_nik
    from lindung.workers.models import Worker

    workers = [
        Worker(
            nik=make_nik("16.06.01", dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000), "L", 1 + i // 9000),
            name=f"Pekerja {i}",
            name_key=f"pekerja {i}",
            birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000),
            sex="L",
            desa_id="16.06.01.2001",
            kecamatan_id="16.06.01",
            kabupaten_id=MUBA,
            status=Status.TERDAFTAR,
        )
        for i in range(15_000)
    ]
    Worker.objects.bulk_create(workers, batch_size=2000)
    Membership.objects.bulk_create(
        [
            Membership(
                worker=w, kpj=f"16{w.pk:09d}", funding_source=apbd, start=JAN, end=dt.date(2026, 12, 31)
            )
            for w in Worker.objects.filter(name__startswith="Pekerja ")
        ],
        batch_size=2000,
    )
    bill = bill_compute(month=JAN, funding_source=apbd)
    assert (bill.member_count, bill.total) == (15_000, 252_000_000)
    assert bill.total * 12 == 3_024_000_000


def test_premium_bill_command_prints_count_and_total_and_writes_xlsx(apbd, tmp_path):
    member(apbd, kpj="16010000001")
    member(apbd, kpj="16010000002")
    out = io.StringIO()
    call_command("premium_bill", "--month", "2026-01", "--out", str(tmp_path / "t.xlsx"), stdout=out)
    assert "Tagihan 2026-01: 2 peserta, total Rp33.600" in out.getvalue()
    book = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx"))
    summary = book.get_sheet_by_index(0).to_python()
    assert summary[1][3:5] == [2, 33_600]
    detail = book.get_sheet_by_index(1).to_python()
    assert detail[2][1] == "16010000001" and detail[2][7] == 16_800


def test_bad_month_is_refused(db):
    with pytest.raises(Exception, match="YYYY-MM"):
        call_command("premium_bill", "--month", "Januari")
    assert not Bill.objects.exists()


def test_pages(personas, apbd):
    member(apbd)
    admin = login(personas["admin"])
    response = admin.post("/iuran/tagihan/hitung/", {"month": "2026-01"}, follow=True)
    page = response.content.decode()
    assert "Tagihan 2026-01 dihitung: 1 peserta." in page
    assert "Rp16.800" in page
    response = login(personas["bpjs"]).get("/iuran/tagihan/unduh/?month=2026-01")
    assert response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="bill.download", actor=personas["bpjs"]).count() == 1
    whatif = admin.get("/iuran/?members=45000&months=12&from=2026-01").content.decode()
    assert "Rp9.072.000.000" in whatif
    assert login(personas["pimpinan"]).post("/iuran/tagihan/hitung/", {"month": "2026-01"}).status_code == 403
    other = login(personas["admin_lain"]).get("/iuran/?month=2026-01").content.decode()
    assert "Tagihan bulan ini belum dihitung." in other
