import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache


@pytest.mark.django_db
def test_the_shared_cache_table_exists_after_migrate(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lindung_cache"}
    }
    cache = caches.create_connection("default")
    assert isinstance(cache, DatabaseCache)
    cache.set("lindung-test", 41)
    assert cache.incr("lindung-test") == 42
