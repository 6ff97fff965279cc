import datetime as dt

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, MUBA, login, make_worker
from lindung.enrolment.models import Membership
from lindung.reports.models import Budget, Innovation, PotentialWorkers, Regulation, SemesterProblem
from lindung.workers.models import Segment

from .conftest import member, pdf_text, sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(personas, apbd, agency):
    member(make_worker(DESA_A), apbd)
    member(make_worker(DESA_LAIS), apbd)
    member(make_worker(DESA_A, segment=Segment.NON_ASN, agency=agency), apbd)
    member(make_worker(DESA_A, name="Budi Nonaktif"), apbd, status=Membership.Status.NONAKTIF)
    PotentialWorkers.objects.create(region_id=MUBA, year=2025, count=300)
    Regulation.objects.create(kabupaten_id=MUBA, kind="perbup", number="54", year=2023, title="PAKE KELAMBU")
    Innovation.objects.create(kabupaten_id=MUBA, year=2025, title="Jemput bola", description="Petugas • desa")
    Budget.objects.create(kabupaten_id=MUBA, year=2025, allocated=3_024_000_000, realised=2_000_000_000)
    SemesterProblem.objects.create(
        kabupaten_id=MUBA, year=2025, semester=2, problem="NIK ganda", follow_up="Padan"
    )


def _facts(book):
    return {row[0]: row[1] for row in book["Ringkasan"] if row and row[0]}


def test_the_paritrana_sheet_has_its_figures(personas, figures):
    response = login(personas["admin"]).get("/laporan/paritrana/?year=2025&format=xlsx")
    assert response.status_code == 200
    book = sheets(response.content)
    facts = _facts(book)
    # Figures are number cells (formatted #,##0, 0.00% and "Rp"#,##0 in the file), not text.
    assert facts["Peserta aktif per 31 Desember 2025"] == 3.0
    assert facts["Pekerja potensial (BPS)"] == 300.0
    assert facts["Cakupan"] == 0.01
    assert facts["Target cakupan"] == pytest.approx(0.5215)
    assert facts["Anggaran terealisasi (isian data laporan)"] == 2_000_000_000.0
    assert ["Pekerja rentan", 2.0] in book["Peserta tercakup per segmen"]
    assert ["Non-ASN", 1.0] in book["Peserta tercakup per segmen"]
    assert ["Peraturan Bupati/Wali Kota", "54", 2023.0, "PAKE KELAMBU"] in book["Regulasi"]
    assert book["Ringkasan"][1][0] == "Periode 1 Januari 2025 s.d. 31 Desember 2025"


