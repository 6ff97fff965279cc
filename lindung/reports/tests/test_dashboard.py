import datetime as dt

import pytest
from django.test import Client

from lindung.accounts.models import User
from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, MUBA, login, make_worker
from lindung.enrolment.models import Membership
from lindung.reports.models import Budget, PotentialWorkers
from lindung.reports.snapshot import snapshot_refresh
from lindung.workers.models import Occupation, Segment, Sex, Status

from .conftest import TODAY, member, sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(personas, apbd, agency):
    """Sekayu: 3 active members (one ended, one nonaktif besides); Lais: 1 active; 2 workers not enrolled."""
    m1 = member(make_worker(DESA_A, sex=Sex.L, birth_date=dt.date(2000, 1, 1)), apbd)
    member(make_worker(DESA_A, sex=Sex.P, birth_date=dt.date(1990, 3, 5)), apbd, start=dt.date(2026, 3, 1))
    member(make_worker(DESA_A, segment=Segment.NON_ASN, agency=agency), apbd)
    member(make_worker(DESA_LAIS, birth_date=dt.date(1955, 1, 1), sex=Sex.L), apbd)
    member(make_worker(DESA_A), apbd, status=Membership.Status.NONAKTIF)
    member(
        make_worker(DESA_A),
        apbd,
        status=Membership.Status.BERHENTI,
        end_reason="meninggal",
        end_date=dt.date(2026, 2, 10),
    )
    make_worker(DESA_A)  # diajukan
    make_worker(DESA_LAIS, status=Status.DISETUJUI)
    make_worker(DESA_LAIS, status=Status.DITOLAK)
    PotentialWorkers.objects.create(region_id=MUBA, year=2026, count=400)
    PotentialWorkers.objects.create(region_id="16.06.01", year=2026, count=100)
    snapshot_refresh(today=TODAY)
    return m1


def table(response, key):
    return {
        row[0]: row[1:] for row in next(s for s in response.context["sections"] if s["key"] == key)["rows"]
    }


def test_it_works(personas, filled):
    response = login(personas["admin"]).get("/laporan/")
    assert response.status_code == 200
    cover = response.context["cover"]
    assert cover["active"] == 4 and cover["potential"] == 400
    assert str(cover["percent"]) == "1.00" and str(cover["target"]) == "52.15"
    body = response.content.decode()
    assert "<svg" in body and "Peserta aktif per wilayah" in body
    regions = table(response, "wilayah")
    assert regions["Sekayu"] == [3, 100, pytest.approx(3)]
    assert regions["Lais"][0] == 1
    assert table(response, "jenis-kelamin") == {"Laki-laki": [2], "Perempuan": [2]}
    ages = table(response, "usia")
    assert ages["26–35"] == [1] and ages["36–45"] == [2] and ages[">65"] == [1] and ages["18–25"] == [0]
    assert table(response, "segmen") == {"Pekerja rentan": [3], "Non-ASN": [1]}
    assert table(response, "sumber-dana") == {"APBD Muba": [4]}
    assert table(response, "pekerjaan") == {"Petani/pekebun": [4]}


def test_the_trend_follows_start_and_end_dates(personas, filled):
    trend = table(login(personas["admin"]).get("/laporan/"), "tren")
    assert len(trend) == 12
    assert trend["01/2026"] == [4]  # the one who died in February still counted at the end of January
    assert trend["02/2026"] == [3]  # died 10 Feb; the March starter not yet in
    assert trend["03/2026"] == [4]
    assert trend["06/2026"] == [4]


def test_the_funnel_counts_who_reached_each_step(personas, filled):
    funnel = table(login(personas["admin"]).get("/laporan/"), "tahapan")
    assert funnel["Diajukan"] == [9, 1]  # the rejected one applied too
    assert funnel["Diverifikasi"] == [7, 0]
    assert funnel["Ditolak"] == [1, 1]
    assert funnel["Disetujui"] == [7, 1]
    assert funnel["Terdaftar"] == [6, 6]


def test_budget_use_is_active_members_times_the_monthly_premium(personas, filled):
    Budget.objects.create(kabupaten_id=MUBA, year=2026, allocated=1_000_000)
    budget = login(personas["admin"]).get("/laporan/").context["budget"]
    # Jan: 4, Feb: 3, Mar–May: 4 each, 15 Jun: 4 — 23 member-months of Rp16,800
    assert budget["cost"] == 23 * 16_800
    assert budget["allocated"] == 1_000_000
    assert str(budget["percent"]) == "38.64"


def test_budget_figures_come_from_the_premiums_module_when_it_has_them(personas, filled, apbd):
    from lindung.premiums.models import BudgetAllocation, Payment

    Budget.objects.create(kabupaten_id=MUBA, year=2026, allocated=1_000_000)  # overridden below
    BudgetAllocation.objects.create(fiscal_year=2026, funding_source=apbd, allocation=2_000_000)
    Payment.objects.create(
        funding_source=apbd,
        month=dt.date(2026, 1, 1),
        sp2d_number="SP2D-1",
        sp2d_date=dt.date(2026, 2, 5),
        amount=67_200,
    )
    response = login(personas["admin"]).get("/laporan/")
    budget = response.context["budget"]
    assert budget["allocated"] == 2_000_000 and budget["allocated_from"] == "modul iuran"
    assert budget["realised"] == 67_200
    assert "Rp67.200" in response.content.decode()
    # a kecamatan operator does not see the kabupaten's money
    assert login(personas["kecamatan"]).get("/laporan/").context["budget"]["allocated"] is None


