from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _notice_settings(settings: Any, tmp_path: Any) -> None:
    settings.NOTICE_LOG_FILE = tmp_path / "notices.log"
    settings.NOTICE_ADAPTERS = {"whatsapp": "log", "sms": "log", "email": "log"}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _templates(db: Any) -> None:
    # The texts come from a data migration; a transactional test elsewhere in the run may have flushed them.
    from importlib import import_module

    from lindung.notices.models import NoticeTemplate

    seeded = import_module("lindung.notices.migrations.0002_default_templates")
    for key, channel, active, text in seeded.TEMPLATES:
        NoticeTemplate.objects.get_or_create(
            key=key, channel=channel, defaults={"text": text, "active": active}
        )
    # ...and 0003 brings the texts of every event (replacing 0002's where they were not edited).
    from django.apps import apps

    import_module("lindung.notices.migrations.0003_new_events").update(apps, None)
