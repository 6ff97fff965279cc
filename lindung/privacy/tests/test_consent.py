import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, login, make_worker
from lindung.privacy.models import ConsentEvent, ProcessingStop
from lindung.privacy.services import exclude_stopped, is_processing_stopped
from lindung.workers.models import Worker

pytestmark = pytest.mark.django_db


def test_withdrawal_is_recorded_and_stops_processing(personas):
    worker = make_worker(DESA_A, consent_version="2026-01")
    other = make_worker(DESA_A, name="Rudi", sex="L")
    response = login(personas["desa"]).post(
        f"/privasi/{worker.pk}/tarik-persetujuan/",
        {"text_version": "2026-01", "note": "lisan di kantor desa"},
        follow=True,
    )
    assert "Penarikan persetujuan dicatat" in response.content.decode()
    event = ConsentEvent.objects.get(worker=worker)
    assert (event.kind, event.by, event.text_version, event.note) == (
        "withdrawn",
        personas["desa"],
        "2026-01",
        "lisan di kantor desa",
    )
    assert is_processing_stopped(worker) and not is_processing_stopped(other)
    assert list(exclude_stopped(Worker.objects.filter(pk__in=[worker.pk, other.pk]))) == [other]
    assert AuditEvent.objects.filter(action="privacy.consent_withdraw", object_id=str(worker.pk)).exists()


def test_a_second_withdrawal_adds_nothing(personas):
    worker = make_worker(DESA_A)
    client = login(personas["desa"])
    client.post(f"/privasi/{worker.pk}/tarik-persetujuan/", {})
    response = client.post(f"/privasi/{worker.pk}/tarik-persetujuan/", {}, follow=True)
    assert "sudah ditarik sebelumnya" in response.content.decode()
    assert ConsentEvent.objects.filter(worker=worker).count() == 1


def test_consent_given_again_resumes_processing_and_needs_the_text_version(personas):
    worker = make_worker(DESA_A)
    client = login(personas["admin"])
    client.post(f"/privasi/{worker.pk}/tarik-persetujuan/", {})
    response = client.post(f"/privasi/{worker.pk}/beri-persetujuan/", {"text_version": ""}, follow=True)
    assert "Isi versi naskah persetujuan" in response.content.decode()
    assert is_processing_stopped(worker)
    client.post(f"/privasi/{worker.pk}/beri-persetujuan/", {"text_version": "2026-02"})
    assert not is_processing_stopped(worker)
    assert list(ConsentEvent.objects.filter(worker=worker).values_list("kind", flat=True)) == [
        "withdrawn",
        "given",
    ]


def test_withdrawal_outside_the_area_is_a_404(personas):
    worker = make_worker(DESA_LAIS)
    assert login(personas["desa"]).post(f"/privasi/{worker.pk}/tarik-persetujuan/", {}).status_code == 404
    assert login(personas["bpjs"]).post(f"/privasi/{worker.pk}/tarik-persetujuan/", {}).status_code == 403
    assert not ProcessingStop.objects.exists()


def test_only_admin_dinas_places_a_legal_hold(personas):
    worker = make_worker(DESA_A)
    assert (
        login(personas["desa"]).post(f"/privasi/{worker.pk}/tahan/", {"reason": "klaim JKK"}).status_code
        == 403
    )
    response = login(personas["admin"]).post(f"/privasi/{worker.pk}/tahan/", {"reason": ""}, follow=True)
    assert "Alasan penahanan wajib diisi" in response.content.decode()
    assert not worker.legal_holds.exists()
    login(personas["admin"]).post(f"/privasi/{worker.pk}/tahan/", {"reason": "klaim JKK berjalan"})
    hold = worker.legal_holds.get()
    login(personas["admin"]).post(f"/privasi/{worker.pk}/tahan/{hold.pk}/cabut/")
    hold.refresh_from_db()
    assert hold.released_at is not None
