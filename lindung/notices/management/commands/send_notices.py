"""Send every notice that is due (new, or waiting for its next retry). Meant for cron, e.g. every 5 minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lindung.notices.models import Notice
from lindung.notices.services import due_notices, notice_send


class Command(BaseCommand):
    help = "Kirim notifikasi yang sudah waktunya dikirim (baru atau menunggu percobaan ulang)."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome: dict[str, int] = {}
        for pk in due_notices():
            notice = notice_send(notice_id=pk)
            if notice is not None:
                outcome[notice.status] = outcome.get(notice.status, 0) + 1
        labels = dict(Notice.Status.choices)
        summary = (
            ", ".join(f"{labels[s]}: {n}" for s, n in sorted(outcome.items()))
            or "tidak ada yang perlu dikirim"
        )
        self.stdout.write(f"send_notices: {summary}")
