"""POST /api/workers applies the same rules as the staff form and writes through the registry service."""

import datetime as dt

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, MUBA, make_worker
from lindung.intake.models import RepeatApplication
from lindung.lib.nik import make_nik
from lindung.workers.models import Source, StatusChange, Worker


def payload(**changes):
    data = {
        "nik": make_nik("16.06.01", dt.date(1988, 7, 14), "L", 41),
        "name": "Ahmad Fauzi",
        "birth_place": "Sekayu",
        "birth_date": "1988-07-14",
        "sex": "L",
        "desa": DESA_A,
        "phone": "081298765432",
        "occupation": "petani",
        "income": 1500000,
    }
    data.update(changes)
    return data


def test_a_desa_token_creates_a_worker(personas):
    token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    api = ApiClient(key)
    response = api.post("/api/workers", payload())
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "diterima"
    worker = Worker.objects.get(name="Ahmad Fauzi")
    # The outcome is read in the token's own area.
    found = api.get("/api/workers", {"nik": payload()["nik"]}).json()["items"]
    assert [w["id"] for w in found] == [worker.pk] and found[0]["nik"] == worker.masked_nik
    assert (
        worker.source == Source.PETUGAS
        and worker.occupation is not None
        and worker.occupation.code == "petani"
    )
    assert StatusChange.objects.filter(worker=worker, to_status="diajukan").exists()
    assert AuditEvent.objects.filter(action="worker.create", object_id=str(worker.pk)).exists()
    assert AuditEvent.objects.get(action="api.create").changes["token_id"] == token.pk


def test_a_bad_nik_is_refused_in_indonesian_and_nothing_is_written(personas):
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    response = ApiClient(key).post("/api/workers", payload(nik="1.60601E+15"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Data pekerja tidak valid; periksa isian yang ditandai."
    assert "Excel" in " ".join(error["fields"]["nik"])
    assert not Worker.objects.exists()
    assert (
        not AuditEvent.objects.exists()
        or not AuditEvent.objects.filter(action__in=["worker.create", "api.create"]).exists()
    )


def test_a_nik_that_disagrees_with_the_birth_date_is_refused(personas):
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    response = ApiClient(key).post("/api/workers", payload(birth_date="1988-07-15"))
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["nik"]
    assert not Worker.objects.exists()


def test_a_desa_outside_the_token_area_is_refused(personas):
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    response = ApiClient(key).post("/api/workers", payload(desa=DESA_LAIS))
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["desa"]
    assert not Worker.objects.exists()


def test_missing_fields_get_an_indonesian_message(personas):
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    data = payload()
    del data["name"]
    response = ApiClient(key).post("/api/workers", data)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"name": ["Wajib diisi."]}


def test_a_read_only_role_cannot_create(personas):
    _token, key = make_token(Role.PETUGAS_BPJS, MUBA)
    response = ApiClient(key).post("/api/workers", payload())
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not Worker.objects.exists()


def test_a_nik_registered_outside_the_token_area_gets_the_answer_of_a_new_one(personas):
    # The probe: POST /workers answered "NIK ini sudah terdaftar" for NIKs registered anywhere, and later 202
    # for a NIK of another area against 201 for a new one.
    birth = dt.date(1988, 7, 14)
    elsewhere = make_worker(DESA_LAIS, nik=make_nik("16.06.01", birth, "L", 61), birth_date=birth, sex="L")
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    api = ApiClient(key)
    registered = api.post("/api/workers", payload(nik=elsewhere.nik, name="Orang Lain"))
    new = api.post("/api/workers", payload(nik=make_nik("16.06.01", birth, "L", 62), name="Orang Lain"))
    assert (registered.status_code, new.status_code) == (202, 202), registered.content
    assert registered.json() == new.json()
    assert registered.headers["Content-Type"] == new.headers["Content-Type"]
    assert "terdaftar" not in registered.content.decode()
    # Nothing is added to the registry; the Dinas and the area of the registered worker see it for review.
    assert Worker.objects.filter(nik=elsewhere.nik).count() == 1
    repeat = RepeatApplication.objects.get()
    assert repeat.worker == elsewhere and repeat.via == "api" and repeat.submitted["name"] == "Orang Lain"
    # The new one is in the token's area; the registered one is not (only the area shows the outcome).
    assert api.get("/api/workers", {"nik": elsewhere.nik}).json()["total"] == 0
    assert Worker.objects.get(nik=make_nik("16.06.01", birth, "L", 62)).desa_id == DESA_A
    # A field error is answered the same for a registered and an unregistered NIK (fields before the registry).
    bad = [
        api.post("/api/workers", payload(nik=nik, name="")).json()
        for nik in (elsewhere.nik, make_nik("16.06.01", birth, "L", 63))
    ]
    assert bad[0] == bad[1] and "nik" not in bad[0]["error"]["fields"]


def test_the_nik_warnings_come_with_either_answer(personas):
    # An unknown kecamatan (16.06.99) is a warning that follows from the NIK's digits alone.
    birth = dt.date(1988, 7, 14)
    elsewhere = make_worker(DESA_LAIS, nik=make_nik("16.06.99", birth, "L", 61), birth_date=birth, sex="L")
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    api = ApiClient(key)
    answers = [
        api.post("/api/workers", payload(nik=nik)).json()
        for nik in (elsewhere.nik, make_nik("16.06.99", birth, "L", 62))
    ]
    assert answers[0] == answers[1] and answers[0]["warnings"]


def test_a_nik_registered_inside_the_token_area_is_named(personas):
    birth = dt.date(1988, 7, 14)
    inside = make_worker(DESA_A, nik=make_nik("16.06.01", birth, "L", 63), birth_date=birth, sex="L")
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    response = ApiClient(key).post("/api/workers", payload(nik=inside.nik))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert response.json()["error"]["fields"]["nik"] == ["NIK ini sudah terdaftar di Lindung."]
    assert not RepeatApplication.objects.exists()
