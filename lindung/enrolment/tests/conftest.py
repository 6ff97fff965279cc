from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lindung.conftest import DESA_A, MUBA, make_worker
from lindung.enrolment.batches import batch_create, batch_seal, funding_source_default
from lindung.enrolment.models import EnrolmentBatch, FundingSource
from lindung.workers.models import Status, Worker

START = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def apbd(db: Any) -> FundingSource:
    return funding_source_default(MUBA)


def approved(n: int = 1, desa: str = DESA_A, **fields: Any) -> list[Worker]:
    return [make_worker(desa, status=Status.DISETUJUI, **fields) for _ in range(n)]


def sealed_batch(admin: Any, source: FundingSource, workers: list[Worker] | None = None) -> EnrolmentBatch:
    batch = batch_create(user=admin, funding_source=source, coverage_start=START, filters={})
    batch_seal(batch=batch, by=admin)
    batch.refresh_from_db()
    return batch
