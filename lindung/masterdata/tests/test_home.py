import pytest

from lindung.conftest import login

pytestmark = pytest.mark.django_db

PAGES = [
    "/data-induk/",
    "/data-induk/pekerjaan/",
    "/data-induk/opd/",
    "/data-induk/sumber-dana/",
    "/data-induk/tata-letak/",
]
FORMS = [
    "/data-induk/pekerjaan/baru/",
    "/data-induk/opd/baru/",
    "/data-induk/sumber-dana/baru/",
    "/data-induk/tata-letak/baru/",
]


def test_the_landing_page_links_every_master_data_page(personas):
    response = login(personas["admin"]).get("/data-induk/")
    body = response.content.decode()
    for href in ["/akun/pengguna/", *PAGES[1:]]:
        assert f'href="{href}"' in body
    assert "Kabupaten Musi Banyuasin" in body
    assert 'href="/data-induk/"' in body  # the navigation link


STAFF = ["/akun/pengguna/", "/akun/pengguna/baru/"]


@pytest.mark.parametrize("url", PAGES + FORMS + STAFF)
def test_every_page_works_for_admin_dinas_without_inline_style_or_script(personas, url):
    response = login(personas["admin"]).get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert " style=" not in body and "<script" not in body


@pytest.mark.parametrize("role", ["kecamatan", "desa", "opd", "bpjs", "pimpinan"])
def test_other_roles_get_403_and_no_link(personas, role):
    client = login(personas[role])
    for url in PAGES + FORMS + STAFF:
        assert client.get(url).status_code == 403, url
    assert 'href="/data-induk/"' not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/data-induk/")
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
