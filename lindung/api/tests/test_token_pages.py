"""Admin Dinas creates and revokes tokens for its own kabupaten; the key is shown once and stored as a hash."""

from lindung.accounts.models import Role
from lindung.api.models import ApiToken, hash_key
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_OUTSIDE, MUBA, login


def test_admin_creates_a_token_and_sees_the_key_once(personas):
    client = login(personas["admin"])
    response = client.post(
        "/api/token/", {"name": "Aplikasi Desa", "role": Role.OPERATOR_DESA, "area": DESA_A}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Aplikasi Desa")
    page = response.content.decode()
    key = page.split('<p class="font-monospace">')[1].split("</p>")[0].strip()
    assert key.startswith("lnd_") and token.key_hash == hash_key(key)
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.created_by == personas["admin"] and token.area_id == DESA_A
    assert key not in client.get("/api/token/").content.decode()
    assert token.last_used_at is None
    assert ApiClient(key).get("/api/workers").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action="api.token_create", object_id=str(token.pk)).exists()


def test_the_area_must_be_in_the_admins_kabupaten_and_fit_the_role(personas):
    client = login(personas["admin"])
    outside = client.post("/api/token/", {"name": "X", "role": Role.OPERATOR_DESA, "area": DESA_OUTSIDE})
    assert "Pilih pilihan yang valid" in outside.content.decode() or "valid" in outside.content.decode()
    wrong_level = client.post("/api/token/", {"name": "Y", "role": Role.OPERATOR_DESA, "area": "16.06.01"})
    assert "Peran ini harus punya wilayah kerja tingkat Desa/Kelurahan." in wrong_level.content.decode()
    opd = client.post("/api/token/", {"name": "Z", "role": Role.OPERATOR_OPD, "area": MUBA})
    assert "Operator OPD harus terhubung ke satu OPD." in opd.content.decode()
    assert not ApiToken.objects.exists()


def test_admin_revokes_a_token(personas):
    token, key = make_token(Role.ADMIN_DINAS, MUBA, by=personas["admin"])
    response = login(personas["admin"]).post(f"/api/token/{token.pk}/cabut/", follow=True)
    assert "dicabut" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(key).get("/api/workers").status_code == 401


def test_another_kabupaten_cannot_see_or_revoke(personas):
    token, _key = make_token(Role.ADMIN_DINAS, MUBA, by=personas["admin"])
    other = login(personas["admin_lain"])
    assert token.name not in other.get("/api/token/").content.decode()
    assert other.post(f"/api/token/{token.pk}/cabut/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_only_admin_dinas_manages_tokens(personas):
    for persona in ("kecamatan", "desa", "bpjs", "pimpinan"):
        assert login(personas[persona]).get("/api/token/").status_code == 403


def test_the_docs_page_loads_its_assets_from_our_static_files(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "/static/ninja/swagger-ui.css" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
