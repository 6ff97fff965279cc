import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.accounts.models import LoginFailure
from lindung.audit.models import AuditEvent
from lindung.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


def usernames(response):
    return {u.username for u, _locked in response.context["rows"]}


def test_admin_sees_the_staff_of_the_kabupaten_only(personas):
    response = login(personas["admin"]).get("/akun/pengguna/")
    assert usernames(response) == {"admin", "kec", "desa", "desa_lain", "opd", "bpjs", "pimpinan"}
    assert usernames(login(personas["admin_lain"]).get("/akun/pengguna/")) == {"admin_lain"}
    for role in ("kecamatan", "desa", "bpjs"):
        assert login(personas[role]).get("/akun/pengguna/").status_code == 403


def test_unlock_after_a_lockout(personas):
    for _ in range(5):
        Client().post("/akun/masuk/", {"username": "desa", "password": "salah-sekali-123"})
    response = login(personas["admin"]).get("/akun/pengguna/")
    assert "terkunci s.d." in response.content.decode()
    login(personas["admin"]).post(f"/akun/pengguna/{personas['desa'].pk}/unlock/")
    assert not LoginFailure.objects.filter(username="desa").exists()
    assert Client().post("/akun/masuk/", {"username": "desa", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="account.unlock", actor=personas["admin"]).exists()


def test_reset_2fa_end_sessions_and_deactivate(personas):
    TOTPDevice.objects.create(user=personas["desa"], name="app", confirmed=True)
    session = login(personas["desa"])
    admin = login(personas["admin"])
    admin.post(f"/akun/pengguna/{personas['desa'].pk}/reset_2fa/")
    assert not TOTPDevice.objects.filter(user=personas["desa"]).exists()
    admin.post(f"/akun/pengguna/{personas['desa'].pk}/end_sessions/")
    assert session.get("/pekerja/").status_code == 302
    admin.post(f"/akun/pengguna/{personas['desa'].pk}/deactivate/")
    personas["desa"].refresh_from_db()
    assert not personas["desa"].is_active
    assert Client().post("/akun/masuk/", {"username": "desa", "password": PASSWORD}).status_code == 200
    actions = set(
        AuditEvent.objects.filter(object_id=str(personas["desa"].pk)).values_list("action", flat=True)
    )
    assert {"account.2fa_reset", "account.logout_everywhere", "account.deactivate"} <= actions


def test_an_admin_cannot_touch_staff_of_another_kabupaten_or_deactivate_themself(personas):
    assert (
        login(personas["admin_lain"]).post(f"/akun/pengguna/{personas['desa'].pk}/deactivate/").status_code
        == 404
    )
    response = login(personas["admin"]).post(
        f"/akun/pengguna/{personas['admin'].pk}/deactivate/", follow=True
    )
    assert "tidak dapat menonaktifkan akun sendiri" in response.content.decode()
    personas["admin"].refresh_from_db()
    assert personas["admin"].is_active
    assert login(personas["admin"]).post(f"/akun/pengguna/{personas['desa'].pk}/hapus/").status_code == 404
