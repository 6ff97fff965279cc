import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.audit.models import AuditEvent
from lindung.conftest import PASSWORD, login

from .conftest import current_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


def password_login(username):
    client = Client()
    response = client.post("/akun/masuk/", {"username": username, "password": PASSWORD, "next": "/pekerja/"})
    assert response.status_code == 302
    return client, response


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_a_2fa_role_without_a_device_is_sent_to_enrolment_and_reaches_nothing_else(personas):
    client, response = password_login("admin")
    assert client.get(response["Location"])["Location"].startswith("/akun/2fa/daftar/")
    for url in ("/pekerja/", "/", "/privasi/", "/akun/", "/admin/"):
        assert client.get(url)["Location"].startswith("/akun/2fa/daftar/"), url
    page = client.get("/akun/2fa/daftar/").content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page


def test_enrolment_with_a_wrong_code_is_refused_and_with_the_right_one_activates(personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait between the wrong and the right code
    client, _ = password_login("desa")
    client.get("/akun/2fa/daftar/")
    device = TOTPDevice.objects.get(user=personas["desa"])
    response = client.post(
        "/akun/2fa/daftar/", {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "Kode salah atau kedaluwarsa" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas["desa"], confirmed=True).exists()
    assert client.get("/pekerja/").status_code == 302

    device.refresh_from_db()
    response = client.post("/akun/2fa/daftar/", {"token": current_code(device)}, follow=True)
    body = response.content.decode()
    assert "Kode cadangan" in body
    assert StaticToken.objects.filter(device__user=personas["desa"]).count() == 10
    code = StaticToken.objects.filter(device__user=personas["desa"]).first().token
    assert code in body
    assert client.get("/pekerja/").status_code == 200
    assert AuditEvent.objects.filter(action="account.2fa_enrol", object_id=str(personas["desa"].pk)).exists()


def test_wrong_codes_make_the_user_wait(personas):
    device = enrolled(personas["admin"])
    client, _ = password_login("admin")
    client.post("/akun/2fa/", {"token": "000000"})
    response = client.post("/akun/2fa/", {"token": current_code(device)})
    assert "tunggu sebentar" in response.content.decode()
    assert client.get("/pekerja/").status_code == 302


def test_an_enrolled_user_must_type_the_code_after_the_password(personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(personas["kecamatan"])
    client, response = password_login(personas["kecamatan"].username)
    assert client.get("/pekerja/")["Location"] == "/akun/2fa/?next=%2Fpekerja%2F"
    response = client.post("/akun/2fa/?next=/pekerja/", {"token": "12345x", "next": "/pekerja/"})
    assert "Kode salah atau kedaluwarsa" in response.content.decode()
    assert client.get("/pekerja/").status_code == 302
    response = client.post("/akun/2fa/", {"token": current_code(device), "next": "/pekerja/"})
    assert response["Location"] == "/pekerja/"
    assert client.get("/pekerja/").status_code == 200


def test_a_backup_code_works_once(personas):
    from lindung.accounts.twofactor import backup_codes_regenerate

    enrolled(personas["opd"])
    codes = backup_codes_regenerate(user=personas["opd"], request=None)
    client, _ = password_login("opd")
    assert client.post("/akun/2fa/", {"token": codes[0].upper()})["Location"] == "/"
    assert client.get("/pekerja/").status_code == 200
    again, _ = password_login("opd")
    response = again.post("/akun/2fa/", {"token": codes[0]})
    assert "Kode salah" in response.content.decode()
    assert StaticToken.objects.filter(device__user=personas["opd"]).count() == 9


def test_a_forced_login_without_the_code_is_not_verified(personas):
    enrolled(personas["admin"])
    assert login(personas["admin"]).get("/pekerja/")["Location"].startswith("/akun/2fa/")


def test_roles_without_2fa_are_not_asked(personas):
    # Pimpinan sees figures and reports, no person's data (the access matrix): the password is enough.
    client, _ = password_login(personas["pimpinan"].username)
    assert client.get("/laporan/").status_code == 200
    # Petugas BPJS handles batches with full NIKs: asked like the operators.
    client, _ = password_login(personas["bpjs"].username)
    assert client.get("/kepesertaan/batch/")["Location"].startswith("/akun/2fa/daftar/")


def test_with_the_switch_off_nobody_is_asked(personas, settings):
    settings.LINDUNG_REQUIRE_2FA = False
    assert login(personas["admin"]).get("/pekerja/").status_code == 200


def test_the_admin_site_login_goes_through_lindung_login():
    response = Client().get("/admin/login/?next=/admin/")
    assert response["Location"] == "/akun/masuk/?next=/admin/"


def test_reset_command_sends_the_user_back_to_enrolment(personas):
    enrolled(personas["admin"])
    call_command("reset_2fa", "admin", stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=personas["admin"]).exists()
    client, _ = password_login("admin")
    assert client.get("/pekerja/")["Location"].startswith("/akun/2fa/daftar/")


def test_the_code_page_never_redirects_to_another_site(personas, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = enrolled(personas["admin"])
    client, _ = password_login("admin")
    response = client.post("/akun/2fa/", {"token": current_code(device), "next": "https://jahat.example/"})
    assert response["Location"] == "/"


def test_roles_without_2fa_have_no_enrolment(personas):
    client = login(personas["pimpinan"])
    response = client.get("/akun/2fa/daftar/", follow=True)
    assert "tidak diwajibkan" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas["pimpinan"]).exists()
