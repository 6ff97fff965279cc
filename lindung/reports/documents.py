"""The periodic reports and the lists, built live from memberships and workers inside the user's area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindung.enrolment.models import EndReason, Membership
from lindung.enrolment.selectors import memberships_visible_to
from lindung.regions.models import Region
from lindung.workers.models import Segment, Source, Status, Worker
from lindung.workers.selectors import workers_visible_to

from .coverage import budget_figures, coverage_percent, monthly_cost, potential_for, target_for
from .dashboard import Scope
from .exports import Document, Percent, Rupiah, Table, Year
from .models import CoverageSnapshot, Innovation, Regulation, SemesterProblem
from .snapshot import active_q, latest_run, month_end, snapshot_dates


def _d(day: dt.date) -> str:
    return date_format(day, "j F Y")


def active_members(user: Any, region: Region, on: dt.date) -> QuerySet[Membership]:
    scope = memberships_visible_to(user).filter(active_q(on))
    if region.level == Region.Level.KECAMATAN:
        scope = scope.filter(worker__kecamatan_id=region.code)
    elif region.level == Region.Level.DESA:
        scope = scope.filter(worker__desa_id=region.code)
    elif region.level == Region.Level.KABUPATEN:
        scope = scope.filter(worker__kabupaten_id=region.code)
    return scope


def _month_points(start: dt.date, end: dt.date) -> list[dt.date]:
    """The month ends from `start` to `end`, and `end` itself for a month not yet over."""
    points, day = [], min(month_end(start), end)
    while True:
        points.append(day)
        if day >= end:
            return points
        day = min(month_end(day + dt.timedelta(days=1)), end)


def cost_between(user: Any, region: Region, start: dt.date, end: dt.date) -> int:
    """Premium cost from `start` to `end`, pricing the members active at each month end — the dashboard's
    pricing. Dates the last snapshot rebuild covers are read from it; older ones are counted live."""
    run = latest_run()
    covered = set(snapshot_dates(run.on)) if run else set()
    points = _month_points(start, end)
    from_snapshot = [d for d in points if d in covered]
    total = 0
    if from_snapshot:
        scope = Scope(user=user, on=end, region=region)
        total += (
            CoverageSnapshot.objects.filter(
                scope.q, dimension=CoverageSnapshot.Dimension.COST, on__in=from_snapshot
            ).aggregate(t=Sum("count"))["t"]
            or 0
        )
    for day in points:
        if day not in covered:
            counts = dict(
                active_members(user, region, day)
                .values_list("funding_source")
                .annotate(n=Count("id"))
                .order_by()
            )
            total += monthly_cost(counts, day)
    return total


def _money(amount: int | None) -> Rupiah | str:
    """A figure for the file (a number cell in xlsx), or a dash when there is none."""
    return "–" if amount is None else Rupiah(amount)


def _with_source(label: str, amount: int | None, source: str) -> tuple[str, Rupiah | str]:
    """The source goes into the label, so the value stays a number."""
    return (f"{label} ({source})" if amount is not None and source else label), _money(amount)


def _coverage_facts(user: Any, region: Region, on: dt.date) -> tuple[list[tuple[str, Any]], dict[str, int]]:
    by_segment = dict(
        active_members(user, region, on).values_list("worker__segment").annotate(n=Count("id")).order_by()
    )
    active = sum(by_segment.values())
    potential = potential_for(region.code, on.year)
    percent = coverage_percent(active, potential.count if potential else None)
    facts = [
        (_("Wilayah"), f"{region.name} ({region.code})"),
        (_("Peserta aktif per %(d)s") % {"d": _d(on)}, active),
        (_("Pekerja potensial (BPS)"), potential.count if potential else _("belum diisi")),
        (_("Cakupan"), Percent(percent) if percent is not None else "–"),
        (_("Target cakupan"), Percent(target_for(region.code[:5], on.year))),
    ]
    return facts, by_segment


def _impact_facts(user: Any, region: Region, start: dt.date, end: dt.date) -> list[tuple[str, Any]]:
    """What the program returned to families: claims of the period that BPJS paid (premiums' claims register)."""
    from lindung.premiums.claims import impact
    from lindung.premiums.models import Claim

    members = _narrow(memberships_visible_to(user), region, "worker__")
    paid = impact(Claim.objects.filter(membership__in=members, event_date__range=(start, end)))
    return [
        (_("Keluarga penerima manfaat (klaim dibayar BPJS)"), paid["families"]),
        (_("Di antaranya klaim kematian"), paid["deaths"]),
        (_("Manfaat yang dibayarkan"), _money(paid["total"])),
    ]


def paritrana(user: Any, region: Region, year: int, today: dt.date) -> Document:
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    facts, by_segment = _coverage_facts(user, region, end)
    kabupaten = region.code[:5]
    money = budget_figures(kabupaten, year)
    cost = cost_between(user, region, start, end)
    facts += [
        _with_source(
            _("Anggaran dialokasikan %(y)s") % {"y": year}, money["allocated"], money["allocated_from"]
        ),
        _with_source(_("Anggaran terealisasi"), money["realised"], money["realised_from"])
        if money["realised"] is not None
        else (_("Anggaran terealisasi (dihitung dari iuran peserta aktif)"), Rupiah(cost)),
        *_impact_facts(user, region, start, end),
    ]
    regulations = Regulation.objects.filter(kabupaten_id=kabupaten)
    innovations = Innovation.objects.filter(kabupaten_id=kabupaten, year__lte=year)
    return Document(
        name="paritrana",
        title=_("Lembar Data Paritrana Award — %(r)s") % {"r": region.name},
        subtitle=_("Periode %(a)s s.d. %(b)s") % {"a": _d(start), "b": _d(end)},
        facts=facts,
        tables=[
            Table(
                _("Peserta tercakup per segmen"),
                [_("Segmen"), _("Peserta aktif")],
                [[str(label), by_segment.get(code, 0)] for code, label in Segment.choices],
            ),
            Table(
                _("Regulasi"),
                [_("Jenis"), _("Nomor"), _("Tahun"), _("Judul")],
                [[r.get_kind_display(), r.number, Year(r.year), r.title] for r in regulations],
            ),
            Table(
                _("Inovasi"),
                [_("Tahun"), _("Nama"), _("Uraian")],
                [[Year(i.year), i.title, i.description] for i in innovations],
            ),
        ],
    )


def semester(user: Any, region: Region, year: int, half: int, today: dt.date) -> Document:
    start = dt.date(year, 1 if half == 1 else 7, 1)
    end = min(dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31), today)
    facts, by_segment = _coverage_facts(user, region, end)
    kabupaten = region.code[:5]
    money = budget_figures(kabupaten, year)
    facts += [
        (_("Pekerja rentan tercakup"), by_segment.get(Segment.RENTAN, 0)),
        (_("Non-ASN tercakup"), by_segment.get(Segment.NON_ASN, 0)),
        _with_source(
            _("Anggaran dialokasikan %(y)s") % {"y": year}, money["allocated"], money["allocated_from"]
        ),
        (_("Iuran semester ini (dihitung)"), Rupiah(cost_between(user, region, start, end))),
        *_impact_facts(user, region, start, end),
    ]
    problems = SemesterProblem.objects.filter(kabupaten_id=kabupaten, year=year, semester=half)
    return Document(
        name="semester",
        title=_("Laporan Semester Pelaksanaan Inpres 2/2021 — %(r)s") % {"r": region.name},
        subtitle=_("Semester %(s)s tahun %(y)s (%(a)s s.d. %(b)s), kepada Kemenko PMK")
        % {"s": "I" if half == 1 else "II", "y": year, "a": _d(start), "b": _d(end)},
        facts=facts,
        tables=[
            Table(
                _("Permasalahan dan tindak lanjut"),
                [_("Permasalahan"), _("Tindak lanjut")],
                [[p.problem, p.follow_up] for p in problems],
            )
        ],
    )


