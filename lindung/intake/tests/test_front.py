"""The public front page: apply, check status, what is covered, who to ask; staff login only linked."""

import re

from django.test import Client

from lindung.conftest import MUBA, login
from lindung.core.models import Office


def test_an_applicant_lands_on_the_front_page_not_the_staff_login(db):
    response = Client().get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/daftar/"' in page and 'href="/status/"' in page
    assert 'href="/akun/masuk/"' in page
    assert "Jaminan Kecelakaan Kerja (JKK)" in page and "Jaminan Kematian (JKM)" in page
    assert "Pemerintah Kabupaten Musi Banyuasin membayar iuran" in page
    assert "Dinas Tenaga Kerja Kabupaten Musi Banyuasin" in page  # the default office before any is set
    assert "<script" not in page  # light: no JavaScript
    assert re.search(r"Berusia 18 sampai 65 tahun", page)


def test_the_contact_comes_from_the_office_profile(db):
    Office.objects.create(
        kabupaten_id=MUBA,
        government="Pemerintah Kabupaten Musi Banyuasin",
        name="Dinas Ketenagakerjaan Kab. Muba",
        address="Jl. Merdeka No. 1, Sekayu",
        phone="0714-321000",
        whatsapp="0812-7000-1606",
        hours="Senin–Jumat 08.00–15.00",
        city="Sekayu",
    )
    page = Client().get("/").content.decode()
    section = page[page.index('id="contact"') :]
    for text in (
        "Dinas Ketenagakerjaan Kab. Muba",
        "Jl. Merdeka No. 1, Sekayu",
        "0714-321000",
        "0812-7000-1606",
    ):
        assert text in section


def test_signed_in_staff_get_their_home(personas):
    response = login(personas["desa"]).get("/")
    assert response.status_code == 200 and "rows" in response.context
