"""Name search on PostgreSQL: the trigram index of the live workers' name keys carries kabupaten and kecamatan.

workers/0015 indexed the name keys alone, so a search inside one kabupaten found the matching keys of the whole
province and read each of their rows to keep the kabupaten's. With btree_gin the same GIN index holds the
kabupaten and kecamatan codes beside the trigrams and answers "this kabupaten (or kecamatan), name containing
…" from the index. It replaces 0015's index (a search without an area, a superuser's, still uses it by its
trigrams). PostgreSQL only, and only where both extensions can be created (both are trusted extensions);
where they cannot, the migration says so and 0015's index stays.
"""

from django.db import DatabaseError, migrations, transaction

OLD = "worker_live_name_trgm_idx"
INDEX = "worker_live_area_name_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    except DatabaseError as error:
        print(f"\n  pg_trgm or btree_gin not available ({error}): name search keeps its index of names only.")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON workers_worker "
        "USING gin (kabupaten_id, kecamatan_id, name_key gin_trgm_ops) WHERE merged_into_id IS NULL"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        trigrams = cursor.fetchone() is not None
    if trigrams:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD} ON workers_worker USING gin (name_key gin_trgm_ops) "
            "WHERE merged_into_id IS NULL"
        )
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("workers", "0017_occupation_alias_kabupaten")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
