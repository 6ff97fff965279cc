import re

import pytest
from django.test import Client

from lindung.accounts.models import Role, User
from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_B, DESA_LAIS, MUBA, PASSWORD, login, make_worker

pytestmark = pytest.mark.django_db


def new_user(**overrides):
    data = {"username": "op_sukarami", "first_name": "Rina  Marlina", "role": "operator_desa", "area": DESA_A}
    data.update(overrides)
    return data


def shown_password(response) -> str:
    match = re.search(r'id="new-password">([^<]+)<', response.content.decode())
    assert match, response.content.decode()
    return match.group(1)


def test_a_created_operator_logs_in_with_the_shown_password_and_sees_only_their_desa(personas):
    make_worker(DESA_A, name="Warga Sukarami")
    make_worker(DESA_B, name="Warga Desa Sebelah")
    admin = login(personas["admin"])
    response = admin.post("/akun/pengguna/baru/", new_user(), follow=True)
    user = User.objects.get(username="op_sukarami")
    assert (user.role, user.area_id, user.first_name, user.agency) == (
        Role.OPERATOR_DESA,
        DESA_A,
        "Rina Marlina",
        None,
    )
    assert not user.is_superuser and not user.is_staff
    password = shown_password(response)
    assert "tidak dapat dilihat lagi" in response.content.decode()

    # Shown once: the same page again no longer has it.
    again = admin.get(f"/akun/pengguna/{user.pk}/sandi/").content.decode()
    assert password not in again and "sudah ditampilkan" in again

    client = Client()
    assert client.post("/akun/masuk/", {"username": "op_sukarami", "password": password}).status_code == 302
    # The shown password opens only the password change until the operator has chosen their own.
    assert client.get("/pekerja/")["Location"] == "/akun/sandi/"
    choose_own_password(client, password)
    body = client.get("/pekerja/").content.decode()
    assert "Warga Sukarami" in body and "Warga Desa Sebelah" not in body

    event = AuditEvent.objects.get(action="account.create", object_id=str(user.pk))
    assert event.actor == personas["admin"]
    assert event.changes["role"] == "operator_desa" and event.changes["area_id"] == DESA_A
    assert password not in str(event.changes)