def _narrow(qs: QuerySet[Any], region: Region, prefix: str = "") -> QuerySet[Any]:
    field = {Region.Level.KECAMATAN: "kecamatan_id", Region.Level.DESA: "desa_id"}.get(
        Region.Level(region.level)
    )
    return qs.filter(**{f"{prefix}{field}": region.code}) if field else qs


def worker_list(user: Any, region: Region, status: str) -> Document:
    workers = _narrow(workers_visible_to(user), region).select_related("desa", "kecamatan", "occupation")
    if status:
        workers = workers.filter(status=status)
    rows = (
        [
            w.masked_nik,
            w.name,
            w.get_sex_display(),
            w.kecamatan.name,
            w.desa.name,
            w.occupation.name if w.occupation else "",
            w.get_segment_display(),
            w.get_status_display(),
        ]
        for w in workers.order_by("kecamatan_id", "desa_id", "name", "id").iterator(chunk_size=2000)
    )
    label = dict(Status.choices).get(status, _("semua status"))
    return Document(
        name="daftar-pekerja",
        title=_("Daftar pekerja — %(r)s") % {"r": region.name},
        subtitle=_("Status: %(s)s") % {"s": label},
        tables=[
            Table(
                _("Pekerja"),
                [
                    _("NIK"),
                    _("Nama"),
                    _("L/P"),
                    _("Kecamatan"),
                    _("Desa"),
                    _("Pekerjaan"),
                    _("Segmen"),
                    _("Status"),
                ],
                rows,
            )
        ],
    )


