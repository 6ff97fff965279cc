"""A large import commit on PostgreSQL is followed by VACUUM (ANALYZE) of the worker table."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from lindung.imports.engine import vacuum_after_import

POSTGRESQL = connection.vendor == "postgresql"
pytestmark = pytest.mark.skipif(not POSTGRESQL, reason="VACUUM and the visibility map are PostgreSQL's")
# Outside a transaction (VACUUM cannot run in one); on SQLite, where these are skipped, no transactional marker,
# so the suite does not restore reference data into a database it never made.
OUTSIDE_A_TRANSACTION = pytest.mark.django_db(transaction=POSTGRESQL)


def vacuum_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'workers_worker'")
        return int(cursor.fetchone()[0])


@OUTSIDE_A_TRANSACTION
def test_a_large_commit_vacuums_the_worker_table(settings: Any) -> None:
    settings.IMPORT_VACUUM_ROWS = 100
    before = vacuum_count()
    assert vacuum_after_import(99) is False
    assert vacuum_count() == before
    assert vacuum_after_import(100) is True
    assert vacuum_count() == before + 1


@OUTSIDE_A_TRANSACTION
def test_the_vacuum_can_be_turned_off(settings: Any) -> None:
    settings.IMPORT_VACUUM_ROWS = 0
    assert vacuum_after_import(1_000_000) is False


@pytest.mark.django_db
def test_inside_a_transaction_nothing_is_tried(settings: Any) -> None:
    settings.IMPORT_VACUUM_ROWS = 1
    assert vacuum_after_import(10) is False
