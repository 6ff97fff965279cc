"""The worker page's history in words: field names as staff call them, codes as labels, places by name, and the
NIK and KK masked (the full NIK is shown only by the audited button, never by the history)."""

import html

import pytest

from lindung.conftest import DESA_A, DESA_B, login
from lindung.workers.models import Occupation, Worker
from lindung.workers.tests.test_worker_pages import form_data

pytestmark = pytest.mark.django_db


def history(body: str) -> str:
    return html.unescape(body.split('<ol class="timeline">')[1].split("</ol>")[0])


def test_a_recorded_worker_reads_in_words_without_the_full_nik_or_kk(personas):
    client = login(personas["kecamatan"])
    petani = Occupation.objects.get(code="petani")
    assert client.post("/pekerja/baru/", form_data(occupation=petani.pk)).status_code == 302
    worker = Worker.objects.get()
    part = history(client.get(f"/pekerja/{worker.pk}/").content.decode())
    assert "<b>NIK</b>: 160601••••••••••" in part and worker.nik not in part
    assert "<b>nomor KK</b>: 160601••••••••••" in part and worker.kk not in part
    assert "<b>jenis kelamin</b>: Perempuan" in part
    assert "<b>desa/kelurahan</b>: Sukarami" in part
    assert f"<b>pekerjaan</b>: {petani.name}" in part
    assert "<b>segmen</b>: Pekerja rentan" in part
    assert "<b>sumber data</b>: Didata petugas" in part
    assert "<b>OPD</b>: —" in part
    for code in (
        "desa_id",
        "occupation_id",
        "birth_date",
        "source_ref",
        "None",
        ": rentan<",
        ": petugas<",
        ": P<",
    ):
        assert code not in part, code


def test_an_edit_reads_old_to_new_with_the_fields_named(personas):
    client = login(personas["kecamatan"])
    client.post("/pekerja/baru/", form_data())
    worker = Worker.objects.get()
    data = form_data(desa=DESA_B, name="Nur Hayati Binti Hasan", version=worker.version)
    assert client.post(f"/pekerja/{worker.pk}/ubah/", data).status_code == 302
    part = history(client.get(f"/pekerja/{worker.pk}/").content.decode())
    assert "Data diubah</b>: nama lengkap, desa/kelurahan" in part
    assert "<b>nama lengkap</b>: Nur Hayati → Nur Hayati Binti Hasan" in part
    assert "<b>desa/kelurahan</b>: Sukarami → " in part and DESA_A not in part and DESA_B not in part
