"""Backup and restore of the whole database: SQLite through its online backup API, PostgreSQL through
pg_dump/pg_restore (custom format). Both are consistent snapshots taken while the application runs."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import dj_database_url
from django.db import connection


class BackupError(Exception):
    pass


def database_config(url: str | None = None) -> dict[str, Any]:
    """The configured database, or the one a URL names (restore into a scratch database)."""
    if url:
        return dict(dj_database_url.parse(url))
    return dict(connection.settings_dict)


def _kind(config: dict[str, Any]) -> str:
    engine = config["ENGINE"]
    if "sqlite3" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Jenis basis data tidak didukung: {engine}")


def _pg_env(config: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if config.get(key):
            env[var] = str(config[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Program {name} tidak ditemukan; pasang paket klien PostgreSQL (postgresql-client)."
        )
    return path


def backup(out: Path) -> None:
    config = database_config()
    if _kind(config) == "sqlite":
        # The backup API copies page by page under SQLite's own locking: safe while others write (WAL too).
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return
    args = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(out)]
    _run([*args, str(config["NAME"])], config)


def restore(source: Path, url: str | None = None) -> None:
    """Replace the contents of the configured database (or the one `url` names) with the backup."""
    if not source.exists():
        raise BackupError(f"Berkas cadangan {source} tidak ada.")
    config = database_config(url)
    if _kind(config) == "sqlite":
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if url is None:
                connection.ensure_connection()
                src.backup(connection.connection)
            else:
                target = sqlite3.connect(config["NAME"])
                try:
                    src.backup(target)
                finally:
                    target.close()
        finally:
            src.close()
        return
    if url is None:
        connection.close()  # pg_restore --clean drops tables this process may hold open
    args = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
    ]
    _run([*args, "--dbname", str(config["NAME"]), str(source)], config)


def _run(args: list[str], config: dict[str, Any]) -> None:
    result = subprocess.run(args, env=_pg_env(config), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} gagal: {result.stderr.strip()[:2000]}")


def table_fingerprints(raw: Any, kind: str) -> dict[str, tuple[int, str]]:
    """(row count, sha256 of every row) per table, on a DB-API connection: compares two databases."""
    cursor = raw.cursor()
    if kind == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        select = 'SELECT * FROM "{table}"'
    else:
        cursor.execute("SET TIME ZONE 'UTC'")
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        # The row's own text form: the same whatever type adapters the client connection has.
        select = 'SELECT t::text FROM "{table}" t'
    tables = sorted(r[0] for r in cursor.fetchall())
    result = {}
    for table in tables:
        cursor.execute(select.format(table=table))
        rows = sorted(repr(tuple(r)) for r in cursor.fetchall())
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        result[table] = (len(rows), digest)
    return result
