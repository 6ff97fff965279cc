import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, login, make_worker
from lindung.workers.models import Status
from lindung.workers.workflow import ConflictError, TransitionError, worker_transition

pytestmark = pytest.mark.django_db


def test_the_path_to_approval(personas):
    worker = make_worker(DESA_A)
    worker_transition(worker=worker, to=Status.DIVERIFIKASI, by=personas["desa"])
    worker_transition(worker=worker, to=Status.DISETUJUI, by=personas["admin"])
    assert worker.status == Status.DISETUJUI
    assert [c.to_status for c in worker.status_changes.all()] == ["diverifikasi", "disetujui"]
    assert AuditEvent.objects.filter(action="worker.status", object_id=str(worker.pk)).count() == 2


def test_a_desa_operator_cannot_approve(personas):
    worker = make_worker(DESA_A, status=Status.DIVERIFIKASI)
    with pytest.raises(TransitionError, match="tidak berwenang"):
        worker_transition(worker=worker, to=Status.DISETUJUI, by=personas["desa"])


def test_skipping_a_step_is_refused_with_the_reason(personas):
    worker = make_worker(DESA_A)
    with pytest.raises(TransitionError, match="dari Diajukan ke Terdaftar"):
        worker_transition(worker=worker, to=Status.TERDAFTAR, by=personas["admin"])


def test_rejection_needs_a_reason(personas):
    worker = make_worker(DESA_A)
    with pytest.raises(
        TransitionError, match="Pilih alasan dari daftar atau tulis catatan untuk status Ditolak"
    ):
        worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"])
    worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="usia")
    assert worker.status == Status.DITOLAK


def test_second_verifier_gets_a_conflict_not_a_lost_update(personas):
    worker = make_worker(DESA_A)
    seen_by_second = type(worker).objects.get(pk=worker.pk)
    worker_transition(worker=worker, to=Status.DIVERIFIKASI, by=personas["desa"])
    with pytest.raises(ConflictError, match="pengguna lain"):
        worker_transition(
            worker=seen_by_second, to=Status.DIKEMBALIKAN, by=personas["kecamatan"], note="cek KK"
        )
    worker.refresh_from_db()
    assert worker.status == Status.DIVERIFIKASI
    assert worker.status_changes.count() == 1


def test_status_form_on_the_page(personas):
    worker = make_worker(DESA_A)
    client = login(personas["desa"])
    response = client.post(
        f"/pekerja/{worker.pk}/status/", {"to": "diverifikasi", "version": worker.version}, follow=True
    )
    assert "Status menjadi Diverifikasi" in response.content.decode()
    response = client.post(f"/pekerja/{worker.pk}/status/", {"to": "disetujui", "version": 2}, follow=True)
    assert "tidak berwenang" in response.content.decode()
