import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_the_shared_cache_table_exists_after_migrate(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lindung_cache"}
    }
    cache = caches.create_connection("default")
    assert isinstance(cache, DatabaseCache)
    cache.set("lindung-test", 41)
    assert cache.incr("lindung-test") == 42


@pytest.mark.django_db
def test_migrate_creates_the_missing_cache_table(settings):
    # The test runner creates the table itself; a real deployment only runs `manage.py migrate`.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lindung_cache"}
    }
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE lindung_cache")
    assert "lindung_cache" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert "lindung_cache" in connection.introspection.table_names()
