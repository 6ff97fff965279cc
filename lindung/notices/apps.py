from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "lindung.notices"
    label = "notices"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from lindung.workers.models import StatusChange

        from .hooks import on_status_change

        post_save.connect(on_status_change, sender=StatusChange, dispatch_uid="notices.on_status_change")
