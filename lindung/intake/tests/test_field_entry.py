"""Field entry by operators goes through the registry's own form (/pekerja/baru/); these check its area rules."""

import pytest

from lindung.conftest import DESA_A, DESA_B, DESA_LAIS, login
from lindung.workers.models import Worker

from .helpers import application

pytestmark = pytest.mark.django_db


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
