"""Reports and dashboards read from a streaming replica; writes and read-your-write stay on the primary.

The router's rules are tested on any database. The replica itself is real: a copy of the test's PostgreSQL
server made with `pg_basebackup -R`, started on another local port with `pg_ctl`, streaming from the primary.
It is skipped (with the reason) where that cannot be made: SQLite, no PostgreSQL server binaries, or a primary
that refuses replication connections (pg_hba.conf needs a `replication` line; see the README, "Produksi").
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from lindung.conftest import login, make_worker
from lindung.core import replica
from lindung.core import views as core_views
from lindung.core.replica import REPLICA, ReplicaRouter, replica_reads
from lindung.reports.models import CoverageSnapshot
from lindung.workers.models import Worker

ON_PG = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def test_reads_stay_on_the_primary_unless_a_report_asks_and_a_replica_answers(monkeypatch: Any) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Worker) is None  # outside a report: the primary
    monkeypatch.setattr(replica, "_replica_reachable", lambda: True)
    with replica_reads() as using:
        assert using is True
        assert router.db_for_read(Worker) == REPLICA
        assert router.db_for_read(CoverageSnapshot) == REPLICA
        # Sessions, users, the cache with its rate counters, the task queue: always current.
        from django.contrib.sessions.models import Session
        from django_tasks_db.models import DBTaskResult

        from lindung.accounts.models import User

        for model in (Session, User, DBTaskResult):
            assert router.db_for_read(model) is None, model
        assert router.db_for_write(Worker) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Worker) is None
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "workers") and not router.allow_migrate(REPLICA, "workers")


@pytest.mark.django_db
def test_inside_a_transaction_reads_its_own_writes_on_the_primary(monkeypatch: Any) -> None:
    monkeypatch.setattr(replica, "_replica_reachable", lambda: True)
    router = ReplicaRouter()
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Worker) is None


def test_without_a_configured_replica_nothing_changes() -> None:
    with replica_reads() as using:
        assert using is False
        assert ReplicaRouter().db_for_read(Worker) is None


def test_the_replica_url_needs_a_postgresql_primary(tmp_path: Path) -> None:
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env |= {"LINDUNG_VAR_DIR": str(tmp_path), "DATABASE_REPLICA_URL": "postgres://u@127.0.0.1:5433/x"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='lindung.settings'; django.setup()",
        ],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0 and "DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL" in done.stderr


# --- a real streaming replica ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Replica:
    """A hot standby of the test's PostgreSQL server in a temporary directory, on its own port."""

    def __init__(self) -> None:
        db = settings.DATABASES["default"]
        self.host, self.port, self.user = db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432), db["USER"]
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            major = int(cursor.fetchone()[0]) // 10000
            cursor.execute("SHOW wal_level")
            self.wal_level = cursor.fetchone()[0]
            # A hot standby refuses to start with fewer of these than its primary.
            self.limits = {}
            for name in ("max_connections", "max_worker_processes", "max_wal_senders",
                         "max_prepared_transactions", "max_locks_per_transaction"):  # fmt: skip
                cursor.execute(f"SHOW {name}")
                self.limits[name] = cursor.fetchone()[0]
        self.bin = Path(f"/usr/lib/postgresql/{major}/bin")
        self.as_postgres = os.geteuid() == 0  # the server refuses to run as root
        self.dir = Path(tempfile.mkdtemp(prefix="lindung-replica-"))
        self.data = self.dir / "data"
        self.new_port = _free_port()
        # A slot keeps the primary's WAL until the replica has it: without one, a busy primary may recycle the
        # segment the copy ends at before the replica starts streaming ("requested WAL segment … removed").
        self.slot = f"lindung_test_{os.getpid()}_{self.new_port}"
        self.running = False

    def _run(self, *command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        return subprocess.run(  # noqa: S603 — PostgreSQL's own tools with our arguments
            [*prefix, *command], capture_output=True, text=True, timeout=timeout, check=False
        )

    def start(self) -> None:
        missing = [t for t in ("pg_basebackup", "pg_ctl") if not (self.bin / t).exists()]
        if missing:
            pytest.skip(f"no PostgreSQL server binaries in {self.bin} ({', '.join(missing)})")
        if self.wal_level not in ("replica", "logical"):
            pytest.skip(
                f"the primary has wal_level={self.wal_level}; a streaming replica needs wal_level=replica"
            )
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.dir.chmod(0o700)
        backup = self._run(
            str(self.bin / "pg_basebackup"),
            *("-h", self.host, "-p", str(self.port), "-U", self.user),
            *("-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast", "-C", "-S", self.slot),
        )
        if backup.returncode != 0:
            if "pg_hba.conf" in backup.stderr or "replication" in backup.stderr:
                pytest.skip(
                    "the primary refuses replication connections; add "
                    "'host replication all 127.0.0.1/32 <method>' to pg_hba.conf and reload: "
                    + backup.stderr.strip()[-300:]
                )
            raise AssertionError(backup.stderr)
        # A Debian cluster keeps its configuration in /etc: the copy has none, so give it the least it needs.
        for name, text in {
            "postgresql.conf": "",
            "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
            "pg_ident.conf": "",
        }.items():
            path = self.data / name
            if not path.exists():
                self._run("sh", "-c", f"printf '%s' '{text}' > {path}")
        options = [
            f"-p {self.new_port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.dir}",
        ]
        options += ["-c hot_standby=on", "-c ssl=off", "-c logging_collector=off"]
        options += [f"-c {name}={value}" for name, value in self.limits.items()]
        started = self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"),
            "-w", "-t", "120", "-o", " ".join(options), "start",
        )  # fmt: skip
        if started.returncode != 0:
            log = (self.dir / "server.log").read_text() if (self.dir / "server.log").exists() else ""
            raise AssertionError(started.stdout + started.stderr + log[-2000:])
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run(
                str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60
            )
            pidfile = self.data / "postmaster.pid"
            if pidfile.exists():  # pg_ctl could not stop it: the server's own pid, never a guess
                os.kill(int(pidfile.read_text().split()[0]), 9)
        # The slot must not outlive the test: it would keep the shared server's WAL for ever.
        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as c:
            c.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s",
                [self.slot],
            )
        shutil.rmtree(self.dir, ignore_errors=True)

    def query(self, sql: str, params: Any = ()) -> Any:
        with psycopg.connect(
            host="127.0.0.1", port=self.new_port, user=self.user, dbname=connection.settings_dict["NAME"],
            autocommit=True,
        ) as conn:  # fmt: skip
            row = conn.execute(sql, params).fetchone()
        return row[0] if row else None