def member_list(user: Any, region: Region, status: str) -> Document:
    members = _narrow(memberships_visible_to(user), region, "worker__").select_related(
        "worker__desa", "worker__kecamatan", "funding_source"
    )
    if status:
        members = members.filter(status=status)
    rows = (
        [
            m.kpj,
            m.worker.masked_nik,
            m.worker.name,
            m.worker.kecamatan.name,
            m.worker.desa.name,
            m.funding_source.name,
            m.start.isoformat(),
            m.end.isoformat() if m.end else "",
            m.get_status_display(),
            m.get_end_reason_display() if m.end_reason else "",
        ]
        for m in members.order_by("worker__kecamatan_id", "worker__desa_id", "worker__name", "id").iterator(
            chunk_size=2000
        )
    )
    arrears = status == Membership.Status.NONAKTIF
    return Document(
        name="tunggakan" if arrears else "daftar-peserta",
        title=(_("Peserta menunggak (nonaktif) — %(r)s") if arrears else _("Daftar peserta — %(r)s"))
        % {"r": region.name},
        subtitle=_("Status: %(s)s") % {"s": dict(Membership.Status.choices).get(status, _("semua status"))},
        tables=[
            Table(
                _("Peserta"),
                [
                    _("KPJ"),
                    _("NIK"),
                    _("Nama"),
                    _("Kecamatan"),
                    _("Desa"),
                    _("Sumber dana"),
                    _("Mulai"),
                    _("Berlaku s.d."),
                    _("Status"),
                    _("Alasan berhenti"),
                ],
                rows,
            )
        ],
    )


# Lapsed: nonaktif, or stopped for a reason the person can come back from (not death, not moving away).
FINAL_END_REASONS = [EndReason.MENINGGAL, EndReason.PINDAH]
NOT_YET_VERIFIED = [Status.DIAJUKAN, Status.DIKEMBALIKAN]


def sweep_targets(user: Any, desa: Region) -> QuerySet[Worker]:
    """People from a loaded target list (P3KE) in the desa who are not verified yet, or approved but not enrolled."""
    return (
        workers_visible_to(user)
        .filter(desa_id=desa.code, source=Source.P3KE)
        .filter(Q(status__in=NOT_YET_VERIFIED) | Q(status=Status.DISETUJUI))
        .select_related("occupation")
        .order_by("status", "name", "id")
    )


def sweep_lapsed(user: Any, desa: Region) -> QuerySet[Membership]:
    open_or_lapsed = Q(status=Membership.Status.NONAKTIF) | (
        Q(status=Membership.Status.BERHENTI) & ~Q(end_reason__in=FINAL_END_REASONS)
    )
    return (
        memberships_visible_to(user)
        .filter(open_or_lapsed, worker__desa_id=desa.code)
        .exclude(worker__memberships__status=Membership.Status.AKTIF)
        .select_related("worker")
        .order_by("worker__name", "id")
        .distinct()
    )


def sweep_document(user: Any, desa: Region) -> Document:
    targets = [
        [
            w.masked_nik,
            w.name,
            w.address,
            w.phone,
            w.get_status_display(),
            w.desil or "",
            _("Belum diverifikasi") if w.status in NOT_YET_VERIFIED else _("Disetujui, belum terdaftar"),
        ]
        for w in sweep_targets(user, desa)
    ]
    lapsed = [
        [
            m.worker.masked_nik,
            m.worker.name,
            m.worker.address,
            m.worker.phone,
            m.kpj,
            m.get_status_display(),
            m.get_end_reason_display() if m.end_reason else _("Iuran tertunggak"),
        ]
        for m in sweep_lapsed(user, desa)
    ]
    return Document(
        name="daftar-sisir",
        title=_("Daftar sisir — %(d)s") % {"d": desa.name},
        subtitle=_("Desa/kelurahan %(d)s (%(c)s), Kec. %(k)s")
        % {"d": desa.name, "c": desa.code, "k": desa.parent.name if desa.parent else ""},
        tables=[
            Table(
                _("Sasaran P3KE yang belum diverifikasi atau belum terdaftar"),
                [_("NIK"), _("Nama"), _("Alamat"), _("HP"), _("Status"), _("Desil"), _("Tindakan")],
                targets,
            ),
            Table(
                _("Peserta yang kepesertaannya terputus"),
                [_("NIK"), _("Nama"), _("Alamat"), _("HP"), _("KPJ"), _("Status"), _("Keterangan")],
                lapsed,
            ),
        ],
    )