def test_an_opd_operator_needs_an_agency_of_the_kabupaten(personas, agency):
    admin = login(personas["admin"])
    response = admin.post(
        "/akun/pengguna/baru/", new_user(username="op_dinkes", role="operator_opd", area=MUBA)
    )
    assert "Operator OPD harus terhubung ke satu OPD." in response.content.decode()
    assert not User.objects.filter(username="op_dinkes").exists()
    admin.post(
        "/akun/pengguna/baru/",
        new_user(username="op_dinkes", role="operator_opd", area=MUBA, agency=agency.pk),
    )
    assert User.objects.get(username="op_dinkes").agency == agency


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"area": MUBA}, "Peran ini harus punya wilayah kerja tingkat Desa/Kelurahan."),
        ({"role": "operator_kecamatan"}, "Peran ini harus punya wilayah kerja tingkat Kecamatan."),
        (
            {"role": "petugas_bpjs", "area": "16.06.01"},
            "Peran ini harus punya wilayah kerja tingkat Kabupaten/Kota.",
        ),
        ({"area": "16.07.01.2001"}, "Masukkan pilihan yang valid"),  # a desa of another kabupaten
        ({"username": "DESA"}, "Nama pengguna ini sudah dipakai."),
        ({"username": "ada spasi"}, "Masukkan nama pengguna valid"),
        ({"first_name": ""}, "Bidang ini tidak boleh kosong."),
        ({"role": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_nothing_is_written(personas, overrides, field_error):
    before = User.objects.count()
    response = login(personas["admin"]).post("/akun/pengguna/baru/", new_user(**overrides))
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert response.context["form"].errors  # shown beside its field by the template's loop
    assert User.objects.count() == before and not AuditEvent.objects.exists()


def test_editing_role_area_and_agency_is_audited(personas, agency):
    target = personas["desa"]
    admin = login(personas["admin"])
    page = admin.get(f"/akun/pengguna/{target.pk}/ubah/").content.decode()
    assert 'value="16.06.01" ' in page or 'value="16.06.01">' in page  # kecamatan offered
    assert "16.07.01" not in page  # nothing of another kabupaten
    response = admin.post(
        f"/akun/pengguna/{target.pk}/ubah/",
        {"first_name": "Desa Baru", "role": "operator_kecamatan", "area": "16.06.02", "agency": agency.pk},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.area_id, target.agency, target.username) == (
        "operator_kecamatan",
        "16.06.02",
        None,
        "desa",
    )
    event = AuditEvent.objects.get(action="account.update", object_id=str(target.pk))
    assert event.changes["role"] == ["operator_desa", "operator_kecamatan"]
    assert event.changes["area_id"] == [DESA_A, "16.06.02"]
    assert "agency_id" not in event.changes  # an agency only sticks to an OPD operator


def test_a_bad_edit_changes_nothing(personas):
    target = personas["desa"]
    response = login(personas["admin"]).post(
        f"/akun/pengguna/{target.pk}/ubah/", {"first_name": "Desa", "role": "operator_desa", "area": MUBA}
    )
    assert "Peran ini harus punya wilayah kerja tingkat Desa/Kelurahan." in response.content.decode()
    target.refresh_from_db()
    assert target.area_id == DESA_A and not AuditEvent.objects.exists()


def test_an_admin_cannot_change_their_own_role_or_area(personas):
    admin = personas["admin"]
    login(admin).post(
        f"/akun/pengguna/{admin.pk}/ubah/",
        {"first_name": "Admin Dinas", "role": "operator_desa", "area": DESA_A},
    )
    admin.refresh_from_db()
    assert (admin.role, admin.area_id, admin.first_name) == (Role.ADMIN_DINAS, MUBA, "Admin Dinas")


def choose_own_password(client: Client, current: str) -> None:
    response = client.post(
        "/akun/sandi/",
        {
            "old_password": current,
            "new_password1": "kopi-pagi-sekayu-7",
            "new_password2": "kopi-pagi-sekayu-7",
        },
    )
    assert response.status_code == 302, response.content.decode()


def test_a_password_made_by_the_dinas_must_be_changed_before_anything_else(personas):
    target = personas["bpjs"]
    admin = login(personas["admin"])
    password = shown_password(admin.post(f"/akun/pengguna/{target.pk}/sandi-baru/", follow=True))
    client = Client()
    assert client.post("/akun/masuk/", {"username": "bpjs", "password": password}).status_code == 302
    for url in ("/", "/kepesertaan/", "/pekerja/", "/laporan/"):
        assert client.get(url)["Location"] == "/akun/sandi/", url
    page = client.get("/akun/sandi/").content.decode()
    assert "dibuat oleh Admin Dinas" in page
    # A weak choice is refused and the gate stays.
    weak = client.post(
        "/akun/sandi/", {"old_password": password, "new_password1": "123", "new_password2": "123"}
    )
    assert weak.status_code == 200
    target.refresh_from_db()
    assert target.must_change_password
    choose_own_password(client, password)
    target.refresh_from_db()
    assert not target.must_change_password and target.check_password("kopi-pagi-sekayu-7")
    assert client.get("/kepesertaan/").status_code == 200
    # Logging out still works while the gate is up (another user, freshly reset).
    password = shown_password(admin.post(f"/akun/pengguna/{target.pk}/sandi-baru/", follow=True))
    other = Client()
    other.post("/akun/masuk/", {"username": "bpjs", "password": password})
    assert other.post("/akun/keluar/").status_code == 302


def test_a_new_password_replaces_the_old_one(personas):
    target = personas["bpjs"]
    old_session = login(target)
    admin = login(personas["admin"])
    confirm = admin.get(f"/akun/pengguna/{target.pk}/sandi-baru/").content.decode()
    assert "berhenti berlaku" in confirm
    target.refresh_from_db()
    assert target.check_password(PASSWORD)  # asking is not doing
    response = admin.post(f"/akun/pengguna/{target.pk}/sandi-baru/", follow=True)
    password = shown_password(response)
    target.refresh_from_db()
    assert target.check_password(password)
    assert old_session.get("/kepesertaan/").status_code == 302  # the old session ended
    assert AuditEvent.objects.filter(action="account.password_reset", object_id=str(target.pk)).exists()


@pytest.mark.parametrize("role", ["kecamatan", "desa", "opd", "bpjs", "pimpinan"])
def test_only_admin_dinas_creates_and_edits_staff(personas, role):
    client = login(personas[role])
    assert client.get("/akun/pengguna/baru/").status_code == 403
    assert client.post("/akun/pengguna/baru/", new_user()).status_code == 403
    assert (
        client.post(f"/akun/pengguna/{personas['desa'].pk}/ubah/", new_user(area=DESA_LAIS)).status_code
        == 403
    )
    assert client.get(f"/akun/pengguna/{personas['desa'].pk}/sandi-baru/").status_code == 403
    assert client.post(f"/akun/pengguna/{personas['desa'].pk}/sandi-baru/").status_code == 403
    assert not User.objects.filter(username="op_sukarami").exists()
    personas["desa"].refresh_from_db()
    assert personas["desa"].area_id == DESA_A


def test_staff_of_another_kabupaten_answer_404(personas):
    other = login(personas["admin_lain"])
    desa = personas["desa"]
    assert other.get(f"/akun/pengguna/{desa.pk}/ubah/").status_code == 404
    assert other.post(f"/akun/pengguna/{desa.pk}/ubah/", new_user(area="16.07.01.2001")).status_code == 404
    assert other.get(f"/akun/pengguna/{desa.pk}/sandi-baru/").status_code == 404
    assert other.post(f"/akun/pengguna/{desa.pk}/sandi-baru/").status_code == 404
    assert other.get(f"/akun/pengguna/{desa.pk}/sandi/").status_code == 404
    # Their own form offers only their own kabupaten.
    assert DESA_A not in other.get("/akun/pengguna/baru/").content.decode()
    desa.refresh_from_db()
    assert desa.area_id == DESA_A


def test_a_superuser_is_not_editable_by_an_admin_dinas(personas):
    root = User.objects.create_superuser("root", password="rahasia-uji-123", area_id=MUBA)
    admin = login(personas["admin"])
    assert admin.get(f"/akun/pengguna/{root.pk}/ubah/").status_code == 404
    assert admin.post(f"/akun/pengguna/{root.pk}/sandi-baru/").status_code == 404