def wait_for(check: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def standby(settings: Any, monkeypatch: Any) -> Iterator[Replica]:
    if not ON_PG:
        pytest.skip("a streaming replica is PostgreSQL's; this run is on SQLite")
    server = Replica()
    local: Any = getattr(connections, "_connections")  # noqa: B009 — the handler's per-thread connections
    try:
        server.start()
        # The running site's view of it, as DATABASE_REPLICA_URL would give: a connection `replica` beside the
        # primary, and the router. The connection is made here rather than listed in DATABASES, which the test
        # framework would otherwise create, flush and guard as a database of its own.
        from django.db.backends.postgresql.base import DatabaseWrapper

        config = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": server.new_port}
        setattr(local, REPLICA, DatabaseWrapper(config, alias=REPLICA))
        for module in (replica, core_views):
            monkeypatch.setattr(module, "replica_configured", lambda: True)
        settings.DATABASE_ROUTERS = ["lindung.core.replica.ReplicaRouter"]
        yield server
    finally:
        if hasattr(local, REPLICA):
            connections[REPLICA].close()
            delattr(local, REPLICA)
        server.stop()


@pytest.mark.django_db(transaction=True)
def test_a_real_replica_serves_the_dashboard_and_the_primary_everything_else(
    standby: Replica, personas
) -> None:
    # A write on the primary reaches the replica by streaming.
    worker = make_worker(name="Siti Aminah")
    assert wait_for(lambda: standby.query("SELECT count(*) FROM workers_worker WHERE nik = %s", [worker.nik]),
                    120, "the worker on the replica")  # fmt: skip
    assert standby.query("SELECT pg_is_in_recovery()") is True

    # Reads inside replica_reads() go to the replica: with its replay paused, a new worker is not there yet.
    standby.query("SELECT pg_wal_replay_pause()")
    late = make_worker(name="Budi Santoso")
    with replica_reads() as using:
        assert using is True
        assert not Worker.objects.filter(pk=late.pk).exists()
    assert Worker.objects.filter(pk=late.pk).exists()  # the primary has it
    standby.query("SELECT pg_wal_replay_resume()")
    with replica_reads():
        wait_for(lambda: Worker.objects.filter(pk=late.pk).exists(), 120, "the replay to resume")

    # The dashboard reads its figures from the replica; the session and the user come from the primary.
    client = login(personas["admin"])
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connection) as on_primary,
    ):
        assert client.get("/laporan/").status_code == 200
    replica_sql = " ".join(q["sql"] for q in on_replica.captured_queries)
    primary_sql = " ".join(q["sql"] for q in on_primary.captured_queries)
    assert "reports_" in replica_sql and "reports_coveragesnapshot" not in primary_sql
    assert "django_session" in primary_sql and "django_session" not in replica_sql
    # A worker's own page is read-your-write: never the replica.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(f"/pekerja/{worker.pk}/").status_code == 200
    assert on_replica.captured_queries == []

    # /sehat/ shows the replica: a standby, and how far behind it is.
    body = client.get("/sehat/").json()
    assert body["checks"]["replica"]["ok"] is True and body["checks"]["replica"]["standby"] is True
    assert isinstance(body["checks"]["replica"]["behind_bytes"], int)
