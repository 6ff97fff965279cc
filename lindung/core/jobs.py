"""The bodies of the scheduled jobs (lindung.core.scheduler). Each returns one line for the jobs page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _


def premium_arrears() -> str:
    """The three-unpaid-months rule for every funding source, as `premium_arrears --apply` does it."""
    from lindung.enrolment.models import FundingSource
    from lindung.premiums.payments import arrears_apply

    today = timezone.localdate()
    total = sum(
        arrears_apply(funding_source=source, on=today, by=None)
        for source in FundingSource.objects.order_by("pk")
    )
    return _("%(n)d peserta dinonaktifkan (tiga bulan iuran belum dibayar).") % {"n": total}


def anonymise_expired() -> str:
    from lindung.privacy.anonymise import anonymise_expired as run

    counts = run()
    return _("%(n)d orang dianonimkan.") % {"n": counts["anonymised"]}


def dashboard_snapshot() -> str:
    from lindung.reports.snapshot import snapshot_refresh

    run = snapshot_refresh()
    return _("Ringkasan per %(on)s: %(rows)d baris.") % {"on": run.on, "rows": run.rows}


def notice_retries() -> str:
    """Notices whose retry time has come, for a queue that could not defer them (and as a safety net)."""
    from lindung.notices.services import due_notices, notice_send

    sent = sum(1 for pk in due_notices() if notice_send(notice_id=pk))
    return _("%(n)d notifikasi dicoba kirim.") % {"n": sent}


def backup_files() -> list[Path]:
    """The scheduled backups, newest first."""
    folder = Path(settings.BACKUP_DIR)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("lindung-*.backup"), key=lambda p: p.name, reverse=True)


def backup() -> str:
    """A full backup into BACKUP_DIR, then the oldest beyond BACKUP_KEEP deleted."""
    from lindung.privacy.backup import backup as write_backup

    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    out = folder / f"lindung-{stamp}.backup"
    partial = out.with_suffix(".partial")
    write_backup(partial)
    partial.chmod(0o600)  # every NIK in the database is in it
    partial.rename(out)  # a half-written file never counts as the last backup
    removed = 0
    for old in backup_files()[max(settings.BACKUP_KEEP, 1) :]:
        old.unlink()
        removed += 1
    return _("%(name)s (%(size)s byte, %(engine)s); %(removed)d cadangan lama dihapus.") % {
        "name": out.name,
        "size": f"{out.stat().st_size:,}",
        "engine": connection.vendor,
        "removed": removed,
    }


def renewal_proposals() -> str:
    """Before a fiscal year: a renewal proposal for it in every kabupaten with active members, for the dinas to
    check and confirm. A kabupaten that already has one (proposed or confirmed) keeps it."""
    from lindung.enrolment.models import Membership, RenewalRun
    from lindung.enrolment.renewal import renewal_propose
    from lindung.regions.models import Region

    year = timezone.localdate().year + 1
    made = []
    codes = (
        Membership.objects.filter(status=Membership.Status.AKTIF)
        .values_list("funding_source__kabupaten", flat=True)
        .distinct()
    )
    for kabupaten in Region.objects.filter(code__in=list(codes)).order_by("code"):
        if RenewalRun.objects.filter(kabupaten=kabupaten, fiscal_year=year).exists():
            continue
        run = renewal_propose(kabupaten=kabupaten, fiscal_year=year, by=None)
        made.append(f"{kabupaten.name}: {run.lines.count()}")
    if not made:
        return _("Tidak ada usulan baru untuk tahun %(y)d.") % {"y": year}
    return _("Usulan pembaruan %(y)d dibuat: %(list)s.") % {"y": year, "list": "; ".join(made)}


def match_weights() -> str:
    """The duplicate engine's weights estimated again on the registry (`dedup.learning`) when the newest are a
    week old, or when reviewers decided pairs since (their decisions are the labels the estimate learns from)."""
    from lindung.dedup.scanning import match_weights_due, match_weights_estimate

    if not match_weights_due():
        return _("Bobot pencocokan masih baru; tidak diperkirakan ulang.")
    row = match_weights_estimate()
    return _(
        "Bobot pencocokan diperkirakan dari %(records)s data, %(pairs)s pasangan, %(labelled)s keputusan."
    ) % {
        "records": f"{row.records:,}",
        "pairs": f"{row.pairs:,}",
        "labelled": f"{row.labelled:,}",
    }


def last_backup_at() -> dt.datetime | None:
    files = backup_files()
    if not files:
        return None
    return dt.datetime.fromtimestamp(files[0].stat().st_mtime, tz=dt.UTC)


def odk_central_pull() -> str:
    from lindung.fieldwork.central import central_pull

    return central_pull()
