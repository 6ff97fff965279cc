"""The demo step: one saved import and one waiting for confirmation, and running it twice adds nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest

from lindung.accounts.models import User
from lindung.conftest import make_worker
from lindung.core.demo import imports, people
from lindung.imports.models import ImportJob
from lindung.workers.models import Worker, WorkerFlag

from .factory import media


@pytest.mark.django_db
def test_demo_imports_are_idempotent(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)
    out = io.StringIO()
    people.seed_agencies(out)
    people.seed_users(out)
    desa = str(User.objects.get(username="desa").area_id)
    make_worker(desa=desa)
    make_worker(desa=desa, sex="L")
    imports.seed(out)
    done = ImportJob.objects.get(original_name=imports.DONE_FILE)
    checked = ImportJob.objects.get(original_name=imports.CHECKED_FILE)
    assert done.status == ImportJob.Status.DONE
    assert checked.status == ImportJob.Status.CHECKED
    assert done.invalid >= 4 and done.duplicates == 2 and done.already_registered == 2
    assert Worker.objects.filter(import_job_id=done.pk).count() == done.rows_written > 150
    assert not Worker.objects.filter(import_job_id=checked.pk).exists()
    # What the occupation aliases, the verifier's flags and a newer P3KE extract show.
    assert done.flagged_not_working == 2 and done.unmapped_occupations == {"JUAL PULSA": 1}
    assert WorkerFlag.objects.filter(import_job_id=done.pk).count() == 2
    assert checked.changes == 2
    opensid = ImportJob.objects.get(original_name=imports.OPENSID_FILE)
    assert opensid.status == ImportJob.Status.CHECKED, opensid.error_message
    assert opensid.layout_label == "Ekspor Penduduk OpenSID (kode)"
    assert opensid.desa_id == desa and (opensid.valid, opensid.inactive, opensid.invalid) == (37, 2, 1)
    imports.seed(out)
    assert ImportJob.objects.count() == 3
    assert "Impor demo sudah ada" in out.getvalue()
