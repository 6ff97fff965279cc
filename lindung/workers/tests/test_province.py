"""One deployment, several kabupaten: staff of one never see another's people, on the pages or through the API;
the province's monitor sees figures and reports only."""

import pytest

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.conftest import BANYUASIN, DESA_A, DESA_OUTSIDE, MUBA, login, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_kabupaten():
    return make_worker(DESA_A, name="Warga Musi Banyuasin"), make_worker(DESA_OUTSIDE, name="Warga Banyuasin")


@pytest.mark.parametrize(("persona", "own", "other"), [("admin", 0, 1), ("admin_lain", 1, 0)])
def test_staff_of_one_kabupaten_never_see_another_kabupatens_people(
    personas, two_kabupaten, persona, own, other
):
    mine, theirs = two_kabupaten[own], two_kabupaten[other]
    client = login(personas[persona])
    listing = client.get("/pekerja/").content.decode()
    assert f"/pekerja/{mine.pk}/" in listing and theirs.name not in listing
    for search in (theirs.nik, theirs.nik[:12], theirs.name):
        found = client.get("/pekerja/", {"q": search}).content.decode()
        assert f"/pekerja/{theirs.pk}/" not in found, search
    assert client.get(f"/pekerja/{mine.pk}/").status_code == 200
    assert client.get(f"/pekerja/{theirs.pk}/").status_code == 404


@pytest.mark.parametrize(("area", "own", "other"), [(MUBA, 0, 1), (BANYUASIN, 1, 0)])
def test_an_api_token_of_one_kabupaten_never_reads_another_kabupatens_people(two_kabupaten, area, own, other):
    mine, theirs = two_kabupaten[own], two_kabupaten[other]
    _token, key = make_token(Role.ADMIN_DINAS, area)
    api = ApiClient(key)
    listed = api.get("/api/workers").json()
    assert [item["id"] for item in listed["items"]] == [mine.pk]
    assert api.get("/api/workers", {"nik": theirs.nik}).json()["items"] == []
    assert api.get("/api/workers", {"name": theirs.name}).json()["items"] == []
    assert api.get(f"/api/workers/{mine.pk}").status_code == 200
    assert api.get(f"/api/workers/{theirs.pk}").status_code == 404


def test_the_province_monitor_sees_figures_of_its_kabupaten_and_no_person(personas, two_kabupaten):
    client = login(personas["provinsi"])
    assert client.get("/laporan/").status_code == 200
    for url in ("/pekerja/", f"/pekerja/{two_kabupaten[0].pk}/", "/verifikasi/", "/kepesertaan/"):
        assert client.get(url).status_code == 403, url
    _token, key = make_token(Role.PEMANTAU_PROVINSI, "16")
    api = ApiClient(key)
    assert api.get("/api/workers").status_code == 403
    assert api.get("/api/statistics").status_code == 200


def test_the_province_monitor_counts_every_kabupaten_of_its_province_only(personas, two_kabupaten):
    from lindung.regions.models import Region
    from lindung.workers.models import Worker
    from lindung.workers.selectors import area_filter

    # Jambi (15) and a province whose code ends in the monitor's (61 Kalimantan Barat holds no "16.").
    for province in ("15", "61"):
        parent = None
        for level, code in zip(
            ("provinsi", "kabupaten", "kecamatan", "desa"),
            (province, f"{province}.01", f"{province}.01.01", f"{province}.01.01.2001"),
            strict=True,
        ):
            parent, _ = Region.objects.get_or_create(
                code=code, defaults={"name": f"Wilayah {code}", "level": level, "parent": parent}
            )
        make_worker(f"{province}.01.01.2001", name=f"Warga provinsi {province}")
    counted = set(
        Worker.objects.filter(area_filter(personas["provinsi"])).values_list("kabupaten_id", flat=True)
    )
    assert counted == {MUBA, BANYUASIN}


# -- occupations of one kabupaten/kota: offered to its own workers only ------------------------------------


@pytest.fixture
def own_occupations(db):
    """One occupation of each kabupaten's own, beside the deployment's catalogue."""
    from lindung.workers.models import Occupation

    return (
        Occupation.objects.create(code="sumur-minyak", name="Pekerja sumur minyak rakyat", kabupaten_id=MUBA),
        Occupation.objects.create(code="pencari-purun", name="Pencari purun", kabupaten_id=BANYUASIN),
    )


