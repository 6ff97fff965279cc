"""The public form takes names as names: letters, spaces, apostrophes, dots, hyphens."""

import pytest
from django.core.cache import cache
from django.test import Client

from lindung.workers.models import Worker

from .helpers import application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_markup_in_a_name_is_refused_with_a_clear_message_and_nothing_saved():
    response = Client().post("/daftar/", application(name="<script>alert(1)</script>"))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Nama hanya boleh berisi huruf, spasi, tanda petik (&#x27;), titik, dan tanda hubung (-). "
        "Hapus: &lt; &gt; ( 1 ) /"
    ) in page
    assert 'id="name-error"' in page
    assert not Worker.objects.exists()


@pytest.mark.parametrize(
    "name", ["Nur'aini", "Moh. Ali Akbar", "Siti Al-Fatih", "Ni Luh Putu Ayu", "Nur’aini"]
)
def test_real_names_pass(name):
    Client().post("/daftar/", application(name=name))
    assert Worker.objects.get().name == name


def test_punctuation_alone_is_not_a_name():
    page = Client().post("/daftar/", application(name="-- .")).content.decode()
    assert "Tulis nama dengan huruf, seperti di KTP." in page
    assert not Worker.objects.exists()
