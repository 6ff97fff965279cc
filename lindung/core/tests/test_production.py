"""The production path's pieces that can be checked without starting the stack: the config files (nginx -t,
systemd-analyze verify, gunicorn's config, Django's deploy check), JSON log lines and the first admin.

The whole stack — gunicorn behind nginx with TLS, two workers, the scheduler — is started and smoke-tested
by `deploy/up.sh` and `deploy/up.sh smoke` (README, "Produksi"; in CI when CI_PRODUCTION_SMOKE=1).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lindung.accounts.models import Role, User
from lindung.audit.models import AuditEvent
from lindung.conftest import make_worker
from lindung.core.logformat import JsonFormatter

ROOT = Path(__file__).resolve().parents[3]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG"} and not k.startswith("PYTEST")
    }
    return env | {"LINDUNG_VAR_DIR": str(tmp_path), "SECRET_KEY": secrets.token_urlsafe(50), **extra}


@pytest.mark.skipif(
    not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists(), reason="apt-get install nginx-light"
)
def test_the_config_files_pass_their_own_checks(tmp_path: Path) -> None:
    done = subprocess.run(
        ["bash", "deploy/up.sh", "check"],  # noqa: S607 — bash from PATH, our own script
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nginx -t: benar" in done.stdout
    site = (tmp_path / "run" / "nginx" / "lindung-site.conf").read_text()
    assert not re.search(r"@[A-Z_]+@", site)  # every placeholder filled
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site  # replaced, never the client's own list


def _check_units(tmp_path: Path, *folder: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 — our own script on a folder of units the test made
        ["bash", "deploy/up.sh", "check-units", *folder],  # noqa: S607 — bash from PATH, our own script
        cwd=ROOT,
        env=_env(tmp_path, LINDUNG_VENV=str(Path(sys.executable).parent.parent)),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(
    not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed (package systemd)"
)
def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    """The units rendered as a deployer installs them (this checkout for /opt/lindung, this venv's programs)."""
    done = _check_units(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "systemd-analyze verify: benar" in done.stdout
    # The check reads what it is given: a misspelt key (which systemd only warns about) and a program that
    # does not exist each fail it.
    for unit, old, new, finding in [
        ("lindung-scheduler.service", "Restart=always", "Restrat=always", "Unknown key 'Restrat'"),
        ("lindung-worker@.service", ".venv/bin/python", ".venv/bin/pyhton", "pyhton is not executable"),
    ]:
        units = tmp_path / f"units-{unit}"
        shutil.copytree(ROOT / "deploy" / "systemd", units)
        text = (units / unit).read_text()
        assert old in text
        (units / unit).write_text(text.replace(old, new))
        done = _check_units(tmp_path, str(units))
        assert done.returncode != 0 and finding in done.stderr, done.stdout + done.stderr


@pytest.mark.django_db(transaction=True)  # the script's own processes read the test database
def test_restore_check_finds_the_people_in_a_backup_restored_into_a_new_database(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("deploy/up.sh restore-check makes a new PostgreSQL database")
    if not shutil.which("pg_restore"):
        pytest.skip("pg_dump and pg_restore are not installed (package postgresql-client)")
    worker = make_worker()
    db = connection.settings_dict
    login = db["USER"] + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    url = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    absent = worker.nik[:12] + "9999"
    done = subprocess.run(  # noqa: S603 — our own script
        ["bash", "deploy/up.sh", "restore-check", worker.nik, absent],  # noqa: S607
        cwd=ROOT,
        env=_env(tmp_path, DATABASE_URL=url, LINDUNG_VENV=str(Path(sys.executable).parent.parent)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The backup was taken and restored: the first person is there, the made-up NIK is not, and that fails it.
    assert len(list((tmp_path / "backups").glob("lindung-*.backup"))) == 1, done.stdout + done.stderr
    assert "dipulihkan: 1 pekerja, 0 kepesertaan" in done.stdout, done.stdout + done.stderr
    assert f"pemohon {worker.masked_nik}: {worker.status}" in done.stdout
    assert done.returncode == 1 and f"NIK {absent[:6]}… tidak ada" in done.stderr
    with connection.cursor() as cursor:  # the scratch database is dropped after a failure too
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{db['NAME']}_pulih_%"])
        assert cursor.fetchall() == []


def test_gunicorn_loads_its_config_and_the_app_with_json_logs(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603 — the venv's gunicorn
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--check-config",
            "-c",
            "deploy/gunicorn.conf.py",
            "lindung.wsgi:application",
        ],
        cwd=ROOT,
        env=_env(tmp_path, LINDUNG_LOG_FORMAT="json"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _record(name: str, msg: str, args: Any = None, **extra: Any) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_json_lines_keep_the_path_but_never_the_query_string() -> None:
    class Request:
        method, path = "GET", "/pekerja/"

    line = json.loads(
        JsonFormatter().format(
            _record(
                "django.request",
                "Forbidden: %s",
                ("/pekerja/?q=1606014503900001",),
                request=Request(),
                status_code=403,
            )
        )
    )
    assert (line["level"], line["logger"], line["path"], line["status"]) == (
        "info",
        "django.request",
        "/pekerja/",
        403,
    )
    # gunicorn's access line: its atoms become fields; %(U)s is the path alone.
    atoms = {
        "h": "127.0.0.1",
        "m": "GET",
        "U": "/pekerja/",
        "q": "q=1606014503900001",
        "s": "200",
        "B": "512",
        "M": "12",
    }
    access = json.loads(JsonFormatter().format(_record("gunicorn.access", "%(h)s %(U)s", atoms)))
    assert access | {"at": None, "pid": None} == {
        "at": None, "pid": None, "level": "info", "logger": "gunicorn.access", "message": "request",
        "remote": "127.0.0.1", "method": "GET", "path": "/pekerja/", "status": 200, "bytes": 512, "duration_ms": 12,
    }  # fmt: skip
    assert "1606014503900001" not in json.dumps(access)


def test_the_log_format_setting(tmp_path: Path) -> None:
    code = "import logging; logging.getLogger('lindung.uji').warning('halo %s', 'dunia')"
    done = subprocess.run(  # noqa: S603 — our own manage.py
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, env=_env(tmp_path, LINDUNG_LOG_FORMAT="json"), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert (line["logger"], line["message"], line["level"]) == ("lindung.uji", "halo dunia", "warning")
    bad = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=_env(tmp_path, LINDUNG_LOG_FORMAT="xml"), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode != 0 and "LINDUNG_LOG_FORMAT must be text or json" in bad.stderr


@pytest.mark.django_db
def test_the_first_admin_comes_from_the_environment(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setenv("LINDUNG_ADMIN_USERNAME", "admin.dinas")
    monkeypatch.setenv("LINDUNG_ADMIN_PASSWORD", "Sandi-Pertama-Yang-Panjang-7")
    call_command("create_admin")
    admin = User.objects.get(username="admin.dinas")
    assert (admin.role, admin.area_id, admin.is_superuser) == (Role.ADMIN_DINAS, "16.06", False)
    assert admin.check_password("Sandi-Pertama-Yang-Panjang-7")
    assert AuditEvent.objects.filter(action="account.create").count() == 1
    # A second start changes nothing, whatever the variable says now.
    monkeypatch.setenv("LINDUNG_ADMIN_PASSWORD", "Sandi-Lain-Yang-Juga-Panjang-8")
    call_command("create_admin")
    assert "sudah ada; tidak diubah" in capsys.readouterr().out
    admin.refresh_from_db()
    assert admin.check_password("Sandi-Pertama-Yang-Panjang-7")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LINDUNG_ADMIN_PASSWORD": ""}, "Isi LINDUNG_ADMIN_USERNAME dan LINDUNG_ADMIN_PASSWORD"),
        ({"LINDUNG_ADMIN_PASSWORD": "12345678901"}, "Kata sandi LINDUNG_ADMIN_PASSWORD ditolak"),
        ({"LINDUNG_ADMIN_AREA": "16.06.01"}, "Wilayah 16.06.01 bukan kabupaten/kota"),
        ({"LINDUNG_ADMIN_AREA": "99.99"}, "Wilayah 99.99 bukan kabupaten/kota"),
    ],
)
def test_a_bad_first_admin_is_refused_with_the_reason(
    monkeypatch: Any, env: dict[str, str], message: str
) -> None:
    monkeypatch.setenv("LINDUNG_ADMIN_USERNAME", "admin.dinas")
    monkeypatch.setenv("LINDUNG_ADMIN_PASSWORD", "Sandi-Pertama-Yang-Panjang-7")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CommandError, match=message):
        call_command("create_admin")
    assert not User.objects.filter(username="admin.dinas").exists()
