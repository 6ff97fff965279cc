import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import login
from lindung.workers.models import Occupation, OccupationAlias, alias_key

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_seeded_outside_values(personas):
    page = login(personas["admin"]).get("/data-induk/padanan-pekerjaan/?q=buruh+tani").content.decode()
    assert "BURUH TANI/PERKEBUNAN" in page and "Buruh tani/kebun" in page
    assert OccupationAlias.objects.filter(origin="Kode pekerjaan Dukcapil").count() == 89
    p3ke = ["PETANI", "NELAYAN", "PEDAGANG", "PEKERJA LEPAS", "WIRASWASTA", "PEGAWAI SWASTA", "PNS/TNI/POLRI",
            "PEJABAT NEGARA", "PENSIUNAN", "TIDAK/BELUM BEKERJA"]  # fmt: skip
    assert OccupationAlias.objects.filter(key__in=[alias_key(t) for t in p3ke]).count() == 10
    student = OccupationAlias.objects.get(text="PELAJAR/MAHASISWA")
    assert student.not_working == "pelajar" and student.occupation is None


def test_add_from_an_import_value_then_change_and_delete(personas):
    admin = login(personas["admin"])
    form = admin.get("/data-induk/padanan-pekerjaan/baru/?text=JUAL%20PULSA").content.decode()
    assert 'value="JUAL PULSA"' in form
    pedagang = Occupation.objects.get(code="pedagang")
    response = admin.post(
        "/data-induk/padanan-pekerjaan/baru/", {"text": " Jual  pulsa ", "occupation": pedagang.pk}
    )
    assert response.status_code == 302
    alias = OccupationAlias.objects.get(key="jualpulsa")
    assert (alias.text, alias.occupation, alias.not_working) == ("Jual pulsa", pedagang, "")
    assert AuditEvent.objects.filter(action="occupation_alias.create", object_id=str(alias.pk)).exists()
    admin.post(
        f"/data-induk/padanan-pekerjaan/{alias.pk}/", {"text": "Jual pulsa", "not_working": "belum_bekerja"}
    )
    alias.refresh_from_db()
    assert alias.not_working == "belum_bekerja" and alias.occupation is None
    admin.post(f"/data-induk/padanan-pekerjaan/{alias.pk}/hapus/")
    assert not OccupationAlias.objects.filter(pk=alias.pk).exists()


