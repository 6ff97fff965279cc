"""workers_transition_bulk keeps worker_transition's contract: the same rows, only fewer statements."""

from importlib import import_module

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, make_worker
from lindung.notices.models import Notice, NoticeTemplate
from lindung.workers.models import Status, StatusChange, Worker
from lindung.workers.workflow import Move, worker_transition, workers_transition_bulk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _templates(db):
    # A transactional test elsewhere in the run may have flushed the migration's texts.
    seeded = import_module("lindung.notices.migrations.0002_default_templates")
    for key, channel, active, text in seeded.TEMPLATES:
        NoticeTemplate.objects.get_or_create(
            key=key, channel=channel, defaults={"text": text, "active": active}
        )


def _trail(worker):
    """Everything a transition leaves about one worker, without ids and times."""
    change = StatusChange.objects.get(worker=worker)
    event = AuditEvent.objects.get(action="worker.status", object_id=str(worker.pk))
    notices = sorted(
        (n.template, n.channel, n.to, n.body, n.status, n.payload)
        for n in Notice.objects.filter(worker=worker)
    )
    return (
        (change.from_status, change.to_status, change.by_id, change.reason, change.note),
        (event.actor_id, event.object_type, event.changes),
        notices,
    )


@pytest.mark.parametrize(
    ("frm", "to", "reason", "note"),
    [
        (Status.DIUSULKAN, Status.TERDAFTAR, "", "KPJ 16010000001"),
        (Status.DIUSULKAN, Status.DISETUJUI, "ditolak_bpjs", "NIK tidak padan"),
        (Status.DISETUJUI, Status.DIUSULKAN, "", "Batch B-1606-2026-001"),
    ],
)
def test_the_same_trail_as_one_at_a_time(personas, frm, to, reason, note):
    one, *many = [make_worker(DESA_A, status=frm) for _ in range(3)]
    worker_transition(worker=one, to=to, by=personas["admin"], reason=reason, note=note)
    outcome = workers_transition_bulk(
        moves=[Move(worker=w, reason=reason, note=note) for w in many], to=to, by=personas["admin"]
    )
    assert [w.pk for w in outcome.moved] == [w.pk for w in many]
    assert not outcome.refused and not outcome.stale
    for worker in many:
        assert _trail(worker) == _trail(one)
        stored = Worker.objects.get(pk=worker.pk)
        assert (stored.status, stored.version) == (to, 2) == (worker.status, worker.version)
    if (
        to == Status.TERDAFTAR
    ):  # the membership's notice tells the person (KPJ and dates), not the status change
        assert not Notice.objects.filter(worker=many[0]).exists()


def test_a_worker_changed_meanwhile_is_reported_not_overwritten(personas):
    fresh, changed = [make_worker(DESA_A, status=Status.DISETUJUI) for _ in range(2)]
    # Someone rejects `changed` after the caller read it.
    seen = Worker.objects.get(pk=changed.pk)
    worker_transition(worker=changed, to=Status.DITOLAK, by=personas["admin"], reason="usia")
    outcome = workers_transition_bulk(
        moves=[Move(worker=fresh, note="Batch X"), Move(worker=seen, note="Batch X")],
        to=Status.DIUSULKAN,
        by=personas["admin"],
    )
    assert [w.pk for w in outcome.moved] == [fresh.pk]
    assert [w.pk for w in outcome.stale] == [changed.pk]
    assert Worker.objects.get(pk=changed.pk).status == Status.DITOLAK
    assert list(StatusChange.objects.filter(worker=changed).values_list("to_status", flat=True)) == [
        "ditolak"
    ]


def test_a_step_worker_transition_refuses_is_refused_with_its_message(personas):
    verified, applied = make_worker(DESA_A, status=Status.DIVERIFIKASI), make_worker(DESA_A)
    outcome = workers_transition_bulk(
        moves=[Move(worker=verified), Move(worker=applied)], to=Status.DISETUJUI, by=personas["desa"]
    )
    assert not outcome.moved
    messages = {w.pk: why for w, why in outcome.refused}
    assert "tidak berwenang" in messages[verified.pk]
    assert "dari Diajukan ke Disetujui" in messages[applied.pk]
    assert (
        not StatusChange.objects.exists() and not AuditEvent.objects.filter(action="worker.status").exists()
    )


def test_no_second_identical_notice_within_the_window(personas):
    worker = make_worker(DESA_A, status=Status.DIVERIFIKASI)
    worker_transition(worker=worker, to=Status.DISETUJUI, by=personas["admin"])
    before = Notice.objects.filter(worker=worker).count()
    assert before == 1
    Worker.objects.filter(pk=worker.pk).update(status=Status.DIVERIFIKASI)
    worker.refresh_from_db()
    workers_transition_bulk(moves=[Move(worker=worker)], to=Status.DISETUJUI, by=personas["admin"])
    assert Notice.objects.filter(worker=worker).count() == before
