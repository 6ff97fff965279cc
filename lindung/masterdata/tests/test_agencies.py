import pytest

from lindung.accounts.models import Agency
from lindung.audit.models import AuditEvent
from lindung.conftest import BANYUASIN, MUBA, login

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_the_kabupaten_agencies(personas, agency):
    Agency.objects.create(code="DINSOS-BA", name="Dinas Sosial Banyuasin", kabupaten_id=BANYUASIN)
    response = login(personas["admin"]).get("/data-induk/opd/")
    assert [a.code for a in response.context["agencies"]] == ["DINKES"]
    assert response.context["agencies"][0].staff_count == 1  # the OPD operator persona
    assert "Dinas Sosial Banyuasin" not in response.content.decode()


def test_add_and_rename(personas):
    admin = login(personas["admin"])
    assert (
        admin.post("/data-induk/opd/baru/", {"code": "disdik", "name": "Dinas  Pendidikan"}).status_code
        == 302
    )
    agency = Agency.objects.get(code="DISDIK")
    assert (agency.name, agency.kabupaten_id) == ("Dinas Pendidikan", MUBA)
    admin.post(f"/data-induk/opd/{agency.pk}/", {"code": "LAIN", "name": "Dinas Pendidikan dan Kebudayaan"})
    agency.refresh_from_db()
    assert (agency.code, agency.name) == ("DISDIK", "Dinas Pendidikan dan Kebudayaan")
    update = AuditEvent.objects.get(action="agency.update")
    assert update.changes == {"name": ["Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan"]}
    assert AuditEvent.objects.get(action="agency.create").changes["kabupaten_id"] == MUBA


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "dinkes", "name": "Dinas Lain"}, "Kode OPD ini sudah dipakai."),
        ({"code": "BARU", "name": "dinas kesehatan"}, "OPD dengan nama ini sudah ada di kabupaten Anda."),
        ({"code": "A B", "name": "Dinas Lain"}, "Kode hanya boleh berisi huruf"),
        ({"code": "", "name": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(personas, agency, data, message):
    response = login(personas["admin"]).post("/data-induk/opd/baru/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Agency.objects.count() == 1 and not AuditEvent.objects.exists()


def test_another_kabupaten_agency_answers_404(personas, agency):
    other = login(personas["admin_lain"])
    assert other.get(f"/data-induk/opd/{agency.pk}/").status_code == 404
    assert other.post(f"/data-induk/opd/{agency.pk}/", {"name": "Diambil alih"}).status_code == 404
    agency.refresh_from_db()
    assert agency.name == "Dinas Kesehatan"
    # The same name is free in another kabupaten; a new agency belongs to the admin's own kabupaten.
    other.post("/data-induk/opd/baru/", {"code": "DINKES-BA", "name": "Dinas Kesehatan"})
    assert Agency.objects.get(code="DINKES-BA").kabupaten_id == BANYUASIN


@pytest.mark.parametrize("role", ["kecamatan", "desa", "opd", "bpjs", "pimpinan"])
def test_other_roles_get_403(personas, agency, role):
    client = login(personas[role])
    assert client.post("/data-induk/opd/baru/", {"code": "X", "name": "X"}).status_code == 403
    assert client.post(f"/data-induk/opd/{agency.pk}/", {"name": "X"}).status_code == 403
    assert Agency.objects.count() == 1
