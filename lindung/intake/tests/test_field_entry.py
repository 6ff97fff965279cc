"""Field entry by operators goes through the registry's own form (/pekerja/baru/); these check its area rules."""

import datetime as dt
import re

import pytest

from lindung.conftest import DESA_A, DESA_B, DESA_LAIS, login, make_worker
from lindung.dedup.models import DuplicateCandidate
from lindung.intake.models import RepeatApplication
from lindung.lib.nik import make_nik
from lindung.workers.models import Worker

from .helpers import application

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def staff_form(**overrides):
    data = application(**overrides)
    data.update(income="900000", phone="081300000001", desil="")
    return data


def test_a_village_operator_enters_a_worker_in_its_own_desa(personas):
    response = login(personas["desa"]).post("/pekerja/baru/", staff_form())
    assert response.status_code == 302
    assert Worker.objects.get().desa_id == DESA_A


@pytest.mark.parametrize("desa", [DESA_B, DESA_LAIS])
def test_a_village_operator_cannot_enter_a_worker_in_another_desa(personas, desa):
    response = login(personas["desa"]).post("/pekerja/baru/", staff_form(desa=desa))
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Worker.objects.exists()


def test_the_desa_list_offers_only_the_operators_desa(personas):
    form = login(personas["desa"]).get("/pekerja/baru/").context["form"]
    assert [d.code for d in form.fields["desa"].queryset] == [DESA_A]


def test_a_kecamatan_operator_stays_in_its_kecamatan(personas):
    client = login(personas["kecamatan"])
    assert client.post("/pekerja/baru/", staff_form(desa=DESA_B)).status_code == 302
    response = client.post("/pekerja/baru/", staff_form(desa=DESA_LAIS, nik="1606024503900001"))
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert list(Worker.objects.values_list("desa_id", flat=True)) == [DESA_B]


def test_an_opd_operator_enters_only_its_agencys_non_asn_staff(personas, agency):
    client = login(personas["opd"])
    response = client.post("/pekerja/baru/", staff_form(segment="rentan"))
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not Worker.objects.exists()
    assert client.post("/pekerja/baru/", staff_form(segment="non_asn", agency=agency.pk)).status_code == 302
    worker = Worker.objects.get()
    assert (worker.segment, worker.agency, worker.source) == ("non_asn", agency, "opd")


def _entry(client, **overrides):
    """Post a field entry and follow it: what the operator is shown (status chain and page text)."""
    response = client.post("/pekerja/baru/", staff_form(**overrides), follow=True)
    page = CSRF.sub("", response.content.decode())  # a new token per page, whatever was entered
    return [r[1] for r in response.redirect_chain], response.redirect_chain[-1][0], page


def test_a_nik_registered_in_another_area_is_answered_like_a_new_one(personas):
    # Issue 17, finding 4: field entry said "sudah terdaftar" and showed "Data di wilayah lain" for any area.
    birth = dt.date(1990, 3, 5)
    elsewhere = make_worker(DESA_LAIS, nik=make_nik("16.06.01", birth, "P", 71), name="Nur Hayati")
    new_nik = make_nik("16.06.01", birth, "P", 72)
    client = login(personas["desa"])
    registered = _entry(client, nik=elsewhere.nik)
    new = _entry(client, nik=new_nik)
    assert registered == new
    chain, where, page = registered
    assert chain == [302] and where == "/pekerja/baru/"
    assert "Data Nur Hayati tersimpan." in page
    for telling in ("sudah terdaftar", "wilayah lain", "Kemungkinan sudah terdata", "Danau Cala"):
        assert telling not in page
    # No second record: the entry is kept beside the registered worker, for its area and the Dinas.
    assert Worker.objects.filter(nik=elsewhere.nik).get() == elsewhere
    repeat = RepeatApplication.objects.get()
    assert (repeat.worker, repeat.via, repeat.submitted["operator"]) == (elsewhere, "petugas", "desa")
    for staff, sees in (("desa_lain", True), ("admin", True), ("desa", False)):
        queue = login(personas[staff]).get("/duplikat/").content.decode()
        assert ("entri petugas wilayah lain" in queue) is sees, staff
    # The new NIK is in the operator's own registry, and the pair with the namesake elsewhere is kept for review.
    added = Worker.objects.get(nik=new_nik)
    assert added.desa_id == DESA_A and added.created_by == personas["desa"]
    pair = DuplicateCandidate.objects.get()
    assert {pair.worker_a_id, pair.worker_b_id} == {elsewhere.pk, added.pk}


def test_a_nik_registered_in_the_operators_area_is_still_named(personas):
    inside = make_worker(DESA_A, name="Nur Hayati")
    response = login(personas["desa"]).post("/pekerja/baru/", staff_form(nik=inside.nik))
    assert response.status_code == 200
    assert "NIK ini sudah terdaftar di Lindung." in response.content.decode()
    assert Worker.objects.count() == 1 and not RepeatApplication.objects.exists()
