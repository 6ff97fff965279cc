"""Name search on PostgreSQL: a trigram index (pg_trgm) of the live workers' name keys.

The list searches a name anywhere in the key (`name_key LIKE '%siti%'`), which no B-tree serves: over a whole
kabupaten of a province registry the count read every worker of the kabupaten. A GIN trigram index finds the
matching keys directly. PostgreSQL only (SQLite has no such index; its registries are small), and only where
the extension can be created: pg_trgm is a trusted extension, so a role with CREATE on the database may; where
it may not, the migration says so and the search works as before, only slower. The index is not in the model's
Meta (Django's Index cannot express an operator class on SQLite), so migrations never drop it.
"""

from django.db import DatabaseError, migrations, transaction

INDEX = "worker_live_name_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        print(f"\n  pg_trgm not available ({error}): name search works without its index, only slower.")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON workers_worker USING gin (name_key gin_trgm_ops) "
        "WHERE merged_into_id IS NULL"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("workers", "0014_occupation_kabupaten")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
