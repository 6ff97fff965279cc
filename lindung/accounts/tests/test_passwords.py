import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from lindung.conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("pendek9", "terlalu pendek"),
        ("xx-bpjs-kantor-2026", "nama pengguna"),
        ("sandi1606012345670001", "16 angka"),
    ],
)
def test_weak_passwords_are_refused(personas, password, message):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, personas["bpjs"])
    assert message in " ".join(exc.value.messages)


def test_a_good_password_passes(personas):
    validate_password("kebun-karet-sungai-lilin", personas["bpjs"])


def test_password_change_page_refuses_a_weak_one_and_keeps_the_old(personas):
    client = login(personas["bpjs"])
    response = client.post(
        "/akun/sandi/",
        {"old_password": PASSWORD, "new_password1": "bpjs-sekayu-2026", "new_password2": "bpjs-sekayu-2026"},
    )
    assert response.status_code == 200
    assert "nama pengguna" in response.content.decode()
    personas["bpjs"].refresh_from_db()
    assert personas["bpjs"].check_password(PASSWORD)


def test_password_change_keeps_this_session_and_ends_the_others(personas):
    here, elsewhere = login(personas["pimpinan"]), login(personas["pimpinan"])
    new = "kebun-karet-sungai-lilin"
    response = here.post(
        "/akun/sandi/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    personas["pimpinan"].refresh_from_db()
    assert personas["pimpinan"].check_password(new)
    assert here.get("/laporan/").status_code == 200
    assert elsewhere.get("/laporan/").status_code == 302
