"""The scheduled pull from ODK Central, against a local stand-in that speaks the documented API: a session token
from POST /v1/sessions, the form's submissions from GET /v1/projects/{p}/forms/{f}/submissions.csv with that
token as a bearer, and DELETE /v1/sessions/{token} to sign out."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from lindung.core.models import ScheduledJob
from lindung.core.scheduler import jobs_registry, scheduled_job_run
from lindung.fieldwork.central import CentralConfig, CentralError, central_pull
from lindung.fieldwork.tests.test_submissions import central_csv, submission
from lindung.imports.models import ImportJob
from lindung.imports.tests.factory import commit, media
from lindung.workers.models import Worker

pytestmark = pytest.mark.django_db
TOKEN = "lKNzn0SbXV5XjBxJ4Z2pQ"


class StandIn:
    """What the stand-in received, and the CSV it serves."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.csv = b""
        self.password = "sandi-central"


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output quiet
            pass

        def _answer(self, status: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _authorised(self) -> bool:
            return self.headers.get("Authorization") == f"Bearer {TOKEN}"

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.calls.append(("POST", self.path, self.headers.get("Content-Type", "")))
            if self.path != "/v1/sessions":
                return self._answer(404, b'{"code": 404.1}')
            if body != {"email": "odk@muba.go.id", "password": state.password}:
                return self._answer(401, b'{"code": 401.2, "message": "Could not authenticate."}')
            expires = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=24)).isoformat()
            return self._answer(200, json.dumps({"token": TOKEN, "expiresAt": expires}).encode())

        def do_GET(self) -> None:
            state.calls.append(("GET", self.path, self.headers.get("Authorization", "")))
            if not self._authorised():
                return self._answer(401, b'{"code": 401.2}')
            if self.path != "/v1/projects/7/forms/lindung_pekerja/submissions.csv":
                return self._answer(404, b'{"code": 404.1, "message": "Could not find the resource."}')
            return self._answer(200, state.csv, "text/csv; charset=utf-8")

        def do_DELETE(self) -> None:
            state.calls.append(("DELETE", self.path, self.headers.get("Authorization", "")))
            return self._answer(200 if self._authorised() else 401, b'{"success": true}')

    return Handler


@pytest.fixture
def central(settings: Any, tmp_path: Any) -> Iterator[tuple[StandIn, str]]:
    media(settings, tmp_path)
    state = StandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _config(url: str, **changes: Any) -> CentralConfig:
    values: dict[str, Any] = {
        "url": url,
        "project": "7",
        "form": "lindung_pekerja",
        "user": "odk@muba.go.id",
        "password": "sandi-central",
        "import_as": "admin",
        "timeout": 5,
    }
    return CentralConfig(**(values | changes))


def _rows() -> list[dict[str, str]]:
    return [
        submission(7301, "Sarinah", dt.date(1981, 2, 14), "P", _submitter="desa"),
        submission(7302, "Abdul Halim", dt.date(1977, 8, 30), "L", _review="rejected"),
    ]


def test_a_pull_signs_in_downloads_the_csv_signs_out_and_checks_it(personas: Any, central: Any) -> None:
    state, url = central
    state.csv = central_csv(_rows())
    line = central_pull(_config(url))
    job = ImportJob.objects.get()
    assert [c[:2] for c in state.calls] == [
        ("POST", "/v1/sessions"),
        ("GET", "/v1/projects/7/forms/lindung_pekerja/submissions.csv"),
        ("DELETE", f"/v1/sessions/{TOKEN}"),
    ]
    assert state.calls[0][2] == "application/json" and state.calls[1][2] == f"Bearer {TOKEN}"
    # Checked as an upload by the configured user, waiting for someone to press Simpan.
    assert (job.status, job.layout, job.created_by) == (
        ImportJob.Status.CHECKED,
        "odk_central",
        personas["admin"],
    )
    assert (job.valid, job.review_rejected) == (1, 1)
    assert f"Impor #{job.pk} dari ODK Central: 2 kiriman, 1 baru" in line
    assert not Worker.objects.exists()
    commit(job, personas["admin"])
    assert Worker.objects.get().created_by == personas["desa"]  # the enumerator, a user of that desa

    # The next pull brings the same submissions: nothing new to save.
    again = central_pull(_config(url))
    assert "0 baru menunggu Simpan" in again and "1 sudah terdaftar" in again


def test_a_wrong_password_is_told_and_nothing_is_imported(personas: Any, central: Any) -> None:
    state, url = central
    state.csv = central_csv(_rows())
    with pytest.raises(CentralError, match="menolak akun"):
        central_pull(_config(url, password="salah"))
    assert [c[:2] for c in state.calls] == [("POST", "/v1/sessions")]
    assert not ImportJob.objects.exists()


def test_an_unknown_form_is_named(personas: Any, central: Any) -> None:
    state, url = central
    with pytest.raises(CentralError, match="formulir lain_form tidak ditemukan"):
        central_pull(_config(url, form="lain_form"))
    assert state.calls[-1][0] == "DELETE"  # signed out all the same
    assert not ImportJob.objects.exists()


def test_the_scheduled_job_takes_its_settings_from_the_environment(
    personas: Any, central: Any, settings: Any
) -> None:
    state, url = central
    state.csv = central_csv(_rows())
    settings.ODK_CENTRAL_URL, settings.ODK_CENTRAL_PROJECT = url, "7"
    settings.ODK_CENTRAL_FORM, settings.ODK_CENTRAL_USER = "lindung_pekerja", "odk@muba.go.id"
    settings.ODK_CENTRAL_PASSWORD, settings.ODK_CENTRAL_IMPORT_AS = "sandi-central", "admin"
    assert "odk_central_pull" in jobs_registry()
    ScheduledJob.objects.create(name="odk_central_pull", spec="every 60 minutes")
    result = scheduled_job_run("odk_central_pull")
    row = ScheduledJob.objects.get(name="odk_central_pull")
    assert row.last_ok and row.last_result == result and "1 baru menunggu Simpan" in result

    settings.ODK_CENTRAL_PASSWORD = "salah"
    scheduled_job_run("odk_central_pull")
    row.refresh_from_db()
    assert not row.last_ok and "menolak akun" in row.last_result
