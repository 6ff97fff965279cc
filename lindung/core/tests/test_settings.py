"""A bad environment value stops the start with a message that names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    clean.update({"LINDUNG_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lindung.settings", **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'], 'DEBUG', settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_zero_variables_start_on_sqlite_with_a_kept_secret(tmp_path):
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert "DEBUG False" in result.stdout  # an install that forgets DEBUG shows no debug pages
    secret = (tmp_path / "secret_key").read_text()
    assert len(secret) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # private to its owner
    assert start(tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == secret


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "banana"}, "DEBUG must be true or false"),
        ({"LINDUNG_PAGE_SIZE": "lima puluh"}, "LINDUNG_PAGE_SIZE must be a whole number"),
        ({"LINDUNG_KABUPATEN": "Musi"}, "LINDUNG_KABUPATEN must be a Kemendagri kabupaten/kota code"),
        ({"DATABASE_URL": "nonsense://x"}, "DATABASE_URL"),
        ({"LINDUNG_ODK_CENTRAL_URL": "https://central.example"}, "LINDUNG_ODK_CENTRAL_URL"),
        ({"LINDUNG_SCHEDULE_ODK_PULL": "tiap jam"}, "LINDUNG_SCHEDULE_ODK_PULL"),
    ],
)
def test_bad_values_fail_loudly(tmp_path, env, message):
    result = start(tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr
