import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, login, make_worker
from lindung.privacy.anonymise import anonymise_expired
from lindung.privacy.models import Anonymisation, ProcessingStop
from lindung.privacy.services import consent_withdraw, legal_hold_place
from lindung.workers.models import StatusChange, Worker
from lindung.workers.services import snapshot, worker_update

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - dt.timedelta(days=6 * 365)


def age(worker, when=LONG_AGO):
    """Make every trace of the worker old, as if nobody touched it since `when`."""
    Worker.objects.filter(pk=worker.pk).update(updated_at=when)
    StatusChange.objects.filter(worker=worker).update(at=when)
    AuditEvent.objects.filter(object_type="workers.worker", object_id=str(worker.pk)).update(at=when)


def run(*args):
    out = io.StringIO()
    call_command("anonymise_expired", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old(personas):
    worker = make_worker(
        DESA_A, name="Siti Aminah", kk="1606011203040005", birth_place="Sekayu", income=900_000
    )
    StatusChange.objects.create(
        worker=worker, from_status="diajukan", to_status="ditolak", note="KTP milik Siti"
    )
    before = snapshot(worker)
    worker.name, worker.phone = "Siti Aminah Binti Ali", "081299998888"
    worker_update(worker=worker, before=before, expected_version=None, by=personas["desa"])
    age(worker)
    return Worker.objects.get(pk=worker.pk)


def test_an_expired_person_is_anonymised_and_the_statistics_stay(personas, old):
    recent = make_worker(DESA_A, name="Rudi Baru", sex="L")
    assert "Akan dianonimkan: 1 orang" in run("--dry-run")
    assert Worker.objects.get(pk=old.pk).name == "Siti Aminah Binti Ali"  # dry run changed nothing

    assert "Dianonimkan: 1 orang" in run()
    w = Worker.objects.get(pk=old.pk)
    assert w.nik == f"X{old.pk:015X}" and len(w.nik) == 16
    assert (w.name, w.kk, w.phone, w.address, w.birth_place, w.income) == ("Anonim", "", "", "", "", None)
    assert w.birth_date == dt.date(old.birth_date.year, 1, 1)
    assert (w.kecamatan_id, w.sex, w.occupation_id, w.status) == (
        old.kecamatan_id,
        old.sex,
        old.occupation_id,
        old.status,
    )
    assert StatusChange.objects.get(worker=w, to_status="ditolak").note == ""
    update = AuditEvent.objects.get(action="worker.update", object_id=str(w.pk))
    assert "Siti" not in str(update.changes) and "081299998888" not in str(update.changes)
    assert update.actor == personas["desa"]  # who did what, when, stays
    assert AuditEvent.objects.filter(action="privacy.anonymise", object_id=str(w.pk)).exists()
    assert Worker.objects.get(pk=recent.pk).name == "Rudi Baru"


def test_a_second_run_changes_nothing(old):
    run()
    events = AuditEvent.objects.count()
    assert "Dianonimkan: 0 orang" in run()
    assert AuditEvent.objects.count() == events
    assert Anonymisation.objects.count() == 1


def test_a_legal_hold_and_a_person_still_covered_are_kept(personas, old):
    legal_hold_place(worker=old, by=personas["admin"], reason="klaim JKK")
    covered = make_worker(DESA_A, name="Peserta Aktif", status="terdaftar")
    age(covered)
    age(old)
    assert anonymise_expired() == {"due": 0, "anonymised": 0}


def test_any_recent_activity_keeps_the_person(personas, old):
    AuditEvent.objects.create(action="worker.view_nik", object_type="workers.worker", object_id=str(old.pk))
    assert anonymise_expired() == {"due": 0, "anonymised": 0}


def test_withdrawn_consent_leads_to_anonymisation_after_the_hold_period(personas, settings):
    worker = make_worker(DESA_A, name="Yanti")
    consent_withdraw(worker=worker, by=personas["desa"])
    assert anonymise_expired() == {"due": 0, "anonymised": 0}
    ProcessingStop.objects.update(
        since=timezone.now() - dt.timedelta(days=settings.WITHDRAWN_RETENTION_DAYS + 1)
    )
    assert anonymise_expired()["anonymised"] == 1
    assert Anonymisation.objects.get(worker=worker).reason == "withdrawal"


def test_list_detail_and_search_still_work_with_an_anonymised_nik(personas, old):
    run()
    client = login(personas["admin"])
    body = client.get("/pekerja/").content.decode()
    assert "Anonim" in body and f"X{old.pk:015X}" not in body
    assert client.get(f"/pekerja/{old.pk}/").status_code == 200
    assert "Anonim" in client.get("/pekerja/?q=anonim").content.decode()
    page = client.get(f"/privasi/{old.pk}/").content.decode()
    assert "sudah dianonimkan" in page
