"""Write checked rows into the registry inside the caller's transaction.

PostgreSQL: COPY the staged CSV into a temp table, then INSERT … SELECT it into workers_worker in name order (see
_copy for why). The check already proved every NIK new; if a NIK was registered by someone else since, the move
fails on the unique index, its savepoint is rolled back and it runs again with ON CONFLICT DO NOTHING.
SQLite: the staged rows go through executemany into a TEMP table without indexes, then one INSERT OR IGNORE …
SELECT … ORDER BY name moves them into workers_worker (see _insert_sqlite for why). On PostgreSQL,
IMPORT_PG_METHOD = "insert" writes with executemany and ON CONFLICT DO NOTHING instead (measured slower than COPY).
The number of workers created is the sum of the INSERTs' rowcounts, which leave out the rows a conflict skipped
(free, where one COUNT over import_job_id afterwards costs about 0.02 s of server CPU per 100,000 rows).

No StatusChange row per worker: the import's one audit event (import.commit) records the file, and the worker
page tells an imported worker's first entry from the row itself (created_at, created_by, source, import_job_id;
see workers/timeline.py). On a 100,000-row commit into PostgreSQL that INSERT … SELECT took 0.8 s of server CPU,
plus its two foreign-key checks per row at COMMIT.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from lindung.workers.models import Status, Worker

from .results import STAGE_FIELDS

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
# SQLite page cache for the commit (KiB), instead of the 2 MB default: see _insert_sqlite.
SQLITE_COMMIT_CACHE_KIB = 64 * 1024
# How long a first load waits for the registry's exclusive lock before it writes row by row instead.
LOCK_WAIT = "5s"
MAINTENANCE_WORK_MEM = "256MB"


def _column(name: str) -> str:
    try:
        field = Worker._meta.get_field(name)
    except FieldDoesNotExist:
        field = Worker._meta.get_field(name.removesuffix("_id"))
    return connection.ops.quote_name(str(field.column))  # type: ignore[union-attr]


def _columns() -> str:
    return ", ".join(_column(f) for f in STAGE_FIELDS + CONSTANT_FIELDS)


def write_staged(
    *,
    staged: Path,
    job_id: int,
    user_id: int | None,
    rows: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert the staged rows; return how many workers were created. Must run inside transaction.atomic().

    `rows` (how many the staged file holds) lets a first load into a registry smaller than the file build the
    registry's secondary indexes afterwards instead of updating them row by row (PostgreSQL): see
    _copy_rebuilding.
    """
    now = timezone.now()
    # IMPORT_PG_METHOD = "insert" switches PostgreSQL to the executemany path (kept to measure against COPY).
    if connection.vendor == "sqlite":
        return _insert_sqlite(staged, job_id, user_id, now)  # one writer: no progress to report
    if getattr(settings, "IMPORT_PG_METHOD", "copy") == "copy":
        if rows and getattr(settings, "IMPORT_REBUILD_INDEXES", True) and _registry_smaller_than(rows):
            written = _copy_rebuilding(staged, job_id, user_id, now, progress)
            if written is not None:
                return written
        return _copy(staged, job_id, user_id, now, progress)
    return _insert(staged, job_id, user_id, now, progress)


def _registry_smaller_than(rows: int) -> bool:
    """Counts at most `rows` workers: a small file into a large registry costs no full count."""
    return Worker.objects.order_by()[:rows].count() < rows


def _blocks(staged: Path, suffix: bytes) -> Iterator[tuple[bytes, int]]:
    with staged.open("rb") as fh:
        while True:
            lines = fh.readlines(4 * 1024 * 1024)
            if not lines:
                return
            yield b"".join(line.rstrip(b"\r\n") + suffix for line in lines), len(lines)


