from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "lindung.notices"
    label = "notices"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from lindung.workers.models import StatusChange
        from lindung.workers.workflow import status_changes_created

        from .hooks import on_status_change, on_status_changes_bulk

        post_save.connect(on_status_change, sender=StatusChange, dispatch_uid="notices.on_status_change")
        status_changes_created.connect(
            on_status_changes_bulk, sender=StatusChange, dispatch_uid="notices.on_status_changes_bulk"
        )
