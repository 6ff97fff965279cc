import pytest
from django.forms import ModelChoiceField

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_OUTSIDE, login, make_worker
from lindung.workers.forms import WorkerForm
from lindung.workers.models import Occupation

pytestmark = pytest.mark.django_db


def offered(form: WorkerForm):
    field = form.fields["occupation"]
    assert isinstance(field, ModelChoiceField)
    return field.queryset


def petani():
    return Occupation.objects.get(code="petani")


def test_the_list_shows_the_catalogue_with_the_kabupaten_count(personas):
    make_worker(occupation=petani())
    make_worker(DESA_OUTSIDE, occupation=petani())
    response = login(personas["admin"]).get("/data-induk/pekerjaan/")
    rows = {o.code: o for o in response.context["occupations"]}
    assert rows["petani"].here == 1 and rows["petani"].used
    assert rows["nelayan"].here == 0 and not rows["nelayan"].used
    assert "Petani/pekebun" in response.content.decode()


def test_add_with_a_generated_code_then_rename(personas):
    admin = login(personas["admin"])
    assert (
        admin.post("/data-induk/pekerjaan/baru/", {"name": "  Pemandu   wisata ", "code": ""}).status_code
        == 302
    )
    occupation = Occupation.objects.get(code="pemandu-wisata")
    assert occupation.name == "Pemandu wisata" and occupation.active
    admin.post(
        f"/data-induk/pekerjaan/{occupation.pk}/", {"name": "Pemandu wisata sungai", "code": "diabaikan"}
    )
    occupation.refresh_from_db()
    assert (occupation.name, occupation.code) == ("Pemandu wisata sungai", "pemandu-wisata")
    actions = list(
        AuditEvent.objects.filter(object_id=str(occupation.pk))
        .order_by("id")
        .values_list("action", "changes")
    )
    assert actions[0][0] == "occupation.create"
    assert actions[1] == ("occupation.update", {"name": ["Pemandu wisata", "Pemandu wisata sungai"]})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "petani/PEKEBUN", "code": ""}, "Pekerjaan dengan nama ini sudah ada."),
        ({"name": "Penjahit", "code": "petani"}, "Kode ini sudah dipakai pekerjaan lain."),
        ({"name": "Penjahit", "code": "bukan slug!"}, "slug"),
        ({"name": "", "code": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(personas, data, message):
    count = Occupation.objects.count()
    response = login(personas["admin"]).post("/data-induk/pekerjaan/baru/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Occupation.objects.count() == count and not AuditEvent.objects.exists()


def test_an_occupation_in_use_cannot_be_deleted_but_can_be_deactivated(personas):
    worker = make_worker(occupation=petani())
    admin = login(personas["admin"])
    response = admin.post(f"/data-induk/pekerjaan/{petani().pk}/hapus/", follow=True)
    assert "tidak dapat dihapus" in response.content.decode()
    assert "tercatat pada data pekerja" in response.content.decode()
    assert Occupation.objects.filter(code="petani").exists()

    admin.post(f"/data-induk/pekerjaan/{petani().pk}/nonaktifkan/")
    assert not petani().active
    worker.refresh_from_db()
    assert worker.occupation == petani()
    event = AuditEvent.objects.get(action="occupation.update")
    assert event.changes == {"active": [True, False]}

    # No longer offered to a new worker, still kept for the worker who has it.
    assert petani() not in offered(WorkerForm())
    assert petani() in offered(WorkerForm(instance=worker))

    admin.post(f"/data-induk/pekerjaan/{petani().pk}/aktifkan/")
    assert petani().active


def test_an_unused_occupation_can_be_deleted(personas):
    occupation = Occupation.objects.create(code="salah-ketik", name="Salah ketik")
    response = login(personas["admin"]).post(f"/data-induk/pekerjaan/{occupation.pk}/hapus/", follow=True)
    assert "dihapus" in response.content.decode()
    assert not Occupation.objects.filter(code="salah-ketik").exists()
    assert AuditEvent.objects.get(action="occupation.delete").changes["code"] == "salah-ketik"


def test_the_import_fallback_stays(personas):
    lainnya = Occupation.objects.get(code="lainnya")
    admin = login(personas["admin"])
    assert (
        "tidak dapat dinonaktifkan"
        in admin.post(f"/data-induk/pekerjaan/{lainnya.pk}/nonaktifkan/", follow=True).content.decode()
    )
    assert (
        "tidak dapat dihapus"
        in admin.post(f"/data-induk/pekerjaan/{lainnya.pk}/hapus/", follow=True).content.decode()
    )
    lainnya.refresh_from_db()
    assert lainnya.active


@pytest.mark.parametrize("role", ["kecamatan", "desa", "opd", "bpjs", "pimpinan"])
def test_other_roles_cannot_change_the_catalogue(personas, role):
    client = login(personas[role])
    pk = petani().pk
    assert client.post("/data-induk/pekerjaan/baru/", {"name": "Penjahit"}).status_code == 403
    assert client.post(f"/data-induk/pekerjaan/{pk}/", {"name": "Diubah"}).status_code == 403
    for action in ("nonaktifkan", "hapus"):
        assert client.post(f"/data-induk/pekerjaan/{pk}/{action}/").status_code == 403
    assert petani().active and petani().name == "Petani/pekebun"
    assert not Occupation.objects.filter(name="Penjahit").exists()


def test_a_missing_occupation_answers_404_and_actions_need_post(personas):
    admin = login(personas["admin"])
    assert admin.get("/data-induk/pekerjaan/999999/").status_code == 404
    assert admin.post("/data-induk/pekerjaan/999999/hapus/").status_code == 404
    assert admin.get(f"/data-induk/pekerjaan/{petani().pk}/hapus/").status_code == 405
