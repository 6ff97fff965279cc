"""A token sees exactly what a staff member with the same role and area sees."""

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.conftest import BANYUASIN, DESA_A, DESA_B, DESA_LAIS, DESA_OUTSIDE, MUBA, make_worker


def test_a_desa_token_sees_its_desa_only(personas):
    mine = make_worker(DESA_A, name="Rohani")
    make_worker(DESA_B, name="Darmawan")
    make_worker(DESA_LAIS, name="Sulastri")
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    body = ApiClient(key).get("/api/workers").json()
    assert body["total"] == 1
    assert [w["name"] for w in body["items"]] == ["Rohani"]
    assert body["items"][0]["id"] == mine.pk


def test_a_kabupaten_token_sees_the_kabupaten_but_not_another(personas):
    make_worker(DESA_A, name="Rohani")
    make_worker(DESA_LAIS, name="Sulastri")
    outside = make_worker(DESA_OUTSIDE, name="Orang Banyuasin")
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    names = {w["name"] for w in api.get("/api/workers").json()["items"]}
    assert names == {"Rohani", "Sulastri"}
    hidden = api.get(f"/api/workers/{outside.pk}")
    missing = api.get("/api/workers/987654")
    assert hidden.status_code == missing.status_code == 404
    assert (
        hidden.json()
        == missing.json()
        == {"error": {"code": "not_found", "message": "Data tidak ditemukan.", "fields": {}}}
    )


def test_the_other_kabupaten_token_sees_only_its_own(personas):
    make_worker(DESA_A)
    outside = make_worker(DESA_OUTSIDE, name="Orang Banyuasin")
    _token, key = make_token(Role.ADMIN_DINAS, BANYUASIN)
    body = ApiClient(key).get("/api/workers").json()
    assert [w["id"] for w in body["items"]] == [outside.pk]


def test_a_revoked_token_is_refused(personas):
    from lindung.api.services import api_token_revoke

    make_worker(DESA_A)
    token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    assert api.get("/api/workers").status_code == 200
    api_token_revoke(token=token, by=personas["admin"])
    response = api.get("/api/workers")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert "dicabut" in response.json()["error"]["message"]


def test_no_token_and_a_wrong_token_are_refused(client, personas):
    assert client.get("/api/workers").status_code == 401
    response = ApiClient("lnd_salah").get("/api/workers")
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_an_opd_token_sees_its_agency_staff_only(personas, agency):
    from lindung.workers.models import Segment

    staff = make_worker(DESA_A, name="Honorer Dinkes", segment=Segment.NON_ASN, agency=agency)
    make_worker(DESA_A, name="Petani")
    _token, key = make_token(Role.OPERATOR_OPD, MUBA, agency=agency)
    body = ApiClient(key).get("/api/workers").json()
    assert [w["id"] for w in body["items"]] == [staff.pk]


def test_filters_and_pagination(personas):
    for i in range(5):
        make_worker(DESA_A, name=f"Warga {i}")
    make_worker(DESA_LAIS, name="Warga Lais", status="ditolak")
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    page = api.get("/api/workers", {"limit": 2, "offset": 2, "kecamatan": "16.06.01"}).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (5, 2, 2, 2)
    assert api.get("/api/workers", {"status": "ditolak"}).json()["total"] == 1
    assert api.get("/api/workers", {"desa": DESA_LAIS}).json()["items"][0]["name"] == "Warga Lais"
    assert api.get("/api/workers", {"name": "warga lais"}).json()["total"] == 1
    bad = api.get("/api/workers", {"status": "hilang", "limit": 1000})
    assert bad.status_code == 422
    assert set(bad.json()["error"]["fields"]) == {"limit"}
    bad_status = api.get("/api/workers", {"status": "hilang"})
    assert "Nilai tidak dikenal" in bad_status.json()["error"]["fields"]["status"][0]


def test_search_by_nik_is_exact(personas):
    worker = make_worker(DESA_A)
    make_worker(DESA_A)
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    body = api.get("/api/workers", {"nik": worker.nik}).json()
    assert [w["id"] for w in body["items"]] == [worker.pk]
    assert api.get("/api/workers", {"nik": worker.nik[:10]}).status_code == 422
