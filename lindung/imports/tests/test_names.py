"""One rule for a person's name wherever it comes in: the public form's, applied to import rows, field entry,
worker edits and the API. Markup, digits and symbols are refused with a sentence saying what to remove; a
degree after a comma ("Siti Aminah, S.Pd."), as KTP and Dukcapil lists write it, is a name."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

import pytest

from lindung.accounts.models import Role
from lindung.api.tests.helpers import ApiClient, make_token
from lindung.conftest import DESA_A, login, make_worker
from lindung.imports.models import ImportJob
from lindung.intake.tests.test_field_entry import staff_form
from lindung.lib.names import name_problem
from lindung.workers.models import Worker

from .factory import HEADERS, commit, media, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
REFUSED = (
    "Nama hanya boleh berisi huruf, spasi, tanda petik ('), titik, dan tanda hubung (-). Hapus: < > ( 1 ) /"
)


def quoted_csv(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADERS, *rows])  # "Siti Aminah, S.Pd." in quotes, as Excel saves it
    return buffer.getvalue().encode()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Siti Aminah", None),
        ("Nur'aini", None),
        ("Moh. Ali Akbar", None),
        ("Siti Al-Fatih", None),
        ("Siti Aminah, S.Pd.", None),
        ("Drs. H. Ahmad Rizal, M.Si.", None),
        ("Fatimah, A.Md.Keb", None),
        (SCRIPT, REFUSED),
        ("Ahmad, Budi", "Hapus: ,"),  # a comma before a second name is not a degree
        ("Agus 2", "Hapus: 2"),
        ("Siti_Aminah", "Hapus: _"),
        ("-- .", "Tulis nama dengan huruf, seperti di KTP."),
    ],
)
def test_the_rule(name: str, problem: str | None) -> None:
    found = name_problem(name)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.endswith(problem)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_import_row_with_markup_is_a_row_error_and_is_not_written(personas: Any, kind: str) -> None:
    rows = [person(1), person(2), person(3)]
    rows[1][2] = SCRIPT
    rows[2][2] = "Siti Aminah, S.Pd."
    content = xlsx_bytes(rows) if kind == "xlsx" else quoted_csv(rows)
    job = upload(personas["admin"], content, f"desa.{kind}")
    assert job.status == ImportJob.Status.CHECKED, job.error_message
    assert (job.valid, job.invalid) == (2, 1)
    (error,) = job.first_errors
    assert error["message"] == REFUSED
    job = commit(job, personas["admin"])
    assert job.status == ImportJob.Status.DONE and job.rows_written == 2
    assert not Worker.objects.filter(name__contains="<").exists()
    assert Worker.objects.filter(name="Siti Aminah, S.Pd.").exists()


def test_field_entry_refuses_markup_in_a_name(personas: Any) -> None:
    response = login(personas["desa"]).post("/pekerja/baru/", staff_form(name=SCRIPT))
    assert response.status_code == 200
    assert REFUSED in html.unescape(response.content.decode())
    assert not Worker.objects.exists()
    assert login(personas["desa"]).post("/pekerja/baru/", staff_form(name="Nur Hayati")).status_code == 302


def test_editing_a_worker_refuses_markup_in_the_name(personas: Any) -> None:
    worker = make_worker(DESA_A, name="Siti Aminah")
    client = login(personas["desa"])
    form = client.get(f"/pekerja/{worker.pk}/ubah/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(name=SCRIPT, desa=DESA_A, occupation=worker.occupation_id or "", income="900000")
    response = client.post(f"/pekerja/{worker.pk}/ubah/", data)
    assert REFUSED in html.unescape(response.content.decode())
    worker.refresh_from_db()
    assert worker.name == "Siti Aminah"


def test_the_api_refuses_markup_in_a_name(personas: Any) -> None:
    from lindung.api.tests.test_create import payload

    _token, key = make_token(Role.OPERATOR_DESA, DESA_A)
    response = ApiClient(key).post("/api/workers", payload(name=SCRIPT))
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["name"] == [REFUSED]
    assert not Worker.objects.exists()
