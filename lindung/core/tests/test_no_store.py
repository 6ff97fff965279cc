"""Responses with personal data are not kept by browsers or proxies; HSTS preload only when asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from lindung.conftest import DESA_A, login, make_worker

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def no_store(response: Any) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_pages_files_and_api_answers_are_not_stored(personas: Any) -> None:
    worker = make_worker(DESA_A)
    desa = login(personas["desa"])
    assert no_store(desa.get(f"/pekerja/{worker.pk}/"))
    assert no_store(desa.get("/impor/templat.xlsx"))
    assert no_store(login(personas["admin"]).get("/laporan/daftar/?daftar=pekerja"))
    assert no_store(Client(HTTP_AUTHORIZATION="Bearer salah").get("/api/regions"))
    assert no_store(Client().get("/daftar/"))  # the public form's answer can hold the applicant's data


def test_static_files_keep_their_cache() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200 and not no_store(response)


def _hsts_preload(**env: str) -> str:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "LINDUNG_HSTS_PRELOAD"}
    }
    clean.update(
        {"DJANGO_SETTINGS_MODULE": "lindung.settings", "DEBUG": "false", "SECRET_KEY": "x" * 60, **env}
    )
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"],
        cwd=ROOT.parent,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_preload_only_when_a_setting_asks_for_it(tmp_path: Path) -> None:
    assert _hsts_preload(LINDUNG_VAR_DIR=str(tmp_path)) == "False"
    assert _hsts_preload(LINDUNG_VAR_DIR=str(tmp_path), LINDUNG_HSTS_PRELOAD="true") == "True"
