import pytest
from django.test import Client

from lindung.conftest import DESA_A, DESA_LAIS, login, make_worker

pytestmark = pytest.mark.django_db


def test_home_counts_only_the_area(personas):
    make_worker(DESA_A)
    make_worker(DESA_LAIS, sex="L")
    rows = {code: n for code, _label, n in login(personas["desa"]).get("/").context["rows"]}
    assert rows["diajukan"] == 1
    rows = {code: n for code, _label, n in login(personas["admin"]).get("/").context["rows"]}
    assert rows["diajukan"] == 2


def test_the_staff_home_requires_login(db):
    # "/" without a login is the public front page (intake/tests/test_front.py); the staff home's data is not on it.
    response = Client().get("/")
    assert response.status_code == 200 and "rows" not in response.context


def test_a_user_without_a_role_is_refused(db):
    from lindung.accounts.models import User

    user = User.objects.create_user(username="norole", password="x")
    assert login(user).get("/").status_code == 403


def test_english_is_available(personas):
    client = login(personas["admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Workers" in client.get("/").content.decode()


def test_indonesian_is_the_default_whatever_the_browser_asks(personas):
    client = login(personas["admin"])
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Ringkasan" in body and 'lang="id"' in body


def test_the_stylesheet_is_served(personas):
    from django.contrib.staticfiles import finders

    assert finders.find("lindung/lindung.css")
