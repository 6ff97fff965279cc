import datetime as dt

import pytest
from django.utils import timezone

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_OUTSIDE, login, make_worker

pytestmark = pytest.mark.django_db


def event(actor, action, obj_id="1", object_type="workers.worker", days_ago=0):
    e = AuditEvent.objects.create(actor=actor, action=action, object_type=object_type, object_id=str(obj_id))
    AuditEvent.objects.filter(pk=e.pk).update(at=timezone.now() - dt.timedelta(days=days_ago))
    return e


@pytest.fixture
def trail(personas):
    here = make_worker(DESA_A, name="Siti")
    there = make_worker(DESA_OUTSIDE, name="Orang Banyuasin")
    return {
        "nik_here": event(personas["desa"], "worker.view_nik", here.pk),
        "login_here": event(
            personas["kecamatan"], "account.login", personas["kecamatan"].pk, "accounts.user", 3
        ),
        "about_here_by_system": event(None, "privacy.anonymise", here.pk, days_ago=10),
        "nik_there": event(personas["admin_lain"], "worker.view_nik", there.pk),
    }


def ids(response):
    return {e.pk for e in response.context["page"]}


def test_admin_sees_events_of_the_kabupaten_only(personas, trail):
    response = login(personas["admin"]).get("/privasi/audit/")
    assert response.status_code == 200
    assert ids(response) == {trail["nik_here"].pk, trail["login_here"].pk, trail["about_here_by_system"].pk}
    assert ids(login(personas["admin_lain"]).get("/privasi/audit/")) == {trail["nik_there"].pk}


def test_filters_by_action_user_and_date(personas, trail):
    client = login(personas["admin"])
    assert ids(client.get("/privasi/audit/?action=worker.view_nik")) == {trail["nik_here"].pk}
    assert ids(client.get("/privasi/audit/?user=kec")) == {trail["login_here"].pk}
    since = (timezone.localdate() - dt.timedelta(days=5)).isoformat()
    assert ids(client.get(f"/privasi/audit/?date_from={since}")) == {
        trail["nik_here"].pk,
        trail["login_here"].pk,
    }


def test_a_bad_date_range_is_explained(personas, trail):
    response = login(personas["admin"]).get("/privasi/audit/?date_from=2026-05-01&date_to=2026-04-01")
    assert "Tanggal awal harus sebelum tanggal akhir" in response.content.decode()
    assert ids(response) == set()


def test_only_admin_dinas_reviews_the_audit(personas):
    for role in ("desa", "kecamatan", "opd", "bpjs", "pimpinan"):
        assert login(personas[role]).get("/privasi/audit/").status_code == 403
