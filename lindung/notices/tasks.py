"""Background sending (django-tasks; run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .services import due_notices, notice_send


@task()
def send_notice(notice_id: int) -> str:
    notice = notice_send(notice_id=notice_id)
    return notice.status if notice else "not_due"


@task()
def send_due_notices() -> int:
    return sum(1 for pk in due_notices() if notice_send(notice_id=pk))


@task()
def send_notices(notice_ids: list[int]) -> int:
    """A chunk of the notices a bulk step queued (notices_enqueue_bulk); each one as send_notice would."""
    return sum(1 for pk in notice_ids if notice_send(notice_id=pk))
