import datetime as dt

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_B, DESA_LAIS, login, make_worker
from lindung.enrolment.models import Membership
from lindung.workers.models import Source, Status

from .conftest import member, pdf_text, sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(personas, apbd):
    make_worker(DESA_A, name="Ani Diajukan", source=Source.P3KE, desil=1)
    make_worker(DESA_A, name="Badu Dikembalikan", source=Source.P3KE, status=Status.DIKEMBALIKAN)
    make_worker(DESA_A, name="Cici Disetujui", source=Source.P3KE, status=Status.DISETUJUI)
    make_worker(DESA_A, name="Dedi Diverifikasi", source=Source.P3KE, status=Status.DIVERIFIKASI)
    make_worker(DESA_A, name="Eka Petugas", source=Source.PETUGAS)  # not from a target list
    make_worker(DESA_B, name="Fajar Desa Lain", source=Source.P3KE)
    member(make_worker(DESA_A, name="Gita Menunggak"), apbd, status=Membership.Status.NONAKTIF)
    member(
        make_worker(DESA_A, name="Hadi Mundur"),
        apbd,
        status=Membership.Status.BERHENTI,
        end_reason="mengundurkan_diri",
        end_date=dt.date(2026, 1, 1),
    )
    member(
        make_worker(DESA_A, name="Indah Meninggal"),
        apbd,
        status=Membership.Status.BERHENTI,
        end_reason="meninggal",
        end_date=dt.date(2026, 1, 1),
    )
    member(make_worker(DESA_A, name="Joko Aktif"), apbd)
    again = make_worker(DESA_A, name="Kiki Daftar Lagi")
    member(
        again,
        apbd,
        status=Membership.Status.BERHENTI,
        end_reason="mengundurkan_diri",
        end_date=dt.date(2025, 6, 1),
    )
    member(again, apbd, start=dt.date(2026, 1, 1))


def names(response, index):
    return [row[1] for row in response.context["doc"].tables[index].rows]


def test_it_lists_who_to_visit(personas, village):
    response = login(personas["desa"]).get(f"/laporan/sisir/{DESA_A}/")
    assert response.status_code == 200
    assert sorted(names(response, 0)) == ["Ani Diajukan", "Badu Dikembalikan", "Cici Disetujui"]
    assert sorted(names(response, 1)) == ["Gita Menunggak", "Hadi Mundur"]
    body = response.content.decode()
    assert "reports/reports.css" in body and "style=" not in body


def test_a_desa_operator_goes_straight_to_its_desa(personas, village):
    response = login(personas["desa"]).get("/laporan/sisir/")
    assert response["Location"] == f"/laporan/sisir/{DESA_A}/"


def test_it_checks_the_area(personas, village):
    assert login(personas["desa"]).get(f"/laporan/sisir/{DESA_LAIS}/").status_code == 404
    assert login(personas["desa_lain"]).get(f"/laporan/sisir/{DESA_A}/").status_code == 404
    index = login(personas["kecamatan"]).get("/laporan/sisir/").content.decode()
    assert DESA_A in index and DESA_LAIS not in index


def test_it_requires_the_role(personas, village):
    assert login(personas["bpjs"]).get(f"/laporan/sisir/{DESA_A}/").status_code == 403
    assert login(personas["opd"]).get(f"/laporan/sisir/{DESA_A}/").status_code == 403


def test_it_downloads_as_xlsx_and_pdf_with_an_audit_event(personas, village):
    client = login(personas["kecamatan"])
    book = sheets(client.get(f"/laporan/sisir/{DESA_A}/?format=xlsx").content)
    targets = next(rows for name, rows in book.items() if name.startswith("Sasaran"))
    assert sorted(r[1] for r in targets[3:]) == ["Ani Diajukan", "Badu Dikembalikan", "Cici Disetujui"]
    text = pdf_text(client.get(f"/laporan/sisir/{DESA_A}/?format=pdf").content)
    assert "Daftar sisir" in text and "Gita Menunggak" in text
    events = AuditEvent.objects.filter(action="report.export", object_id=DESA_A)
    assert events.count() == 2
    assert events.order_by("id")[0].changes["rows"] == 5


def test_a_name_with_markup_is_escaped_everywhere(personas, apbd):
    evil = "<script>alert('x')</script> Siti • 😀"
    make_worker(DESA_A, name=evil, source=Source.P3KE)
    client = login(personas["desa"])
    body = client.get(f"/laporan/sisir/{DESA_A}/").content.decode()
    assert "<script>alert" not in body and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    book = sheets(client.get(f"/laporan/sisir/{DESA_A}/?format=xlsx").content)
    targets = next(rows for name, rows in book.items() if name.startswith("Sasaran"))
    assert targets[3][1] == evil  # literal text in the cell
    text = pdf_text(client.get(f"/laporan/sisir/{DESA_A}/?format=pdf").content)
    assert "<script>alert('x')</script> Siti * ?" in text.replace("\n", "")