def _offered(response):
    return {o.code for o in response.context["form"].fields["occupation"].queryset}


@pytest.mark.parametrize(("persona", "own", "other"), [("desa", 0, 1), ("admin", 0, 1), ("admin_lain", 1, 0)])
def test_field_entry_offers_the_deployments_and_the_own_kabupatens_occupations_only(
    personas, own_occupations, persona, own, other
):
    offered = _offered(login(personas[persona]).get("/pekerja/baru/"))
    assert own_occupations[own].code in offered and "petani" in offered
    assert own_occupations[other].code not in offered


def test_another_kabupatens_occupation_is_refused_at_field_entry_and_nothing_is_written(
    personas, own_occupations
):
    from lindung.workers.models import Worker
    from lindung.workers.tests.test_worker_pages import form_data

    client = login(personas["desa"])
    response = client.post("/pekerja/baru/", form_data(occupation=str(own_occupations[1].pk)))
    assert response.status_code == 200
    assert response.context["form"].errors["occupation"] == [
        "Pekerjaan ini tidak ada dalam daftar pekerjaan kabupaten/kota ini; pilih dari daftar."
    ]
    assert not Worker.objects.exists()
    assert client.post("/pekerja/baru/", form_data(occupation=str(own_occupations[0].pk))).status_code == 302
    assert Worker.objects.get().occupation == own_occupations[0]


def test_a_superuser_offered_every_occupation_is_still_held_to_the_desas_kabupaten(db, own_occupations):
    from lindung.accounts.models import User
    from lindung.workers.models import Worker
    from lindung.workers.tests.test_worker_pages import form_data

    root = User.objects.create_superuser(username="root", password="x")
    client = login(root)
    assert {o.code for o in own_occupations} <= _offered(client.get("/pekerja/baru/"))
    response = client.post("/pekerja/baru/", form_data(occupation=str(own_occupations[1].pk)))
    assert response.context["form"].errors["occupation"] == [
        "Pekerjaan “Pencari purun” khusus Kabupaten Banyuasin; tidak berlaku untuk pekerja di "
        "Kabupaten Musi Banyuasin."
    ]
    assert not Worker.objects.exists()


def test_editing_a_worker_whose_occupation_is_another_kabupatens_asks_for_one_of_its_own(
    personas, own_occupations
):
    from lindung.workers.models import Worker
    from lindung.workers.tests.test_worker_pages import form_data

    worker = make_worker(DESA_A, occupation=own_occupations[1])  # written before the rule, e.g. by a script
    data = form_data(nik=worker.nik, birth_date="1990-03-05", occupation=str(own_occupations[1].pk))
    data["version"] = worker.version
    response = login(personas["admin"]).post(f"/pekerja/{worker.pk}/ubah/", data)
    assert response.status_code == 200
    assert "khusus Kabupaten Banyuasin" in response.context["form"].errors["occupation"][0]
    assert Worker.objects.get(pk=worker.pk).name == worker.name


def test_the_public_form_offers_the_default_kabupatens_occupations(client, own_occupations):
    from lindung.intake.tests.helpers import application
    from lindung.workers.models import Worker

    offered = _offered(client.get("/daftar/"))
    assert "sumur-minyak" in offered and "pencari-purun" not in offered
    response = client.post("/daftar/", application(occupation=str(own_occupations[1].pk)))
    assert response.status_code == 200 and "occupation" in response.context["form"].errors
    assert not Worker.objects.exists()


def test_the_api_knows_only_the_tokens_kabupatens_occupation_codes(personas, own_occupations):
    from lindung.api.tests.test_create import payload
    from lindung.workers.models import Worker

    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    api = ApiClient(key)
    refused = api.post("/api/workers", payload(occupation="pencari-purun"))
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"]["occupation"] == [
        "Pekerjaan ini tidak ada dalam daftar pekerjaan kabupaten/kota ini; pilih dari daftar."
    ]
    assert not Worker.objects.exists()
    assert api.post("/api/workers", payload(occupation="sumur-minyak")).status_code == 202
    assert Worker.objects.get().occupation == own_occupations[0]


