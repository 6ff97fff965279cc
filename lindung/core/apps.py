from typing import Any

from django.apps import AppConfig


def _create_cache_table(sender: AppConfig, **kwargs: Any) -> None:
    from django.conf import settings
    from django.core.management import call_command

    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class CoreConfig(AppConfig):
    name = "lindung.core"
    label = "core"

    def ready(self) -> None:
        from django.core.signals import got_request_exception
        from django.db.models.signals import post_migrate

        from .middleware import mark_database_down

        # The database cache table is not a migration; create it whenever the schema is migrated. Not with
        # sender=self: Django sends post_migrate only for apps with models, and core has none.
        # createcachetable leaves an existing table alone, so running once per app costs a look-up each.
        post_migrate.connect(_create_cache_table, dispatch_uid="lindung.core.cache_table")
        got_request_exception.connect(mark_database_down, dispatch_uid="lindung.core.database_down")
