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


# -- one kabupaten's own occupations ----------------------------------------------------------------------


def test_codes_are_unique_per_scope_in_the_database(db):
    from django.db import IntegrityError, transaction

    from lindung.conftest import BANYUASIN, MUBA

    Occupation.objects.create(code="purun", name="Pencari purun", kabupaten_id=MUBA)
    Occupation.objects.create(code="purun", name="Pencari purun", kabupaten_id=BANYUASIN)  # each its own
    for kabupaten in (MUBA, None):  # twice in one kabupaten; the deployment's "petani" twice (NULLs too)
        code = "purun" if kabupaten else "petani"
        with pytest.raises(IntegrityError), transaction.atomic():
            Occupation.objects.create(code=code, name="Lagi", kabupaten_id=kabupaten)
    assert Occupation.objects.filter(code="petani").count() == 1
    assert Occupation.objects.filter(code="purun").count() == 2


def test_an_admins_new_occupation_is_its_kabupatens_and_the_scope_cannot_be_posted(personas):
    from lindung.conftest import BANYUASIN, MUBA

    admin = login(personas["admin"])
    form = admin.get("/data-induk/pekerjaan/baru/").context["form"]
    assert form.fields["kabupaten"].disabled and form["kabupaten"].value() == MUBA
    response = admin.post(
        "/data-induk/pekerjaan/baru/", {"name": "Pencari purun", "code": "", "kabupaten": BANYUASIN}
    )
    assert response.status_code == 302
    occupation = Occupation.objects.get(name="Pencari purun")
    assert (occupation.code, occupation.kabupaten_id) == ("pencari-purun", MUBA)
    assert AuditEvent.objects.get(action="occupation.create").changes["kabupaten_id"] == MUBA
    page = admin.get("/data-induk/pekerjaan/").content.decode()
    assert "Kabupaten Musi Banyuasin" in page and "Semua kabupaten/kota" in page


def test_a_kabupaten_may_repeat_another_kabupatens_name_and_code_but_not_the_deployments(personas):
    from lindung.conftest import BANYUASIN, MUBA

    Occupation.objects.create(code="pencari-purun", name="Pencari purun", kabupaten_id=BANYUASIN)
    admin = login(personas["admin"])
    assert admin.post("/data-induk/pekerjaan/baru/", {"name": "Pencari purun", "code": ""}).status_code == 302
    assert Occupation.objects.get(name="Pencari purun", kabupaten_id=MUBA).code == "pencari-purun"
    refused = admin.post("/data-induk/pekerjaan/baru/", {"name": "Penganyam tikar", "code": "nelayan"})
    assert "Kode ini sudah dipakai pekerjaan lain." in refused.content.decode()
    refused = admin.post("/data-induk/pekerjaan/baru/", {"name": "NELAYAN", "code": ""})
    assert "Pekerjaan dengan nama ini sudah ada." in refused.content.decode()
    assert not Occupation.objects.filter(name__iexact="nelayan", kabupaten__isnull=False).exists()


def test_a_superuser_chooses_the_scope_and_a_deployment_code_may_not_repeat_a_kabupatens(db):
    from lindung.accounts.models import User
    from lindung.conftest import BANYUASIN

    Occupation.objects.create(code="pencari-purun", name="Pencari purun", kabupaten_id=BANYUASIN)
    root = login(User.objects.create_superuser(username="root", password="x"))
    assert not root.get("/data-induk/pekerjaan/baru/").context["form"].fields["kabupaten"].disabled
    refused = root.post("/data-induk/pekerjaan/baru/", {"name": "Purun", "code": "pencari-purun"})
    assert "Kode ini sudah dipakai pekerjaan lain." in refused.content.decode()
    root.post("/data-induk/pekerjaan/baru/", {"name": "Penganyam tikar", "code": "", "kabupaten": ""})
    assert Occupation.objects.get(name="Penganyam tikar").kabupaten_id is None
    root.post("/data-induk/pekerjaan/baru/", {"name": "Penambang pasir", "code": "", "kabupaten": BANYUASIN})
    assert Occupation.objects.get(name="Penambang pasir").kabupaten_id == BANYUASIN


def test_aliases_of_another_kabupatens_occupation_are_neither_listed_nor_offered(personas):
    from lindung.conftest import BANYUASIN
    from lindung.workers.models import OccupationAlias

    theirs = Occupation.objects.create(code="pencari-purun", name="Pencari purun", kabupaten_id=BANYUASIN)
    alias = OccupationAlias.objects.create(text="PURUN", occupation=theirs, origin="uji")
    admin = login(personas["admin"])
    assert "PURUN" not in admin.get("/data-induk/padanan-pekerjaan/", {"q": "purun"}).content.decode()
    assert admin.get(f"/data-induk/padanan-pekerjaan/{alias.pk}/").status_code == 404
    offered_here = (
        admin.get("/data-induk/padanan-pekerjaan/baru/").context["form"].fields["occupation"].queryset
    )
    assert theirs not in offered_here and petani() in offered_here
    other = login(personas["admin_lain"])
    assert "PURUN" in other.get("/data-induk/padanan-pekerjaan/", {"q": "purun"}).content.decode()
