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


def test_home_requires_login():
    assert Client().get("/").status_code == 302


def test_a_user_without_a_role_is_refused(db):
    from lindung.accounts.models import User

    user = User.objects.create_user(username="norole", password="x")
    assert login(user).get("/").status_code == 403


def test_english_is_available(personas):
    client = login(personas["admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Workers" in client.get("/").content.decode()
