"""A membership's life after BPJS accepts it: end, deactivate, reactivate. Every step audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log, audit_log_bulk

from .models import EndReason, Membership

UNPAID_MONTHS_TO_DEACTIVATE = 3


class MembershipError(Exception):
    """A refused membership change; the message says why."""


def fiscal_year_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 12, 31)


def notify_membership_change(membership: Membership, event: str) -> None:
    """The one hook for notices when a membership starts, ends, is deactivated or reactivated.

    Always leaves an audit event. The WhatsApp/SMS notice goes through the notices outbox
    (`lindung.notices.services.notify_membership_change`); on "start" it is the only message the worker gets
    about the enrolment (the move to `terdaftar` sends none), with the KPJ and the period covered.
    """
    audit_log(actor=None, action="membership.notice", obj=membership, changes={"event": event})
    try:
        from lindung.notices.services import notify_membership_change as enqueue
    except ImportError:  # a deployment without the notices app
        return
    enqueue(membership, event)


def notify_memberships_change(memberships: list[Membership], event: str) -> None:
    """notify_membership_change for many memberships of one event, in a few statements (a batch, a renewal)."""
    audit_log_bulk(
        actor=None, action="membership.notice", entries=[(m, {"event": event}) for m in memberships]
    )
    if not memberships:
        return
    try:
        from lindung.notices.services import notify_memberships_change as enqueue
    except ImportError:  # a deployment without the notices app
        return
    enqueue(memberships, event)


def _locked(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().get(pk=membership.pk)


def membership_end(
    *,
    membership: Membership,
    reason: str,
    date: dt.date,
    evidence: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Membership:
    if reason not in EndReason.values:
        raise MembershipError(_("Pilih alasan berhenti dari daftar."))
    if not evidence.strip():
        raise MembershipError(
            _("Catatan bukti wajib diisi (mis. nomor akta kematian atau surat keterangan).")
        )
    with transaction.atomic():
        current = _locked(membership)
        if current.status == Membership.Status.BERHENTI:
            raise MembershipError(_("Kepesertaan ini sudah berhenti sejak %(d)s.") % {"d": current.end_date})
        if date < current.start:
            raise MembershipError(_("Tanggal berhenti tidak boleh sebelum tanggal mulai kepesertaan."))
        old = current.status
        current.status = Membership.Status.BERHENTI
        current.end_reason, current.end_date, current.evidence = reason, date, evidence.strip()
        current.save(update_fields=["status", "end_reason", "end_date", "evidence"])
        audit_log(
            actor=by,
            action="membership.end",
            obj=current,
            changes={"status": [old, current.status], "reason": reason, "date": date.isoformat()},
            request=request,
        )
        notify_membership_change(current, "end")
    return current


def membership_deactivate(
    *, membership: Membership, by: Any, note: str = "", request: HttpRequest | None = None
) -> Membership:
    """Nonaktif after three unpaid months in a row (a manual action until premium data drives it)."""
    with transaction.atomic():
        current = _locked(membership)
        if current.status != Membership.Status.AKTIF:
            raise MembershipError(
                _("Hanya kepesertaan aktif yang bisa dinonaktifkan (sekarang: %(s)s).")
                % {"s": current.get_status_display()}
            )
        current.status = Membership.Status.NONAKTIF
        current.evidence = note.strip() or _("Iuran %(n)d bulan berturut-turut belum dibayar.") % {
            "n": UNPAID_MONTHS_TO_DEACTIVATE
        }
        current.save(update_fields=["status", "evidence"])
        audit_log(
            actor=by,
            action="membership.deactivate",
            obj=current,
            changes={"status": ["aktif", "nonaktif"], "note": current.evidence},
            request=request,
        )
        notify_membership_change(current, "deactivate")
    return current


def membership_reactivate(
    *, membership: Membership, by: Any, note: str = "", request: HttpRequest | None = None
) -> Membership:
    with transaction.atomic():
        current = _locked(membership)
        if current.status != Membership.Status.NONAKTIF:
            raise MembershipError(
                _("Hanya kepesertaan nonaktif yang bisa diaktifkan kembali (sekarang: %(s)s).")
                % {"s": current.get_status_display()}
            )
        current.status = Membership.Status.AKTIF
        current.save(update_fields=["status"])
        audit_log(
            actor=by,
            action="membership.reactivate",
            obj=current,
            changes={"status": ["nonaktif", "aktif"], "note": note},
            request=request,
        )
        notify_membership_change(current, "reactivate")
    return current