def _copy(
    staged: Path, job_id: int, user_id: int | None, now: Any, progress: Callable[[int], None] | None
) -> int:
    """COPY the staged rows into a temp table, then move them into workers_worker in name order, in blocks.

    Why not COPY straight into workers_worker: at a million rows its twelve indexes no longer fit in shared
    buffers, and rows in file order update them at random pages (evictions, a full-page image in the WAL for
    each). In (kabupaten, name) order, four of them (kabupaten/kecamatan/desa + name, name key) grow at a few
    hot pages. Measured on a million rows, server CPU: 67 s to COPY; 45 s to stage, sort and move; 15% less WAL.
    Blocks give the page its progress; one savepoint around the move keeps the conflict fallback. The move
    runs without the per-row foreign-key triggers where the role may (see _keys_checked_once): the
    keys are locked and checked once per distinct value afterwards, which is as safe without the table lock
    (a key deleted by someone else before the lock is missing from the check; after it, the delete waits).
    """
    stamp = now.isoformat()
    suffix = f",{Status.DIAJUKAN},1,{job_id},{user_id or ''},{stamp},{stamp},\n".encode()
    not_null = ", ".join(_column(f) for f in TEXT_FIELDS)
    options = f"(FORMAT csv, FORCE_NOT_NULL ({not_null}))"
    columns = _columns()
    order = f"{_column('kabupaten_id')}, {_column('name')}"
    table = connection.ops.quote_name(Worker._meta.db_table)
    with connection.cursor() as cursor:
        # The sort below is of the whole file (~300 bytes a row); more memory than the 4 MB default keeps it
        # from spilling into many small runs. Only for this transaction.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(
            f"CREATE TEMP TABLE import_rows ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        )
        with cursor.copy(f"COPY import_rows ({columns}) FROM STDIN WITH {options}") as copy:
            for block, _count in _blocks(staged, suffix):
                copy.write(block)
        cursor.execute(
            "CREATE TEMP TABLE import_sorted ON COMMIT DROP AS "  # noqa: S608
            f"SELECT row_number() OVER (ORDER BY {order}) AS n, {columns} FROM import_rows"
        )
        total = int(cursor.rowcount)
        cursor.execute("DROP TABLE import_rows")
        cursor.execute("CREATE INDEX ON import_sorted (n)")

        def move(on_conflict: str) -> int:
            written = 0
            for start in range(0, total, BLOCK):
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM import_sorted "  # noqa: S608
                    f"WHERE n > %s AND n <= %s ORDER BY n{on_conflict}",
                    [start, start + BLOCK],
                )
                written += cursor.rowcount
                if progress:
                    progress(min(start + BLOCK, total))
            return written

        with _keys_checked_once(cursor, table, job_id):
            try:
                with transaction.atomic():
                    written = move("")
            except IntegrityError:
                # A NIK was registered since the check: that row is skipped (and not counted).
                written = move(" ON CONFLICT DO NOTHING")
        cursor.execute("DROP TABLE import_sorted")
    return written


def _copy_rebuilding(
    staged: Path, job_id: int, user_id: int | None, now: Any, progress: Callable[[int], None] | None
) -> int | None:
    """COPY straight into workers_worker without its secondary indexes, then build them: a first load.

    Updating a dozen indexes row by row is most of a commit's server time (at 100,000 rows into an empty
    registry, server CPU: 5.4 s that way, COPY without them 0.7 s and building them afterwards 1.0 s); a built
    index is sorted once. Its price is the table's ACCESS EXCLUSIVE lock until the commit ends, which also stops
    readers of the registry (lists, search, the public status page) for that long, where the row-by-row path only
    locks the rows it adds. So write_staged takes this path only while the registry holds fewer rows than the
    file — a first load, when the rebuild costs no more than the rows themselves — and gives up, returning None
    for the row-by-row path, if the lock is not granted within LOCK_WAIT (someone is reading a long list).
    The foreign keys stay: dropping one would lock the table it points at (users, regions) as well. Their
    per-row triggers are off during the COPY where the database role may switch them off, and the keys are
    checked once per distinct value afterwards (_keys_checked_once).
    Everything runs in a savepoint, so a NIK registered since the check (the unique index will not build)
    rolls back to the intact table and returns None too. Index definitions are read back from the catalogue,
    so they come back exactly as the migrations made them.
    """
    table = connection.ops.quote_name(Worker._meta.db_table)
    stamp = now.isoformat()
    suffix = f",{Status.DIAJUKAN},1,{job_id},{user_id or ''},{stamp},{stamp},\n".encode()
    not_null = ", ".join(_column(f) for f in TEXT_FIELDS)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if not _lock_exclusive(cursor, table):
            return None
        try:
            with transaction.atomic():
                indexes, constraints, deferred = _secondary_indexes(cursor)
                # DROP/CREATE INDEX and ALTER TABLE refuse to run while foreign-key checks of rows written in
                # this transaction wait for COMMIT: the keys check each statement's rows at its end instead
                # (the same checks), and are deferred again afterwards.
                keys = ", ".join(quote(n) for n in deferred)
                if keys:
                    cursor.execute(f"SET CONSTRAINTS {keys} IMMEDIATE")
                for name, _definition in constraints:
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                for name, _definition in indexes:
                    cursor.execute(f"DROP INDEX {name}")
                written = 0
                with (
                    _keys_checked_once(cursor, table, job_id),
                    cursor.copy(
                        f"COPY {table} ({_columns()}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({not_null}))"
                    ) as copy,
                ):
                    for block, count in _blocks(staged, suffix):
                        copy.write(block)
                        written += count
                        if progress:
                            progress(written)
                # Enough memory to sort each index in memory rather than in temporary files (this transaction).
                cursor.execute(
                    "SELECT set_config('maintenance_work_mem', %s, true) "
                    "WHERE pg_size_bytes(current_setting('maintenance_work_mem')) < pg_size_bytes(%s)",
                    [MAINTENANCE_WORK_MEM, MAINTENANCE_WORK_MEM],
                )
                for _name, definition in indexes:
                    cursor.execute(definition)
                for name, definition in constraints:
                    cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
                if keys:
                    cursor.execute(f"SET CONSTRAINTS {keys} DEFERRED")
        except IntegrityError:
            return None  # a NIK was registered since the check: the row-by-row path skips that row
    return written