def test_an_import_row_naming_another_kabupatens_occupation_is_an_error(
    personas, own_occupations, settings, tmp_path
):
    from lindung.imports.tests.factory import media, person, upload, xlsx_bytes
    from lindung.workers.models import OccupationAlias

    media(settings, tmp_path)
    OccupationAlias.objects.create(text="PURUN", occupation=own_occupations[1], origin="uji")
    rows = [person(1), person(2), person(3), person(4)]
    rows[0][9] = "Pencari purun"  # Banyuasin's, by name
    rows[1][9] = "pencari-purun"  # … by code
    rows[2][9] = "Purun"  # … through an alias
    rows[3][9] = "Pekerja sumur minyak rakyat"  # Musi Banyuasin's own
    job = upload(personas["admin"], xlsx_bytes(rows))
    errors = {e["row"]: e["message"] for e in job.first_errors}
    for row, written in ((2, "Pencari purun"), (3, "pencari-purun"), (4, "Purun")):
        assert (
            f"Pekerjaan {written} adalah pekerjaan khusus Kabupaten Banyuasin (Pencari purun); tidak berlaku "
            "untuk pekerja di Kabupaten Musi Banyuasin." in errors[row]
        )
    assert 5 not in errors
    assert (job.valid, job.invalid) == (1, 3)


def test_an_import_reads_its_own_kabupatens_alias_first_and_never_anothers(
    personas, own_occupations, settings, tmp_path
):
    from lindung.imports.occupations import OccupationMatcher
    from lindung.imports.tests.factory import commit, media, person, upload, xlsx_bytes
    from lindung.workers.models import Occupation, OccupationAlias, Worker

    media(settings, tmp_path)
    karet = Occupation.objects.create(code="pekebun-karet", name="Pekebun karet rakyat", kabupaten_id=MUBA)
    buruh_tani = Occupation.objects.get(code="buruh-tani")
    OccupationAlias.objects.create(text="PEKEBUN KARET", occupation=buruh_tani)
    OccupationAlias.objects.create(text="PEKEBUN KARET", occupation=karet, kabupaten_id=MUBA)
    OccupationAlias.objects.create(
        text="Pekebun karet", occupation=own_occupations[1], kabupaten_id=BANYUASIN
    )
    row = person(1)
    row[9] = "pekebun  karet"
    job = upload(personas["admin"], xlsx_bytes([row]))
    assert (job.valid, job.invalid, job.first_errors) == (1, 0, [])
    commit(job, personas["admin"])
    assert Worker.objects.get(nik=row[1]).occupation == karet
    # Banyuasin's file reads Banyuasin's alias; a kabupaten without one, the deployment's.
    assert OccupationMatcher(BANYUASIN).match("PEKEBUN KARET").occupation == own_occupations[1].pk
    assert OccupationMatcher("16.01").match("PEKEBUN KARET").occupation == buruh_tani.pk


def test_the_odk_form_lists_the_areas_kabupatens_occupations(own_occupations):
    from lindung.fieldwork.xlsform import build_rows
    from lindung.regions.models import Region

    for area, own, other in ((DESA_A, 0, 1), (DESA_OUTSIDE, 1, 0)):
        _survey, choices, _settings = build_rows(Region.objects.get(code=area), ktp_photo=False)
        listed = {c["name"] for c in choices if c["list_name"] == "pekerjaan"}
        assert own_occupations[own].code in listed and "petani" in listed
        assert own_occupations[other].code not in listed


@pytest.mark.parametrize(("persona", "own", "other"), [("admin", 0, 1), ("admin_lain", 1, 0)])
def test_lists_filters_and_master_data_never_show_another_kabupatens_occupation(
    personas, own_occupations, persona, own, other
):
    client = login(personas[persona])
    mine, theirs = own_occupations[own], own_occupations[other]
    for url in ("/pekerja/", "/verifikasi/", "/data-induk/pekerjaan/", "/kepesertaan/batch/baru/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert mine.name in page.content.decode() and theirs.name not in page.content.decode(), url
    assert client.get(f"/data-induk/pekerjaan/{theirs.pk}/").status_code == 404
    assert client.post(f"/data-induk/pekerjaan/{theirs.pk}/nonaktifkan/").status_code == 404
    assert client.get(f"/data-induk/pekerjaan/{mine.pk}/").status_code == 200
