"""The yearly renewal: re-check every active member for the next fiscal year, then the dinas confirms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log, audit_log_bulk
from lindung.core.bulk import insert_rows
from lindung.regions.models import Region
from lindung.workers.models import Worker

from .memberships import MembershipError, notify_memberships_change
from .models import EndReason, Membership, RenewalLine, RenewalRun


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _dead_worker_ids(workers: Any = None) -> set[int]:
    """Workers with a death claim: the register of deaths we have (premiums app)."""
    try:
        from lindung.premiums.models import Claim
    except ImportError:  # a deployment without the premiums app
        return set()
    claims = Claim.objects.filter(kind__in=[Claim.Kind.JKM, Claim.Kind.JKK_DEATH]).exclude(
        status=Claim.Status.REJECTED
    )
    if workers is not None:
        claims = claims.filter(membership__worker__in=workers)
    return set(claims.values_list("membership__worker_id", flat=True))


def renewal_recheck(
    *,
    worker: Worker,
    kabupaten: Region,
    fiscal_year: int,
    dead: set[int] | None = None,
    rules: list[Any] | None = None,
) -> tuple[str, str] | None:
    """(end reason, note) when the member should not continue into `fiscal_year`, else None.

    Checked on 1 January of the new fiscal year: the eligibility rules in force then (age, domicile, ASN, desil —
    not "not yet a participant", which every member fails), with settings.MAX_AGE when no age rule is in force.
    A run over every member passes `dead` (worker ids with a death claim) and `rules`, read once.
    """
    from lindung.eligibility.models import RuleKind
    from lindung.eligibility.rules import evaluate, rules_in_force

    first_day = dt.date(fiscal_year, 1, 1)
    if dead is None:
        dead = _dead_worker_ids([worker.pk])
    if worker.pk in dead:
        return EndReason.MENINGGAL, _("Tercatat meninggal dunia (klaim JKM/JKK kematian).")
    if worker.merged_into_id:
        return EndReason.TMS, _("Data digabung ke pekerja lain (data ganda).")
    if worker.kabupaten_id != kabupaten.code:
        return EndReason.PINDAH, _("Domisili sekarang di luar kabupaten.")
    if rules is None:
        rules = [r for r in rules_in_force(first_day, kabupaten.code) if r.kind != RuleKind.NOT_PARTICIPANT]
    if not any(r.kind == RuleKind.AGE for r in rules):
        age = age_on(worker.birth_date, first_day)
        if age > settings.MAX_AGE:
            return EndReason.USIA, _(
                "Umur %(age)d tahun pada 1 Januari %(y)d, di atas batas %(max)d tahun."
            ) % {
                "age": age,
                "y": fiscal_year,
                "max": settings.MAX_AGE,
            }
    for result in evaluate(worker, on=first_day, rules=rules):
        if not result.passed:
            reason = {RuleKind.AGE: EndReason.USIA, RuleKind.DOMICILE: EndReason.PINDAH}.get(
                RuleKind(result.rule.kind), EndReason.TMS
            )
            return reason, result.reason[:200]
    return None


def renewal_propose(*, kabupaten: Region, fiscal_year: int, by: Any) -> RenewalRun:
    if RenewalRun.objects.filter(
        kabupaten=kabupaten, fiscal_year=fiscal_year, status=RenewalRun.Status.CONFIRMED
    ).exists():
        raise MembershipError(_("Pembaruan tahun %(y)d sudah dikonfirmasi.") % {"y": fiscal_year})
    members = Membership.objects.filter(
        status=Membership.Status.AKTIF, funding_source__kabupaten=kabupaten
    ).select_related("worker__desa", "worker__occupation", "worker__declaration")
    with transaction.atomic():
        # A new proposal replaces an unconfirmed one for the same year.
        RenewalRun.objects.filter(
            kabupaten=kabupaten, fiscal_year=fiscal_year, status=RenewalRun.Status.PROPOSED
        ).delete()
        run = RenewalRun.objects.create(kabupaten=kabupaten, fiscal_year=fiscal_year, created_by=by)
        from lindung.eligibility.models import RuleKind
        from lindung.eligibility.rules import rules_in_force

        dead = _dead_worker_ids()
        first_day = dt.date(fiscal_year, 1, 1)
        rules = [r for r in rules_in_force(first_day, kabupaten.code) if r.kind != RuleKind.NOT_PARTICIPANT]
        lines = []
        for membership in members.iterator(chunk_size=2000):
            verdict = renewal_recheck(
                worker=membership.worker,
                kabupaten=kabupaten,
                fiscal_year=fiscal_year,
                dead=dead,
                rules=rules,
            )
            if verdict:
                lines.append((run.pk, membership.pk, RenewalLine.Proposal.END, verdict[0], verdict[1]))
            else:
                lines.append((run.pk, membership.pk, RenewalLine.Proposal.CONTINUE, "", ""))
        insert_rows(RenewalLine, ["run", "membership", "proposal", "end_reason", "note"], lines)
        audit_log(actor=by, action="renewal.propose", obj=run, changes={"lines": len(lines)})
    return run


def renewal_confirm(*, run: RenewalRun, by: Any, request: HttpRequest | None = None) -> dict[str, int]:
    """Continue or end every proposed member, in one transaction; members changed since are left alone."""
    year_end = dt.date(run.fiscal_year, 12, 31)
    last_day = dt.date(run.fiscal_year - 1, 12, 31)
    counts = {"continued": 0, "ended": 0, "skipped": 0}
    with transaction.atomic():
        claimed = RenewalRun.objects.filter(pk=run.pk, status=RenewalRun.Status.PROPOSED).update(
            status=RenewalRun.Status.CONFIRMED, confirmed_by=by, confirmed_at=timezone.now()
        )
        if not claimed:
            raise MembershipError(_("Usulan pembaruan ini sudah dikonfirmasi."))
        lines = list(run.lines.order_by("id").values_list("membership_id", "proposal", "end_reason", "note"))
        # Lock every member of the run and read its status; only the ones ending are read whole.
        status: dict[int, str] = {}
        ids = [membership_id for membership_id, *_rest in lines]
        for start in range(0, len(ids), 2000):
            status.update(
                Membership.objects.select_for_update()
                .filter(pk__in=ids[start : start + 2000])
                .order_by("pk")
                .values_list("pk", "status")
            )
        continuing = 0
        ending_lines: dict[int, tuple[str, str]] = {}
        for membership_id, proposal, end_reason, note in lines:
            if status[membership_id] != Membership.Status.AKTIF:
                counts["skipped"] += 1
            elif proposal == RenewalLine.Proposal.CONTINUE:
                continuing += 1
            else:
                ending_lines[membership_id] = (end_reason, note)
        ending: list[Membership] = []
        ending_ids = sorted(ending_lines)
        for start in range(0, len(ending_ids), 2000):
            ending += Membership.objects.filter(pk__in=ending_ids[start : start + 2000]).select_related(
                "worker"
            )
        for membership in ending:
            _end(membership, *ending_lines[membership.pk], last_day=last_day, fiscal_year=run.fiscal_year)
        # One statement for the continuing members: locked above, so the status read is still theirs.
        extended = Membership.objects.filter(
            pk__in=run.lines.filter(proposal=RenewalLine.Proposal.CONTINUE).values("membership_id"),
            status=Membership.Status.AKTIF,
        ).update(end=year_end)
        if extended != continuing:  # cannot happen under the lock; never write half a renewal
            raise MembershipError(_("Data kepesertaan berubah saat pembaruan dikonfirmasi; coba lagi."))
        Membership.objects.bulk_update(
            ending, ["status", "end_reason", "end_date", "evidence"], batch_size=1000
        )
        audit_log_bulk(
            actor=by,
            action="membership.end",
            entries=[
                (
                    m,
                    {
                        "status": [Membership.Status.AKTIF, m.status],
                        "reason": m.end_reason,
                        "date": m.end_date.isoformat() if m.end_date else "",
                    },
                )
                for m in ending
            ],
            request=request,
        )
        notify_memberships_change(ending, "end")
        counts["continued"], counts["ended"] = continuing, len(ending)
        audit_log(actor=by, action="renewal.confirm", obj=run, changes=counts, request=request)
    run.refresh_from_db()
    return counts


def _end(membership: Membership, end_reason: str, note: str, *, last_day: dt.date, fiscal_year: int) -> None:
    """What membership_end writes for one member, for the renewal to save all of them at once."""
    if end_reason not in EndReason.values:
        raise MembershipError(_("Pilih alasan berhenti dari daftar."))
    membership.status = Membership.Status.BERHENTI
    membership.end_reason = end_reason
    membership.end_date = max(last_day, membership.start)
    membership.evidence = _("Pembaruan tahunan %(y)d: %(note)s") % {"y": fiscal_year, "note": note}
