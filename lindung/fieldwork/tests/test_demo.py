"""The demo's ODK Central export: the enumerator, the reviewer's verdicts, once however often it is seeded."""

from __future__ import annotations

import io
from typing import Any

import pytest

from lindung.core.demo import fieldwork, people
from lindung.imports.models import ImportJob
from lindung.imports.tests.factory import media
from lindung.workers.models import FlagKind, Worker, WorkerFlag

pytestmark = pytest.mark.django_db


def test_the_demo_central_export_shows_enumerators_and_verdicts(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)
    out = io.StringIO()
    people.seed_agencies(out)
    people.seed_users(out)
    fieldwork.seed(out)
    fieldwork.seed(out)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE, job.error_message
    assert (job.layout, job.rows_written, job.review_rejected, job.flagged_review) == ("odk_central", 5, 1, 1)
    assert job.enumerators_matched == 3
    workers = Worker.objects.filter(import_job_id=job.pk)
    assert workers.filter(created_by__username="desa").count() == 3
    assert workers.filter(created_by__username="kecamatan").count() == 2  # the uploader, as for any file
    assert workers.filter(source_note="Petugas lapangan: Enumerator Sungai Keruh").count() == 2
    assert WorkerFlag.objects.get(kind=FlagKind.REVIEW).worker.name == "Ponirah"
    assert "5 tersimpan, 3 dengan petugas Lindung sebagai pencatat, 1 ditolak peninjau" in out.getvalue()
