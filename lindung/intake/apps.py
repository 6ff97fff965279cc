from typing import Any

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "lindung.intake"
    label = "intake"

    def ready(self) -> None:
        from lindung.privacy.anonymise import worker_anonymised

        worker_anonymised.connect(_erase_repeat_applications, dispatch_uid="intake.erase_repeat_applications")


def _erase_repeat_applications(sender: Any, worker: Any, **kwargs: Any) -> None:
    # What a repeat applicant sent is a copy of personal data about the anonymised person.
    from .models import RepeatApplication

    RepeatApplication.objects.filter(worker=worker).delete()
