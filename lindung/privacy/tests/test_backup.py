"""Backup → restore into a fresh database → every table has the same rows (count and checksum)."""

import io
import sqlite3
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from lindung.conftest import BANYUASIN, DESA_A, MUBA, make_worker
from lindung.privacy.backup import table_fingerprints
from lindung.privacy.services import consent_withdraw
from lindung.regions.loader import load_regions, packaged_rows, select
from lindung.regions.models import Region
from lindung.workers.models import Occupation


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test that ran before this one flushed every table, including the regions the
    session loaded once and the occupations the migrations inserted: put back what this test needs."""
    if not Region.objects.filter(code=MUBA).exists():
        load_regions(select(packaged_rows(), MUBA, BANYUASIN))
    Occupation.objects.get_or_create(code="petani", defaults={"name": "Petani"})


@pytest.fixture
def data(reference_data, personas):
    for i in range(30):
        worker = make_worker(DESA_A, name=f"Pekerja {i} ‘Ŝ’", income=1_000_000 + i)
    consent_withdraw(worker=worker, by=personas["desa"], note="catatan ünicode")


def source_fingerprints():
    connection.ensure_connection()
    if connection.vendor != "sqlite":
        return table_fingerprints(connection.connection, "postgresql")
    # A plain sqlite3 connection (no Django type converters), like the one reading the restored copy.
    name = str(connection.settings_dict["NAME"])
    with sqlite3.connect(name, uri=name.startswith("file:")) as raw:
        return table_fingerprints(raw, "sqlite")


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_identical_data(data, tmp_path):
    out = tmp_path / "lindung.backup"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    before = source_fingerprints()
    assert before["workers_worker"][0] == 30 and before["privacy_consentevent"][0] == 1
    if connection.vendor == "sqlite":
        fresh = tmp_path / "fresh.sqlite3"
        call_command("restore", str(out), "--target", f"sqlite:///{fresh}", "--yes", stdout=io.StringIO())
        with sqlite3.connect(fresh) as raw:
            after = table_fingerprints(raw, "sqlite")
    else:
        params = connection.get_connection_params()
        scratch = f"lindung_restore_{uuid.uuid4().hex[:8]}"
        admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password")}
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'CREATE DATABASE "{scratch}"')
        try:
            url = f"postgres://{admin['user']}@{admin.get('host', '127.0.0.1')}:{admin.get('port', 5432)}/{scratch}"
            call_command("restore", str(out), "--target", url, "--yes", stdout=io.StringIO())
            with psycopg.connect(dbname=scratch, **admin) as raw:
                after = table_fingerprints(raw, "postgresql")
        finally:
            with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    assert after == before


def test_restore_asks_for_confirmation_and_a_real_file(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.backup"))
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("restore", str(tmp_path / "x.backup"), "--yes")
