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
        from django.db.models.signals import post_migrate

        # The database cache table is not a migration; create it whenever the schema is migrated.
        post_migrate.connect(_create_cache_table, sender=self)
