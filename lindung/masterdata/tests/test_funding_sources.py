import pytest

from lindung.accounts.models import Agency
from lindung.audit.models import AuditEvent
from lindung.conftest import BANYUASIN, MUBA, login
from lindung.enrolment.models import FundingSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def apbd(db):
    return FundingSource.objects.create(
        code="apbd-1606",
        name="APBD Musi Banyuasin",
        kind="apbd_kabupaten",
        group_code="SG",
        kabupaten_id=MUBA,
    )


def source_form(**overrides):
    data = {
        "name": "APBDes Sukarami",
        "kind": "apbdes",
        "group_code": "SD",
        "declared_income": "Rp 1.200.000",
    }
    data.update(overrides)
    return data


def test_the_list_shows_only_the_kabupaten_sources(personas, apbd):
    FundingSource.objects.create(
        code="apbd-1607", name="APBD Banyuasin", kind="apbd_kabupaten", kabupaten_id=BANYUASIN
    )
    response = login(personas["admin"]).get("/data-induk/sumber-dana/")
    assert [s.code for s in response.context["sources"]] == ["apbd-1606"]
    assert "Rp1.000.000" in response.content.decode() or "Rp1,000,000" in response.content.decode()


def test_add_then_edit_the_declared_income_and_group(personas, apbd):
    admin = login(personas["admin"])
    assert admin.post("/data-induk/sumber-dana/baru/", source_form()).status_code == 302
    source = FundingSource.objects.get(name="APBDes Sukarami")
    assert (source.kind, source.group_code, source.declared_income, source.kabupaten_id, source.agency) == (
        "apbdes",
        "SD",
        1_200_000,
        MUBA,
        None,
    )
    assert source.code == "apbdes-sukarami-1606"
    admin.post(
        f"/data-induk/sumber-dana/{apbd.pk}/",
        source_form(name=apbd.name, kind="apbd_kabupaten", group_code="SA", declared_income="1500000"),
    )
    apbd.refresh_from_db()
    assert (apbd.group_code, apbd.declared_income, apbd.code) == ("SA", 1_500_000, "apbd-1606")
    event = AuditEvent.objects.get(action="funding_source.update")
    assert event.changes == {"group_code": ["SG", "SA"], "declared_income": [1_000_000, 1_500_000]}


def test_an_opd_budget_needs_an_agency_of_the_kabupaten(personas, agency):
    other_agency = Agency.objects.create(
        code="DINSOS-BA", name="Dinas Sosial Banyuasin", kabupaten_id=BANYUASIN
    )
    admin = login(personas["admin"])
    response = admin.post(
        "/data-induk/sumber-dana/baru/", source_form(name="Anggaran Dinkes", kind="opd", group_code="SG")
    )
    assert "Pilih OPD yang membiayai program ini." in response.content.decode()
    response = admin.post(
        "/data-induk/sumber-dana/baru/",
        source_form(name="Anggaran Dinkes", kind="opd", agency=other_agency.pk),
    )
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not FundingSource.objects.exists()
    admin.post(
        "/data-induk/sumber-dana/baru/", source_form(name="Anggaran Dinkes", kind="opd", agency=agency.pk)
    )
    assert FundingSource.objects.get(name="Anggaran Dinkes").agency == agency
    # An agency picked for another kind of budget is dropped.
    admin.post("/data-induk/sumber-dana/baru/", source_form(agency=agency.pk))
    assert FundingSource.objects.get(name="APBDes Sukarami").agency is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"declared_income": "0"}, "Pastikan nilai ini lebih besar dari atau sama dengan 1."),
        ({"declared_income": "satu juta"}, "Tulis jumlah dalam angka, misalnya 1.000.000."),
        ({"group_code": "XX"}, "Masukkan pilihan yang valid"),
        ({"name": "apbd musi banyuasin"}, "Sumber dana dengan nama ini sudah ada di kabupaten Anda."),
        ({"kind": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(personas, apbd, overrides, message):
    response = login(personas["admin"]).post("/data-induk/sumber-dana/baru/", source_form(**overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert FundingSource.objects.count() == 1 and not AuditEvent.objects.exists()


def test_another_kabupaten_source_answers_404(personas, apbd):
    other = login(personas["admin_lain"])
    assert other.get(f"/data-induk/sumber-dana/{apbd.pk}/").status_code == 404
    assert (
        other.post(f"/data-induk/sumber-dana/{apbd.pk}/", source_form(declared_income="5")).status_code == 404
    )
    apbd.refresh_from_db()
    assert apbd.declared_income == 1_000_000


@pytest.mark.parametrize("role", ["kecamatan", "desa", "opd", "bpjs", "pimpinan"])
def test_other_roles_get_403(personas, apbd, role):
    client = login(personas[role])
    assert client.post("/data-induk/sumber-dana/baru/", source_form()).status_code == 403
    assert (
        client.post(f"/data-induk/sumber-dana/{apbd.pk}/", source_form(declared_income="5")).status_code
        == 403
    )
    apbd.refresh_from_db()
    assert FundingSource.objects.count() == 1 and apbd.declared_income == 1_000_000
