"""Write checked rows into the registry inside the caller's transaction.

PostgreSQL: COPY the staged CSV straight into workers_worker (the check already proved every NIK new). If a NIK
was registered by someone else since the check, the COPY fails on the unique index; the savepoint is rolled back
and the rows go through a temp table and INSERT … SELECT … ON CONFLICT DO NOTHING instead.
SQLite: batched INSERT OR IGNORE through executemany (bulk_create without building a model per row); the same
with ON CONFLICT DO NOTHING on PostgreSQL when IMPORT_PG_METHOD = "insert" (measured slower than COPY).
Either way the timeline rows are one INSERT … SELECT over the import's workers.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lindung.workers.models import Status, StatusChange, Worker

from .checker import STAGE_FIELDS

CONSTANT_FIELDS = [
    "status",
    "version",
    "import_job_id",
    "created_by_id",
    "created_at",
    "updated_at",
    "consent_version",
]
TEXT_FIELDS = ["kk", "birth_place", "address", "phone", "source_ref", "consent_version"]
NULLABLE = {"occupation_id", "income", "agency_id", "desil"}
BLOCK = 20_000


def _column(name: str) -> str:
    try:
        field = Worker._meta.get_field(name)
    except FieldDoesNotExist:
        field = Worker._meta.get_field(name.removesuffix("_id"))
    return connection.ops.quote_name(str(field.column))  # type: ignore[union-attr]


def _columns() -> str:
    return ", ".join(_column(f) for f in STAGE_FIELDS + CONSTANT_FIELDS)


def write_staged(
    *, staged: Path, job_id: int, user_id: int | None, progress: Callable[[int], None] | None = None
) -> int:
    """Insert the staged rows; return how many workers were created. Must run inside transaction.atomic()."""
    now = timezone.now()
    # IMPORT_PG_METHOD = "insert" switches PostgreSQL to the executemany path (kept to measure against COPY).
    if connection.vendor == "postgresql" and getattr(settings, "IMPORT_PG_METHOD", "copy") == "copy":
        _copy(staged, job_id, user_id, now, progress)
    else:
        _insert(staged, job_id, user_id, now, progress)
    table = connection.ops.quote_name(StatusChange._meta.db_table)
    workers = connection.ops.quote_name(Worker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (worker_id, from_status, to_status, by_id, at, reason, note) "  # noqa: S608
            f"SELECT id, '', %s, %s, %s, '', '' FROM {workers} WHERE import_job_id = %s",
            [Status.DIAJUKAN, user_id, connection.ops.adapt_datetimefield_value(now), job_id],
        )
        return int(cursor.rowcount)


def _blocks(staged: Path, suffix: bytes) -> Iterator[tuple[bytes, int]]:
    with staged.open("rb") as fh:
        while True:
            lines = fh.readlines(4 * 1024 * 1024)
            if not lines:
                return
            yield b"".join(line.rstrip(b"\r\n") + suffix for line in lines), len(lines)


def _copy(
    staged: Path, job_id: int, user_id: int | None, now: Any, progress: Callable[[int], None] | None
) -> None:
    stamp = now.isoformat()
    suffix = f",{Status.DIAJUKAN},1,{job_id},{user_id or ''},{stamp},{stamp},\n".encode()
    not_null = ", ".join(_column(f) for f in TEXT_FIELDS)
    options = f"(FORMAT csv, FORCE_NOT_NULL ({not_null}))"
    table = connection.ops.quote_name(Worker._meta.db_table)
    import psycopg

    raw = connection.connection
    try:
        with (
            transaction.atomic(),
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({_columns()}) FROM STDIN WITH {options}") as copy,
        ):
            done = 0
            for block, count in _blocks(staged, suffix):
                copy.write(block)
                done += count
                if progress:
                    progress(done)
        return
    except (IntegrityError, psycopg.IntegrityError):
        pass  # a NIK was registered since the check: fall back to the conflict-tolerant path below

    with raw.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE import_rows ON COMMIT DROP AS SELECT {_columns()} FROM {table} WITH NO DATA"  # noqa: S608
        )
        with cursor.copy(f"COPY import_rows ({_columns()}) FROM STDIN WITH {options}") as copy:
            for block, _count in _blocks(staged, suffix):
                copy.write(block)
        cursor.execute(
            psycopg.sql.SQL(
                "INSERT INTO {table} ({cols}) SELECT {cols} FROM import_rows ON CONFLICT DO NOTHING"
            ).format(table=psycopg.sql.SQL(table), cols=psycopg.sql.SQL(_columns()))
        )
        cursor.execute("DROP TABLE import_rows")


def _insert(
    staged: Path, job_id: int, user_id: int | None, now: Any, progress: Callable[[int], None] | None
) -> None:
    stamp = connection.ops.adapt_datetimefield_value(now)
    constants = [Status.DIAJUKAN, 1, job_id, user_id, stamp, stamp, ""]
    nullable = [i for i, f in enumerate(STAGE_FIELDS) if f in NULLABLE]
    fields = STAGE_FIELDS + CONSTANT_FIELDS
    table = connection.ops.quote_name(Worker._meta.db_table)
    values = ", ".join(["%s"] * len(fields))
    if connection.vendor == "sqlite":
        sql = f"INSERT OR IGNORE INTO {table} ({_columns()}) VALUES ({values})"  # noqa: S608
    else:
        sql = f"INSERT INTO {table} ({_columns()}) VALUES ({values}) ON CONFLICT DO NOTHING"  # noqa: S608
    done = 0
    with staged.open(newline="", encoding="utf-8") as fh, connection.cursor() as cursor:
        batch: list[list[Any]] = []
        for row in csv.reader(fh):
            for i in nullable:
                if row[i] == "":
                    row[i] = None  # type: ignore[call-overload]
            batch.append(row + constants)
            if len(batch) >= BLOCK:
                cursor.executemany(sql, batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            cursor.executemany(sql, batch)
