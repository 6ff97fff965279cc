"""Demo data for the work queues: the registry seed already fills them; report what waits for whom."""

from typing import Any

from lindung.workers.models import Status, Worker


def seed(out: Any) -> None:
    waiting = {
        s: Worker.objects.filter(status=s, merged_into__isnull=True).count()
        for s in (Status.DIAJUKAN, Status.DIVERIFIKASI)
    }
    out.write(
        f"Antrian verifikasi: {waiting[Status.DIAJUKAN]} menunggu operator (diajukan), "
        f"{waiting[Status.DIVERIFIKASI]} menunggu Dinas (diverifikasi) — /verifikasi/."
    )
