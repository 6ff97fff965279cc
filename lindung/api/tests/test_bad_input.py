"""Input no database can hold (a NUL character, a lone surrogate, a 65-bit offset) is refused, never a 500."""

import pytest

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.api.workers import MAX_OFFSET
from lindung.audit.models import AuditEvent
from lindung.conftest import MUBA
from lindung.workers.models import Worker

from .test_create import payload


@pytest.fixture
def api(personas):
    _token, key = make_token(Role.ADMIN_DINAS, MUBA)
    return ApiClient(key)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/workers", "name"),
        ("/api/workers", "kecamatan"),
        ("/api/workers", "desa"),
        ("/api/workers", "occupation"),
        ("/api/regions", "parent"),
    ],
)
def test_a_nul_character_in_a_filter_is_invalid_input(api, path, field):
    reads = AuditEvent.objects.filter(action="api.read").count()
    response = api.get(path, {field: "16.06\x00"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {field: ["Isian tidak sesuai format."]}
    assert AuditEvent.objects.filter(action="api.read").count() == reads


def test_an_offset_past_64_bits_is_out_of_range_and_the_largest_allowed_is_an_empty_page(api):
    response = api.get("/api/workers", {"offset": 2**63})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"offset": ["Nilai di luar batas yang diizinkan."]}
    last = api.get("/api/workers", {"offset": MAX_OFFSET})
    assert last.status_code == 200
    assert last.json()["items"] == []


@pytest.mark.parametrize("field", ["occupation", "agency"])
def test_a_nul_character_in_a_code_is_invalid_and_nothing_is_written(api, field):
    response = api.post("/api/workers", payload(**{field: "petani\x00"}))
    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Worker.objects.exists()


def test_a_lone_surrogate_is_unreadable_json_and_nothing_is_written(api):
    # The client's JSON encoder writes "\ud800" as the escape \\ud800: valid JSON syntax, but no text.
    response = api.post("/api/workers", payload(name="Ahmad \ud800"))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert not Worker.objects.exists()


def test_an_escaped_character_outside_the_bmp_is_ordinary_text(api):
    """👍 travels as the surrogate pair \\ud83d\\udc4d and must still be read."""
    response = api.post("/api/applications/status", {"receipt_no": "LD-👍", "birth_date": "1990-03-05"})
    assert response.status_code == 404