def test_a_spelling_already_in_the_table_or_an_empty_meaning_is_refused(personas):
    admin = login(personas["admin"])
    pedagang = Occupation.objects.get(code="pedagang")
    admin.post("/data-induk/padanan-pekerjaan/baru/", {"text": "Jual pulsa", "occupation": pedagang.pk})
    response = admin.post(
        "/data-induk/padanan-pekerjaan/baru/", {"text": "jual - PULSA", "occupation": pedagang.pk}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tulisan ini sudah ada di daftar padanan." in page
    assert OccupationAlias.objects.filter(key="jualpulsa").count() == 1
    response = admin.post("/data-induk/padanan-pekerjaan/baru/", {"text": "Penangkar walet"})
    assert "Pilih pekerjaan di Lindung, atau alasan orangnya bukan pekerja." in response.content.decode()
    assert not OccupationAlias.objects.filter(key="penangkarwalet").exists()


def test_only_admin_dinas_edits_the_table(personas):
    for persona in ("kecamatan", "desa", "pimpinan"):
        assert login(personas[persona]).get("/data-induk/padanan-pekerjaan/").status_code in (302, 403)
    alias = OccupationAlias.objects.get(text="PETANI")
    response = login(personas["kecamatan"]).post(f"/data-induk/padanan-pekerjaan/{alias.pk}/hapus/")
    assert response.status_code in (302, 403) and OccupationAlias.objects.filter(pk=alias.pk).exists()


# -- one kabupaten's own aliases ---------------------------------------------------------------------------


def test_keys_are_unique_per_scope_in_the_database(db):
    from django.db import IntegrityError, transaction

    from lindung.conftest import BANYUASIN, MUBA

    petani = Occupation.objects.get(code="petani")
    for kabupaten in (MUBA, BANYUASIN):  # "PETANI" is the deployment's too; each kabupaten may have its own
        OccupationAlias.objects.create(text="Petani", occupation=petani, kabupaten_id=kabupaten)
    for scope in (MUBA, None):  # twice in one kabupaten; twice in the deployment (NULLs are distinct)
        with pytest.raises(IntegrityError), transaction.atomic():
            OccupationAlias.objects.create(text="PETANI", occupation=petani, kabupaten_id=scope)
    assert OccupationAlias.objects.filter(key="petani").count() == 3


def test_an_admins_new_alias_is_its_kabupatens_and_the_scope_cannot_be_posted(personas):
    from lindung.conftest import BANYUASIN, MUBA

    admin = login(personas["admin"])
    form = admin.get("/data-induk/padanan-pekerjaan/baru/").context["form"]
    assert form.fields["kabupaten"].disabled and form["kabupaten"].value() == MUBA
    pedagang = Occupation.objects.get(code="pedagang")
    data = {"text": "Jual pulsa", "occupation": pedagang.pk, "kabupaten": BANYUASIN}
    assert admin.post("/data-induk/padanan-pekerjaan/baru/", data).status_code == 302
    assert OccupationAlias.objects.get(key="jualpulsa").kabupaten_id == MUBA
    assert AuditEvent.objects.get(action="occupation_alias.create").changes["kabupaten_id"] == MUBA


def test_a_kabupaten_reads_a_deployment_text_its_own_way_without_changing_it_elsewhere(personas):
    from lindung.conftest import MUBA

    deployment = OccupationAlias.objects.get(text="PETANI", kabupaten__isnull=True)
    own = Occupation.objects.create(code="pekebun-karet", name="Pekebun karet", kabupaten_id=MUBA)
    admin = login(personas["admin"])
    response = admin.post("/data-induk/padanan-pekerjaan/baru/", {"text": "petani", "occupation": own.pk})
    assert response.status_code == 302
    assert OccupationAlias.objects.get(key="petani", kabupaten_id=MUBA).occupation == own
    deployment.refresh_from_db()
    assert deployment.occupation.code == "petani"  # type: ignore[union-attr]
    listed = admin.get("/data-induk/padanan-pekerjaan/", {"q": "petani", "asal": deployment.origin})
    row = next(a for a in listed.context["page"] if a.pk == deployment.pk)
    assert row.overridden and "diganti padanan kabupaten/kota Anda" in listed.content.decode()
    other = login(personas["admin_lain"]).get("/data-induk/padanan-pekerjaan/", {"q": "petani"})
    assert "Pekebun karet" not in other.content.decode()
    assert "diganti padanan kabupaten/kota Anda" not in other.content.decode()


@pytest.mark.parametrize(("persona", "other_persona"), [("admin", "admin_lain"), ("admin_lain", "admin")])
def test_an_admin_never_sees_or_changes_another_kabupatens_alias(personas, persona, other_persona):
    from lindung.accounts.selectors import admin_kabupaten

    petani = Occupation.objects.get(code="petani")
    theirs = OccupationAlias.objects.create(
        text="Penyadap getah", occupation=petani, kabupaten=admin_kabupaten(personas[other_persona])
    )
    client = login(personas[persona])
    listed = client.get("/data-induk/padanan-pekerjaan/", {"q": "getah"})
    assert "Penyadap getah" not in listed.content.decode()
    assert client.get(f"/data-induk/padanan-pekerjaan/{theirs.pk}/").status_code == 404
    changed = {"text": "Penyadap getah", "not_working": "belum_bekerja"}
    assert client.post(f"/data-induk/padanan-pekerjaan/{theirs.pk}/", changed).status_code == 404
    assert client.post(f"/data-induk/padanan-pekerjaan/{theirs.pk}/hapus/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.occupation == petani and not theirs.not_working
    owner = login(personas[other_persona])
    assert "Penyadap getah" in owner.get("/data-induk/padanan-pekerjaan/", {"q": "getah"}).content.decode()
    assert owner.get(f"/data-induk/padanan-pekerjaan/{theirs.pk}/").status_code == 200


def test_an_admin_edits_a_deployment_alias_which_stays_the_deployments(personas):
    from lindung.conftest import MUBA

    alias = OccupationAlias.objects.get(text="PETANI", kabupaten__isnull=True)
    own = Occupation.objects.create(code="pekebun-karet", name="Pekebun karet", kabupaten_id=MUBA)
    admin = login(personas["admin"])
    offered = admin.get(f"/data-induk/padanan-pekerjaan/{alias.pk}/").context["form"].fields["occupation"]
    assert own not in offered.queryset and Occupation.objects.get(code="nelayan") in offered.queryset
    refused = admin.post(
        f"/data-induk/padanan-pekerjaan/{alias.pk}/", {"text": "PETANI", "occupation": own.pk}
    )
    assert refused.status_code == 200
    nelayan = Occupation.objects.get(code="nelayan")
    data = {"text": "PETANI", "occupation": nelayan.pk, "kabupaten": MUBA}
    assert admin.post(f"/data-induk/padanan-pekerjaan/{alias.pk}/", data).status_code == 302
    alias.refresh_from_db()
    assert (alias.occupation, alias.kabupaten_id) == (nelayan, None)


@pytest.mark.parametrize(
    ("scope", "owner", "message"),
    [
        (
            "MUBA",
            "BANYUASIN",
            "Pekerjaan ini khusus Kabupaten Banyuasin; padanan khusus Kabupaten Musi Banyuasin",
        ),
        ("", "MUBA", "Padanan untuk semua kabupaten/kota hanya dapat menunjuk pekerjaan untuk semua"),
    ],
)
def test_an_alias_points_only_at_its_kabupatens_or_the_deployments_occupations(
    personas, scope, owner, message
):
    from lindung import conftest
    from lindung.accounts.models import User

    occupation = Occupation.objects.create(
        code="purun", name="Pencari purun", kabupaten_id=getattr(conftest, owner)
    )
    kabupaten = getattr(conftest, scope) if scope else ""
    data = {"text": "Purun", "occupation": occupation.pk, "kabupaten": kabupaten}
    root = login(User.objects.create_superuser(username="root", password="x"))
    refused = root.post("/data-induk/padanan-pekerjaan/baru/", data)
    assert message in refused.content.decode()
    assert not OccupationAlias.objects.filter(key="purun").exists()
    # An admin is not offered another kabupaten's occupation at all.
    admin = login(personas["admin"])
    if owner == "BANYUASIN":
        assert admin.post("/data-induk/padanan-pekerjaan/baru/", data).status_code == 200
        assert not OccupationAlias.objects.filter(key="purun").exists()
    # The occupation's own kabupaten may point at it.
    allowed = data | {"kabupaten": occupation.kabupaten_id}
    assert root.post("/data-induk/padanan-pekerjaan/baru/", allowed).status_code == 302
    assert OccupationAlias.objects.get(key="purun").kabupaten_id == occupation.kabupaten_id
