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
    response = admin.post(
        "/data-induk/padanan-pekerjaan/baru/", {"text": "petani / pekebun", "occupation": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tulisan ini sudah ada di daftar padanan." in page
    response = admin.post("/data-induk/padanan-pekerjaan/baru/", {"text": "Penangkar walet"})
    assert "Pilih pekerjaan di Lindung, atau alasan orangnya bukan pekerja." in response.content.decode()
    assert not OccupationAlias.objects.filter(key="penangkarwalet").exists()


def test_only_admin_dinas_edits_the_table(personas):
    for persona in ("kecamatan", "desa", "pimpinan"):
        assert login(personas[persona]).get("/data-induk/padanan-pekerjaan/").status_code in (302, 403)
    alias = OccupationAlias.objects.get(text="PETANI")
    response = login(personas["kecamatan"]).post(f"/data-induk/padanan-pekerjaan/{alias.pk}/hapus/")
    assert response.status_code in (302, 403) and OccupationAlias.objects.filter(pk=alias.pk).exists()