@contextmanager
def _keys_checked_once(cursor: Any, table: str, job_id: int) -> Iterator[None]:
    """Run the block's writing statements without the per-row foreign-key triggers, if the database role may,
    and check the keys of the import's rows once per distinct value after it (_check_references).

    Each foreign key fires a trigger for every row written (COPY or INSERT): five per row here (desa,
    occupation, created_by, and agency and merged_into, which are empty), 12 of the 18 s a million-row COPY took
    (server CPU, measured with psql on this machine). `session_replication_role = replica` is how pg_restore
    loads data without them; it needs a superuser or, from PostgreSQL 15, `GRANT SET ON PARAMETER
    session_replication_role`. Without that right the triggers check every row as before. The setting is
    local to the transaction and switched back right after the block; if the block fails, the rollback that
    follows undoes it too.
    """
    try:
        with transaction.atomic():
            cursor.execute("SELECT set_config('session_replication_role', 'replica', true)")
    except DatabaseError:
        yield
        return
    yield
    cursor.execute("SELECT set_config('session_replication_role', 'origin', true)")
    _check_references(cursor, table, job_id)


def _check_references(cursor: Any, table: str, job_id: int) -> None:
    """What the foreign-key triggers would have checked, for the rows of this import: every key they hold
    exists in the table it points at. Each distinct key is locked (FOR KEY SHARE, as the triggers lock it), so
    none can be deleted before this transaction ends. A missing one raises IntegrityError, and the caller's
    savepoint takes the rows back out."""
    cursor.execute(
        "SELECT a.attname, c.confrelid::regclass::text, f.attname FROM pg_constraint c "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1] "
        "WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1",
        [Worker._meta.db_table],
    )
    keys_of = cursor.fetchall()
    if not keys_of:
        return
    quote = connection.ops.quote_name
    columns = [quote(column) for column, _target, _target_column in keys_of]
    # Every column's distinct values in one pass over the rows: one grouping set per column, told apart by
    # GROUPING(), whose bit for a column is 0 in the set that groups by it.
    sets = ", ".join(f"({c})" for c in columns)
    cursor.execute(
        f"SELECT GROUPING({', '.join(columns)}), {', '.join(columns)} FROM {table} "  # noqa: S608
        f"WHERE {_column('import_job_id')} = %s GROUP BY GROUPING SETS ({sets})",
        [job_id],
    )
    found: list[list[Any]] = [[] for _ in columns]
    last = len(columns) - 1
    for bits, *values in cursor.fetchall():
        at = next(k for k in range(len(columns)) if not bits >> (last - k) & 1)
        if values[at] is not None:
            found[at].append(values[at])
    for (column, target, target_column), keys in zip(keys_of, found, strict=True):
        if not keys:
            continue
        cursor.execute(
            f"SELECT {quote(target_column)} FROM {target} "  # noqa: S608
            f"WHERE {quote(target_column)} = ANY(%s) FOR KEY SHARE",
            [keys],
        )
        if len(cursor.fetchall()) < len(keys):
            raise IntegrityError(f"{table}.{column}: a key the rows hold is missing from {target}")


def _lock_exclusive(cursor: Any, table: str) -> bool:
    """Take the table's ACCESS EXCLUSIVE lock if it is granted within LOCK_WAIT (waiting longer would stop
    every reader queued behind this request too)."""
    cursor.execute("SELECT current_setting('lock_timeout')")
    previous = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_WAIT])
    try:
        with transaction.atomic():
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    except OperationalError:
        return False
    finally:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return True


