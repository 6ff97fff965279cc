"""A background worker killed with SIGKILL in the middle of an import commit: nothing half-written, and a retry
writes the file once. Real processes against a real database of their own (a file on SQLite, a fresh database on
PostgreSQL): `manage.py db_worker` is started, killed and started again, as on a server.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings

from lindung.imports.tests.factory import HEADERS, _letters, person

ROOT = Path(__file__).resolve().parents[3]
ROWS = 30_000


class Site:
    """A Lindung installation in its own database, driven through manage.py as an operator would."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PYTEST"))}
        self.env |= {"LINDUNG_VAR_DIR": str(tmp / "var"), "DJANGO_SETTINGS_MODULE": "lindung.settings"}
        db = settings.DATABASES["default"]
        self.pg = db["ENGINE"].endswith("postgresql")
        if self.pg:
            self.server = {k: db[k.upper()] for k in ("host", "port", "user")}
            self.dbname = f"lindung_deadworker_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as conn:
                conn.execute(f'CREATE DATABASE "{self.dbname}"')
            host, port, user = self.server["host"] or "127.0.0.1", self.server["port"] or 5432, db["USER"]
            self.env["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{self.dbname}"

    def manage(self, *args: str, timeout: float = 180) -> str:
        done = subprocess.run(  # noqa: S603 — our own manage.py with our own arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code).strip()

    def worker(self, *extra: str) -> subprocess.Popen[bytes]:
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
        return subprocess.Popen(  # noqa: S603 — our own manage.py
            [*command, "--interval", "0.05", *extra],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def query(self, sql: str) -> Any:
        """One value, read straight from the database (no Django in between)."""
        if self.pg:
            with psycopg.connect(dbname=self.dbname, autocommit=True, **self.server) as conn:
                row = conn.execute(sql).fetchone()
        else:
            with sqlite3.connect(self.tmp / "var" / "lindung.sqlite3", timeout=30) as conn:
                row = conn.execute(sql).fetchone()
        return row[0] if row else None

    def drop(self) -> None:
        if self.pg:
            with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


def wait_for(check: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    s = Site(tmp_path)
    try:
        s.manage("migrate", "--noinput")
        s.manage("load_regions", "16.06")
        yield s
    finally:
        s.drop()


def _write_csv(path: Path) -> None:
    lines = [",".join(HEADERS)]
    for i in range(ROWS):
        row = person(i % 9000 + 1, birth=dt.date(1970, 1, 1) + dt.timedelta(days=i // 9000))
        row[2] = f"Warga {_letters(i + 1)}"  # distinct names
        lines.append(",".join(str(v) for v in row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_worker_killed_mid_commit_leaves_nothing_and_the_retry_writes_once(site: Site) -> None:
    csv_path = site.tmp / "desa.csv"
    _write_csv(csv_path)
    job_id = site.shell(
        "from django.core.files import File\n"
        "from lindung.accounts.models import Role, User\n"
        "from lindung.imports.services import import_job_create\n"
        "u = User.objects.create_user('dinas', password='sandi-uji-panjang-1', role=Role.ADMIN_DINAS,"
        " area_id='16.06')\n"
        f"f = open({str(csv_path)!r}, 'rb')\n"
        "print(import_job_create(file=File(f), name='desa.csv', source='impor', by=u).pk)"
    )
    job = f"SELECT {{}} FROM imports_importjob WHERE id = {int(job_id)}"  # noqa: S608 — an integer

    # The check runs in a first worker, which then stays up for the commit.
    worker = site.worker()
    try:
        wait_for(lambda: site.query(job.format("status")) == "checked", 120, "the check")
        assert site.query(job.format("valid")) == ROWS
        site.shell(
            "from lindung.accounts.models import User\n"
            "from lindung.imports.models import ImportJob\n"
            "from lindung.imports.services import import_job_confirm\n"
            f"import_job_confirm(job=ImportJob.objects.get(pk={job_id}), by=User.objects.get(username='dinas'))"
        )
        # Killed once the commit is under way: on PostgreSQL after rows were written inside the transaction.
        started = job.format("rows_written > 0" if site.pg else "worker_started_at IS NOT NULL")
        wait_for(lambda: site.query(started), 60, "the commit to start")
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()

    assert site.query("SELECT count(*) FROM workers_worker") == 0
    assert site.query(job.format("status")) == "committing"
    # The lease died with the process: the job shows as stalled (on PostgreSQL once the server saw the
    # connection drop), and a retry is offered.
    stalled = (
        f"from lindung.imports.models import ImportJob\nprint(ImportJob.objects.get(pk={job_id}).stalled)"
    )
    wait_for(lambda: site.shell(stalled) == "True", 30, "the job to show as stalled")
    site.shell(
        "from lindung.accounts.models import User\n"
        "from lindung.imports.models import ImportJob\n"
        "from lindung.imports.services import import_job_retry\n"
        f"import_job_retry(job=ImportJob.objects.get(pk={job_id}), by=User.objects.get(username='dinas'))"
    )

    # The retry in a new worker, stopped once the job has left "committing": the duplicate scan the commit then
    # queues over the 30,000 new workers (which `db_worker --batch` would also run) is not what this test is about.
    worker = site.worker()
    try:
        wait_for(lambda: site.query(job.format("status")) != "committing", 300, "the retried commit")
    finally:
        worker.kill()
        worker.wait(10)

    assert site.query(job.format("status")) == "done"
    assert site.query("SELECT count(*) FROM workers_worker") == ROWS
    assert site.query("SELECT count(DISTINCT nik) FROM workers_worker") == ROWS
    assert site.query(job.format("rows_written")) == ROWS
    assert site.query("SELECT count(*) FROM audit_auditevent WHERE action = 'import.retry'") == 1
    assert site.shell(stalled) == "False"