def test_it_checks_the_area(personas, filled):
    response = login(personas["desa"]).get("/laporan/")
    assert response.context["cover"]["active"] == 3  # Sukarami only
    assert "Lais" not in table(response, "wilayah")
    assert login(personas["desa"]).get("/laporan/?wilayah=16.06.02").status_code == 404
    assert login(personas["admin_lain"]).get("/laporan/").context["cover"]["active"] == 0


def test_a_kabupaten_user_can_narrow_to_a_kecamatan(personas, filled):
    response = login(personas["pimpinan"]).get("/laporan/?wilayah=16.06.01")
    assert response.context["cover"]["active"] == 3
    assert str(response.context["cover"]["percent"]) == "3.00"
    assert list(table(response, "wilayah")) == ["Sukarami", "Sungai Batang"] or "Sukarami" in table(
        response, "wilayah"
    )


def test_an_opd_operator_sees_only_its_non_asn_staff(personas, filled):
    response = login(personas["opd"]).get("/laporan/")
    assert response.context["cover"]["active"] == 1
    assert response.context["cover"]["percent"] is None  # no population denominator for one agency


def test_it_requires_a_role(db):
    assert Client().get("/laporan/").status_code == 302
    user = User.objects.create_user(username="norole", password="x")
    assert login(user).get("/laporan/").status_code == 403


def test_every_role_may_see_it(personas, filled):
    for name in ("admin", "kecamatan", "desa", "opd", "bpjs", "pimpinan"):
        assert login(personas[name]).get("/laporan/").status_code == 200, name


def test_a_chart_downloads_as_xlsx_and_is_audited(personas, filled):
    response = login(personas["kecamatan"]).get("/laporan/unduh/jenis-kelamin.xlsx")
    assert response.status_code == 200
    data = next(rows for name, rows in sheets(response.content).items() if name != "Ringkasan")
    assert ["Laki-laki", 1.0] in data and ["Perempuan", 2.0] in data
    event = AuditEvent.objects.get(action="report.export")
    assert event.actor == personas["kecamatan"]
    assert event.changes["report"] == "dasbor-jenis-kelamin"
    assert event.changes["filters"]["wilayah"] == "16.06.01"
    assert event.changes["rows"] == 2


def test_the_summary_downloads_with_coverage_and_budget(personas, filled):
    response = login(personas["admin"]).get("/laporan/unduh/ringkasan.xlsx")
    rows = next(rows for name, rows in sheets(response.content).items() if name != "Ringkasan")
    assert ["Peserta aktif", 4.0] in rows and ["Cakupan", 0.01] in rows  # a percent cell, 0.00%
    assert AuditEvent.objects.get(action="report.export").changes["report"] == "dasbor-ringkasan"


def test_an_unknown_chart_is_not_found(personas, filled):
    assert login(personas["admin"]).get("/laporan/unduh/rahasia.xlsx").status_code == 404


def test_names_from_data_are_escaped_in_the_charts(personas, apbd):
    Occupation.objects.create(code="x", name="<script>alert(1)</script>")
    member(make_worker(DESA_A, occupation=Occupation.objects.get(code="x")), apbd)
    snapshot_refresh(today=TODAY)
    body = login(personas["admin"]).get("/laporan/").content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_without_a_snapshot_the_page_says_so(personas):
    body = login(personas["admin"]).get("/laporan/").content.decode()
    assert "belum pernah disusun" in body


def test_the_admin_can_queue_a_rebuild_and_the_worker_runs_it(personas, apbd, settings, monkeypatch):
    from django.core.management import call_command

    from lindung.reports.models import SnapshotRun

    # The worker closes connections not in autocommit; inside the test transaction that would drop the
    # PostgreSQL test connection. Everything else is the real worker path.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    member(make_worker(DESA_A), apbd)
    assert login(personas["pimpinan"]).post("/laporan/perbarui/").status_code == 403
    response = login(personas["admin"]).post("/laporan/perbarui/")
    assert response.status_code == 302
    assert not SnapshotRun.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert SnapshotRun.objects.count() == 1
    assert login(personas["admin"]).get("/laporan/").context["cover"]["active"] == 1


def test_a_province_view_names_whose_own_occupation_a_bar_is(personas, apbd):
    own = Occupation.objects.create(
        code="sumur-minyak", name="Pekerja sumur minyak rakyat", kabupaten_id=MUBA
    )
    member(make_worker(DESA_A, occupation=own), apbd)
    member(make_worker(DESA_A), apbd)
    snapshot_refresh(today=TODAY)
    province = table(login(personas["provinsi"]).get("/laporan/"), "pekerjaan")
    assert province == {"Pekerja sumur minyak rakyat (Kabupaten Musi Banyuasin)": [1], "Petani/pekebun": [1]}
    kabupaten = table(login(personas["admin"]).get("/laporan/"), "pekerjaan")
    assert kabupaten == {"Pekerja sumur minyak rakyat": [1], "Petani/pekebun": [1]}