def _secondary_indexes(cursor: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """workers_worker's indexes other than the primary key: (name, CREATE INDEX …) of the plain ones,
    (name, UNIQUE (…)) of those that back a constraint, and the names of its deferred foreign keys."""
    table = Worker._meta.db_table
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), c.conname, "
        "pg_get_constraintdef(c.oid) FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
        "AND c.conrelid = i.indrelid AND c.contype IN ('u', 'x') "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary ORDER BY 1",
        [table],
    )
    indexes, constraints = [], []
    for name, definition, constraint, constraint_definition in cursor.fetchall():
        if constraint:
            constraints.append((constraint, constraint_definition))
        else:
            indexes.append((name, definition))
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' AND condeferred",
        [table],
    )
    return indexes, constraints, [name for (name,) in cursor.fetchall()]


def _insert(
    staged: Path, job_id: int, user_id: int | None, now: Any, progress: Callable[[int], None] | None
) -> int:
    stamp = connection.ops.adapt_datetimefield_value(now)
    constants = [Status.DIAJUKAN, 1, job_id, user_id, stamp, stamp, ""]
    nullable = [i for i, f in enumerate(STAGE_FIELDS) if f in NULLABLE]
    fields = STAGE_FIELDS + CONSTANT_FIELDS
    table = connection.ops.quote_name(Worker._meta.db_table)
    values = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({_columns()}) VALUES ({values}) ON CONFLICT DO NOTHING"  # noqa: S608
    done = written = 0
    with staged.open(newline="", encoding="utf-8") as fh, connection.cursor() as cursor:
        batch: list[list[Any]] = []
        for row in csv.reader(fh):
            for i in nullable:
                if row[i] == "":
                    row[i] = None  # type: ignore[call-overload]
            batch.append(row + constants)
            if len(batch) >= BLOCK:
                cursor.executemany(sql, batch)
                written += cursor.rowcount  # psycopg sums the rows of every statement
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            cursor.executemany(sql, batch)
            written += cursor.rowcount
    return written


def _insert_sqlite(staged: Path, job_id: int, user_id: int | None, now: Any) -> int:
    """Stage the rows in a TEMP table, then move them into workers_worker with one INSERT … SELECT.

    Measured on a million rows (the registry's twelve indexes), CPU time: executemany straight into
    workers_worker 75 s; through the temp table in name order 43 s; with a 64 MB page cache 30 s. The temp
    table has no index, so executemany there is cheap; the single statement then writes in (kabupaten, name)
    order, so four of the indexes (kabupaten/kecamatan/desa + name, name key) grow at a few hot pages instead of
    at random ones; and the cache keeps the pages of the rest in memory. 128 and 256 MB were no faster and
    raised the process's peak memory to 320 and 600 MB. Empty nullable cells become NULL in SQL.
    Dropping the indexes for a first load and building them after the rows (as on PostgreSQL) was measured no
    faster here: 100,000 rows, CPU 1.9–2.1 s either way.
    """
    table = connection.ops.quote_name(Worker._meta.db_table)
    fields = [_column(f) for f in STAGE_FIELDS]
    # TEXT columns keep every staged value exactly as written; workers_worker's own column types apply on the move.
    temp_columns = ", ".join(f"{f} TEXT" for f in fields)
    moved = ", ".join(
        f"NULLIF({c}, '')" if f in NULLABLE else c for f, c in zip(STAGE_FIELDS, fields, strict=True)
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_COMMIT_CACHE_KIB}")
        try:
            cursor.execute("DROP TABLE IF EXISTS temp.import_rows")
            cursor.execute(f"CREATE TEMP TABLE import_rows ({temp_columns})")
            with staged.open(newline="", encoding="utf-8") as fh:
                reader = csv.reader(fh)
                while batch := list(islice(reader, BLOCK)):
                    cursor.executemany(f"INSERT INTO temp.import_rows VALUES ({marks})", batch)  # noqa: S608
            cursor.execute(
                f"INSERT OR IGNORE INTO {table} ({_columns()}) "  # noqa: S608
                f"SELECT {moved}, %s, %s, %s, %s, %s, %s, %s FROM temp.import_rows "
                f"ORDER BY {_column('kabupaten_id')}, {_column('name')}",
                [Status.DIAJUKAN, 1, job_id, user_id, stamp, stamp, ""],
            )
            written = int(cursor.rowcount)  # the rows INSERT OR IGNORE skipped are not counted
            cursor.execute("DROP TABLE temp.import_rows")
        finally:
            cursor.execute(f"PRAGMA cache_size = {previous}")
    return written
