"""One deployment, several kabupaten: staff of one never see another's people, on the pages or through the API;
the province's monitor sees figures and reports only."""

import pytest

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.conftest import BANYUASIN, DESA_A, DESA_OUTSIDE, MUBA, login, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_kabupaten():
    return make_worker(DESA_A, name="Warga Musi Banyuasin"), make_worker(DESA_OUTSIDE, name="Warga Banyuasin")


@pytest.mark.parametrize(("persona", "own", "other"), [("admin", 0, 1), ("admin_lain", 1, 0)])
def test_staff_of_one_kabupaten_never_see_another_kabupatens_people(
    personas, two_kabupaten, persona, own, other
):
    mine, theirs = two_kabupaten[own], two_kabupaten[other]
    client = login(personas[persona])
    listing = client.get("/pekerja/").content.decode()
    assert f"/pekerja/{mine.pk}/" in listing and theirs.name not in listing
    for search in (theirs.nik, theirs.nik[:12], theirs.name):
        found = client.get("/pekerja/", {"q": search}).content.decode()
        assert f"/pekerja/{theirs.pk}/" not in found, search
    assert client.get(f"/pekerja/{mine.pk}/").status_code == 200
    assert client.get(f"/pekerja/{theirs.pk}/").status_code == 404


@pytest.mark.parametrize(("area", "own", "other"), [(MUBA, 0, 1), (BANYUASIN, 1, 0)])
def test_an_api_token_of_one_kabupaten_never_reads_another_kabupatens_people(two_kabupaten, area, own, other):
    mine, theirs = two_kabupaten[own], two_kabupaten[other]
    _token, key = make_token(Role.ADMIN_DINAS, area)
    api = ApiClient(key)
    listed = api.get("/api/workers").json()
    assert [item["id"] for item in listed["items"]] == [mine.pk]
    assert api.get("/api/workers", {"nik": theirs.nik}).json()["items"] == []
    assert api.get("/api/workers", {"name": theirs.name}).json()["items"] == []
    assert api.get(f"/api/workers/{mine.pk}").status_code == 200
    assert api.get(f"/api/workers/{theirs.pk}").status_code == 404


def test_the_province_monitor_sees_figures_of_its_kabupaten_and_no_person(personas, two_kabupaten):
    client = login(personas["provinsi"])
    assert client.get("/laporan/").status_code == 200
    for url in ("/pekerja/", f"/pekerja/{two_kabupaten[0].pk}/", "/verifikasi/", "/kepesertaan/"):
        assert client.get(url).status_code == 403, url
    _token, key = make_token(Role.PEMANTAU_PROVINSI, "16")
    api = ApiClient(key)
    assert api.get("/api/workers").status_code == 403
    assert api.get("/api/statistics").status_code == 200


def test_the_province_monitor_counts_every_kabupaten_of_its_province_only(personas, two_kabupaten):
    from lindung.workers.models import Worker
    from lindung.workers.selectors import area_filter

    counted = set(
        Worker.objects.filter(area_filter(personas["provinsi"])).values_list("kabupaten_id", flat=True)
    )
    assert counted == {MUBA, BANYUASIN}
