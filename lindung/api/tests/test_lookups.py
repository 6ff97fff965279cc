import datetime as dt

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.conftest import DESA_A, DESA_LAIS, DESA_OUTSIDE, MUBA, make_worker
from lindung.core.ratelimit import reset
from lindung.workers.models import Segment, Source, Status
from lindung.workers.workflow import worker_transition


def test_application_status_by_receipt_and_birth_date(personas):
    worker = make_worker(DESA_A, source=Source.MANDIRI, receipt_no="LD-ACDE3467")
    worker_transition(
        worker=worker, to=Status.DIKEMBALIKAN, by=personas["desa"], reason="", note="Foto KTP buram"
    )
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    body = api.post(
        "/api/applications/status", {"receipt_no": "ld-acde-3467", "birth_date": "1990-03-05"}
    ).json()
    assert (body["status"], body["status_label"]) == ("dikembalikan", "Dikembalikan")
    assert body["reason"] == "Foto KTP buram"
    wrong_number = api.post(
        "/api/applications/status", {"receipt_no": "LD-ACDE3466", "birth_date": "1990-03-05"}
    )
    wrong_date = api.post(
        "/api/applications/status", {"receipt_no": "LD-ACDE3467", "birth_date": "1990-03-06"}
    )
    assert wrong_number.status_code == wrong_date.status_code == 404
    assert wrong_number.content == wrong_date.content


def test_application_status_outside_the_area_looks_missing(personas):
    make_worker(DESA_OUTSIDE, receipt_no="LD-ACDE3467")
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    response = ApiClient(key).post(
        "/api/applications/status", {"receipt_no": "LD-ACDE3467", "birth_date": "1990-03-05"}
    )
    assert response.status_code == 404


def test_regions_lists_children(personas):
    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    api = ApiClient(key)
    body = api.get("/api/regions", {"parent": "16.06.01"}).json()
    assert DESA_A in [r["code"] for r in body["items"]]
    assert all(r["parent"] == "16.06.01" and r["level"] == "desa" for r in body["items"])
    assert body["total"] == len(body["items"])
    assert api.get("/api/regions", {"parent": "99.99"}).status_code == 404


def test_statistics_count_the_token_area(personas):
    make_worker(DESA_A)
    make_worker(DESA_A, status=Status.TERDAFTAR)
    make_worker(DESA_LAIS, segment=Segment.RENTAN)
    make_worker(DESA_OUTSIDE)
    _token, key = make_token(Role.OPERATOR_KECAMATAN, "16.06.01")
    body = ApiClient(key).get("/api/statistics").json()
    assert body["area"]["code"] == "16.06.01"
    assert body["total"] == 2
    status = {row["key"]: row["count"] for row in body["by_status"]}
    assert (status["diajukan"], status["terdaftar"], status["ditolak"]) == (1, 1, 0)
    assert [(r["key"], r["count"]) for r in body["by_kecamatan"]] == [("16.06.01", 2)]


def test_rate_limit_answers_429_in_the_error_format(personas, settings):
    settings.API_RATE_LIMIT = 3
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    _other_token, other_key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    assert [api.get("/api/statistics").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/api/statistics")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert "Terlalu banyak permintaan" in response.json()["error"]["message"]
    assert int(response["Retry-After"]) >= 1
    assert ApiClient(other_key).get("/api/statistics").status_code == 200  # per token
    reset()  # as if a new window had opened
    assert api.get("/api/statistics").status_code == 200


def test_unknown_api_paths_answer_in_the_error_format(personas):
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    response = ApiClient(key).get("/api/tidak-ada")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_birth_date_must_be_a_date(personas):
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    response = ApiClient(key).post(
        "/api/applications/status", {"receipt_no": "LD-X", "birth_date": dt.date.today().strftime("%d/%m/%Y")}
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["birth_date"] == [
        "Tanggal harus berformat TTTT-BB-HH, misalnya 1990-03-05."
    ]


def test_a_wrong_method_and_bad_json_answer_in_the_error_format(personas):
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    api = ApiClient(key)
    wrong = api.client.delete("/api/workers", **api.headers)
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"
    bad = api.client.post("/api/workers", "{rusak", content_type="application/json", **api.headers)
    assert bad.status_code == 400
    assert bad.json()["error"] == {
        "code": "bad_request",
        "message": "Isi permintaan bukan JSON yang valid.",
        "fields": {},
    }
