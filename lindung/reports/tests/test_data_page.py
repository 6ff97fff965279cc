from decimal import Decimal

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import MUBA, login
from lindung.reports.models import CoverageTarget, PotentialWorkers, Regulation

pytestmark = pytest.mark.django_db


def test_the_admin_enters_the_bps_potential(personas):
    client = login(personas["admin"])
    data = {
        "which": "potensial",
        "potensial-region": MUBA,
        "potensial-year": 2025,
        "potensial-count": 213582,
        "potensial-source_note": "BPS Sakernas 2024",
    }
    assert client.post("/laporan/data/", data).status_code == 302
    data["potensial-count"] = 213600
    client.post("/laporan/data/", data)
    row = PotentialWorkers.objects.get(region_id=MUBA, year=2025)
    assert row.count == 213600
    assert AuditEvent.objects.filter(action="report.potential_set").count() == 2
    assert "213.600" in client.get("/laporan/data/").content.decode()


def test_a_kecamatan_potential_can_be_entered_but_not_one_outside(personas):
    client = login(personas["admin"])
    base = {"which": "potensial", "potensial-year": 2025, "potensial-count": 1000}
    client.post("/laporan/data/", {**base, "potensial-region": "16.06.01"})
    assert PotentialWorkers.objects.filter(region_id="16.06.01").exists()
    response = client.post("/laporan/data/", {**base, "potensial-region": "16.07.01"})
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not PotentialWorkers.objects.filter(region_id="16.07.01").exists()


def test_a_bad_target_is_refused_and_nothing_is_written(personas):
    response = login(personas["admin"]).post(
        "/laporan/data/", {"which": "target", "target-year": 2026, "target-percent": "120"}
    )
    assert "Data belum tersimpan" in response.content.decode()
    assert not CoverageTarget.objects.exists()


def test_the_target_is_set(personas):
    login(personas["admin"]).post(
        "/laporan/data/",
        {"which": "target", "target-year": 2026, "target-percent": "55.5", "target-legal_basis": "RPJMD"},
    )
    assert CoverageTarget.objects.get(region_id=MUBA, year=2026).percent == Decimal("55.50")


def test_a_regulation_is_added_and_deleted(personas):
    client = login(personas["admin"])
    client.post(
        "/laporan/data/",
        {
            "which": "regulasi",
            "regulasi-kind": "inpres",
            "regulasi-number": "2",
            "regulasi-year": 2021,
            "regulasi-title": "Optimalisasi Jamsostek",
        },
    )
    row = Regulation.objects.get()
    assert row.kabupaten_id == MUBA
    assert login(personas["admin_lain"]).post(f"/laporan/data/regulasi/{row.pk}/hapus/").status_code == 404
    client.post(f"/laporan/data/regulasi/{row.pk}/hapus/")
    assert not Regulation.objects.exists()


def test_it_requires_admin_dinas(personas):
    for name in ("pimpinan", "kecamatan", "desa", "bpjs", "opd"):
        assert login(personas[name]).get("/laporan/data/").status_code == 403, name
