"""What the scheduled jobs do when their time comes."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from lindung.conftest import MUBA, make_worker
from lindung.core import jobs
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership, RenewalRun
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # a backup reads the database from outside the test's transaction
def test_backup_keeps_the_newest_and_deletes_the_rest(settings: Any, tmp_path: Any):
    settings.BACKUP_DIR = tmp_path / "cadangan"
    settings.BACKUP_KEEP = 2
    settings.BACKUP_DIR.mkdir()
    for stamp in ("20261201-030000", "20261202-030000", "20261203-030000"):
        (settings.BACKUP_DIR / f"lindung-{stamp}.backup").write_bytes(b"old")
    (settings.BACKUP_DIR / "catatan.txt").write_text("not a backup: never deleted")
    result = jobs.backup()
    kept = sorted(p.name for p in settings.BACKUP_DIR.iterdir())
    assert len(kept) == 3 and kept[0] == "catatan.txt" and kept[1] == "lindung-20261203-030000.backup"
    newest = settings.BACKUP_DIR / kept[2]
    assert newest.stat().st_size > 1000 and oct(newest.stat().st_mode & 0o777) == "0o600"
    assert "2 cadangan lama dihapus" in result
    assert jobs.last_backup_at() is not None
    assert not list(settings.BACKUP_DIR.glob("*.partial"))
    assert os.stat(settings.BACKUP_DIR).st_mode & 0o077 == 0


def test_renewal_proposals_for_next_year_once(personas: Any, monkeypatch: Any):
    source = funding_source_default(MUBA)
    Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR),
        kpj="16010000001",
        funding_source=source,
        start=dt.date(2026, 1, 1),
    )
    monkeypatch.setattr(jobs.timezone, "localdate", lambda: dt.date(2026, 12, 1))
    assert "Usulan pembaruan 2027 dibuat" in jobs.renewal_proposals()
    run = RenewalRun.objects.get()
    assert (run.fiscal_year, run.status, run.lines.count()) == (2027, RenewalRun.Status.PROPOSED, 1)
    # A second run (say, the job's time moved) leaves the proposal the dinas may be reviewing alone.
    assert "Tidak ada usulan baru untuk tahun 2027" in jobs.renewal_proposals()
    assert RenewalRun.objects.count() == 1
