"""Rows written without model instances read back exactly as the ORM would have written them."""

import datetime as dt

import pytest
from django.utils import timezone

from lindung.audit.models import AuditEvent
from lindung.conftest import make_worker
from lindung.core.bulk import insert_rows, update_rows
from lindung.workers.models import StatusChange

pytestmark = pytest.mark.django_db


def test_insert_rows_returns_the_ids_in_order_and_keeps_types():
    now = timezone.now()
    ids = insert_rows(
        AuditEvent,
        ["actor", "action", "object_type", "object_id", "changes", "at", "ip"],
        [
            (None, "uji.satu", "workers.worker", "1", {"status": ["a", "b"], "n": 1}, now, "10.0.0.1"),
            (None, "uji.dua", "workers.worker", "2", {}, now, None),
        ],
        returning_ids=True,
    )
    first, second = (AuditEvent.objects.get(pk=pk) for pk in ids)
    assert (first.action, first.changes, first.ip, first.at) == (
        "uji.satu",
        {"status": ["a", "b"], "n": 1},
        "10.0.0.1",
        now,
    )
    assert (second.action, second.changes, second.ip) == ("uji.dua", {}, None)


def test_insert_rows_without_ids_and_update_rows_by_primary_key():
    worker = make_worker()
    now = timezone.now() - dt.timedelta(days=1)
    assert insert_rows(StatusChange, ["worker", "from_status", "to_status", "at", "note"], []) == []
    insert_rows(
        StatusChange,
        ["worker", "from_status", "to_status", "at", "reason", "note"],
        [
            (worker.pk, "", "diajukan", now, "", "satu"),
            (worker.pk, "diajukan", "diverifikasi", now, "", "dua"),
        ],
    )
    changes = list(StatusChange.objects.filter(worker=worker).order_by("id"))
    assert [(c.to_status, c.note, c.at) for c in changes] == [
        ("diajukan", "satu", now),
        ("diverifikasi", "dua", now),
    ]
    updated = update_rows(
        StatusChange, ["note", "reason"], [(changes[0].pk, "ubah", "r1"), (changes[1].pk, "", "r2")]
    )
    assert updated == 2
    assert list(StatusChange.objects.filter(worker=worker).order_by("id").values_list("note", "reason")) == [
        ("ubah", "r1"),
        ("", "r2"),
    ]


def test_a_column_left_out_gets_its_default():
    worker = make_worker()
    before = timezone.now()
    insert_rows(StatusChange, ["worker", "to_status"], [(worker.pk, "diajukan")])
    change = StatusChange.objects.get(worker=worker)
    assert (change.from_status, change.reason, change.note, change.by_id) == ("", "", "", None)
    assert change.at >= before