def test_the_paritrana_pdf_opens_and_has_the_title(personas, figures):
    response = login(personas["pimpinan"]).get("/laporan/paritrana/?year=2025&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Lembar Data Paritrana Award" in text and "PAKE KELAMBU" in text
    assert "Petugas * desa" in text  # the bullet is replaced, not a broken file
    # Years as they are written, figures with Indonesian separators.
    assert "Peraturan Bupati/Wali Kota 54 2023 PAKE KELAMBU" in " ".join(text.split())
    assert "2.023" not in text and "2.025" not in text
    assert "Rp2.000.000.000" in text and "1,00%" in text and "52,15%" in text


def test_the_semester_report_counts_rentan_and_non_asn(personas, figures):
    response = login(personas["admin"]).get("/laporan/semester/?year=2025&semester=2&format=xlsx")
    book = sheets(response.content)
    facts = _facts(book)
    assert facts["Pekerja rentan tercakup"] == 2.0
    assert facts["Non-ASN tercakup"] == 1.0
    assert facts["Anggaran dialokasikan 2025 (isian data laporan)"] == 3_024_000_000.0
    # Jul–Dec 2025: 3 active members × 6 months × Rp16,800
    assert facts["Iuran semester ini (dihitung)"] == 302_400.0
    assert ["NIK ganda", "Padan"] in next(v for k, v in book.items() if k.startswith("Permasalahan"))
    text = pdf_text(
        login(personas["admin"]).get("/laporan/semester/?year=2025&semester=2&format=pdf").content
    )
    assert "Laporan Semester Pelaksanaan Inpres 2/2021" in text


def test_the_report_page_shows_the_figures(personas, figures):
    body = login(personas["admin"]).get("/laporan/semester/?year=2025&semester=2").content.decode()
    assert "NIK ganda" in body and "Non-ASN tercakup" in body


def test_a_future_year_is_refused_with_a_message(personas, figures):
    response = login(personas["admin"]).get("/laporan/paritrana/?year=2099&format=xlsx")
    assert response.status_code == 200
    assert "tidak boleh setelah tahun berjalan" in response.content.decode()
    assert not AuditEvent.objects.filter(action="report.export").exists()


def test_periodic_reports_require_the_role(personas, figures):
    for name in ("desa", "kecamatan", "opd", "bpjs"):
        assert login(personas[name]).get("/laporan/paritrana/?year=2025").status_code == 403, name


def test_every_export_is_audited(personas, figures):
    client = login(personas["admin"])
    client.get("/laporan/paritrana/?year=2025&format=pdf")
    client.get("/laporan/daftar/?daftar=tunggakan")
    events = list(AuditEvent.objects.filter(action="report.export").order_by("id"))
    assert [e.changes["report"] for e in events] == ["paritrana", "tunggakan"]
    assert events[0].changes["filters"] == {"wilayah": MUBA, "tahun": 2025}
    assert events[0].changes["format"] == "pdf"
    assert events[1].changes["rows"] == 1
    assert all(e.actor == personas["admin"] for e in events)


def test_the_arrears_list_has_the_nonaktif_members(personas, figures):
    book = sheets(login(personas["admin"]).get("/laporan/daftar/?daftar=tunggakan").content)
    rows = book["Peserta"][3:]
    assert [r[2] for r in rows] == ["Budi Nonaktif"]
    assert "•" in rows[0][1]  # the NIK is masked


def test_the_worker_list_is_scoped_and_filtered(personas, figures):
    make_worker(DESA_A, name="Ani Diajukan")
    book = sheets(login(personas["desa"]).get("/laporan/daftar/?daftar=pekerja&status=diajukan").content)
    assert [r[1] for r in book["Pekerja"][3:]] == ["Ani Diajukan"]
    book = sheets(login(personas["desa_lain"]).get("/laporan/daftar/?daftar=pekerja").content)
    assert len(book["Pekerja"][3:]) == 1  # only the Lais worker
    assert login(personas["desa"]).get("/laporan/daftar/?daftar=pekerja&wilayah=16.06.02").status_code == 404


def test_the_member_list_of_an_opd_operator_has_only_its_staff(personas, figures):
    book = sheets(login(personas["opd"]).get("/laporan/daftar/?daftar=peserta").content)
    assert len(book["Peserta"][3:]) == 1


def test_a_formula_like_name_stays_text_in_xlsx(personas, apbd):
    member(make_worker(DESA_A, name='=HYPERLINK("x")'), apbd, status=Membership.Status.NONAKTIF)
    book = sheets(login(personas["admin"]).get("/laporan/daftar/?daftar=tunggakan").content)
    assert book["Peserta"][3][2] == '=HYPERLINK("x")'


def test_the_period_uses_today_for_the_current_year(personas, figures):
    today = dt.date.today()
    response = login(personas["admin"]).get(f"/laporan/paritrana/?year={today.year}&format=xlsx")
    assert response.status_code == 200


def test_the_semester_cost_is_the_same_from_the_snapshot(personas, figures):
    from lindung.reports.snapshot import snapshot_refresh

    snapshot_refresh(today=dt.date(2025, 12, 31))
    Membership.objects.all().delete()  # the snapshot, not the live tables, must answer now
    book = sheets(login(personas["admin"]).get("/laporan/semester/?year=2025&semester=2&format=xlsx").content)
    assert _facts(book)["Iuran semester ini (dihitung)"] == 302_400.0


def test_the_reports_say_what_families_received_from_paid_claims(personas, figures):
    from lindung.premiums.models import Claim

    members = list(Membership.objects.order_by("pk"))
    Claim.objects.create(membership=members[0], kind="JKM", event_date=dt.date(2025, 8, 2),
                         status="dibayar", amount_paid=42_000_000)  # fmt: skip
    Claim.objects.create(membership=members[1], kind="JKK", event_date=dt.date(2025, 9, 9),
                         status="dibayar", amount_paid=3_500_000)  # fmt: skip
    Claim.objects.create(membership=members[2], kind="JKK", event_date=dt.date(2025, 10, 1))  # not paid yet
    Claim.objects.create(membership=members[2], kind="JKM", event_date=dt.date(2024, 3, 1),
                         status="dibayar", amount_paid=42_000_000)  # fmt: skip  # another year
    facts = _facts(sheets(login(personas["admin"]).get("/laporan/paritrana/?year=2025&format=xlsx").content))
    assert facts["Keluarga penerima manfaat (klaim dibayar BPJS)"] == 2.0
    assert facts["Di antaranya klaim kematian"] == 1.0
    assert facts["Manfaat yang dibayarkan"] == 45_500_000.0
    # The semester report narrowed to Kecamatan Sekayu counts its claims only (the JKK case is in Lais).
    url = "/laporan/semester/?year=2025&semester=2&wilayah=16.06.01&format=xlsx"
    sekayu = _facts(sheets(login(personas["admin"]).get(url).content))
    assert sekayu["Manfaat yang dibayarkan"] == 42_000_000.0
