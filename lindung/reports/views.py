"""The dashboard and its per-chart downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lindung.accounts.capabilities import Capability
from lindung.core.access import capability_required
from lindung.core.replica import reads_from_replica
from lindung.regions.models import Region
from lindung.workers.selectors import regions_visible_to

from . import charts, dashboard
from .exports import Document, Percent, Rupiah, Table, download
from .snapshot import latest_run
from .tasks import refresh_if_stale, refresh_snapshot, snapshot_refresh_claim

# key: (title, query function, chart kind)
CHARTS: dict[str, tuple[Any, Callable[[dashboard.Scope], list[dict[str, Any]]], str]] = {
    "wilayah": (gettext_lazy("Peserta aktif per wilayah"), dashboard.by_region, "bars"),
    "tren": (gettext_lazy("Peserta aktif per akhir bulan"), dashboard.trend, "line"),
    "tahapan": (gettext_lazy("Tahapan pendaftaran"), dashboard.funnel, "bars"),
    "pekerjaan": (gettext_lazy("Peserta aktif per pekerjaan"), dashboard.by_occupation, "bars"),
    "jenis-kelamin": (gettext_lazy("Peserta aktif per jenis kelamin"), dashboard.by_sex, "bars"),
    "usia": (gettext_lazy("Peserta aktif per kelompok usia"), dashboard.by_age, "bars"),
    "segmen": (gettext_lazy("Peserta aktif per segmen"), dashboard.by_segment, "bars"),
    "sumber-dana": (gettext_lazy("Peserta aktif per sumber dana"), dashboard.by_funding, "bars"),
}


def user_region(user: Any) -> Region:
    if user.area_id:
        return user.area
    return Region.objects.get(code=settings.DEFAULT_KABUPATEN)


def narrowed_region(request: HttpRequest) -> Region:
    """The user's area, or a kecamatan/desa inside it picked with ?wilayah= (outside the area: 404)."""
    user: Any = request.user
    base = user_region(user)
    code = request.GET.get("wilayah", "").strip()
    if not code or code == base.code:
        return base
    level = Region.level_of(code) if code.count(".") <= 3 else ""
    region = regions_visible_to(user, level).filter(code=code).first() if level else None
    if region is None or not (user.is_superuser or base.contains(code)):
        raise Http404
    return region


def make_scope(request: HttpRequest) -> dashboard.Scope:
    run = latest_run()
    on = run.on if run else timezone.localdate()
    return dashboard.Scope(user=request.user, on=on, region=narrowed_region(request))


def _columns(key: str, scope: dashboard.Scope) -> list[tuple[str, str]]:
    if key == "wilayah":
        return [
            ("label", _("Wilayah")),
            ("value", _("Peserta aktif")),
            ("potential", _("Potensial (BPS)")),
            ("percent", _("Cakupan (%)")),
        ]
    if key == "tahapan":
        return [("label", _("Tahap")), ("value", _("Pernah mencapai")), ("now", _("Saat ini"))]
    if key == "tren":
        return [("label", _("Bulan")), ("value", _("Peserta aktif"))]
    return [("label", _("Kelompok")), ("value", _("Peserta aktif"))]


@capability_required(Capability.FIGURES)
@reads_from_replica
def dashboard_view(request: HttpRequest) -> HttpResponse:
    # The figures come from the snapshot: an old one is rebuilt in the background (queued once), and this page
    # shows it meanwhile with its "data per" time.
    refresh_if_stale()
    scope = make_scope(request)
    cover = dashboard.coverage(scope)
    sections = []
    for key, (title, query, kind) in CHARTS.items():
        rows = query(scope)
        svg = charts.line(rows, str(title)) if kind == "line" else charts.bars(rows, str(title))
        columns = _columns(key, scope)
        sections.append(
            {
                "key": key,
                "title": title,
                "svg": svg,
                "header": [label for _f, label in columns],
                "rows": [[r.get(f) for f, _label in columns] for r in rows],
            }
        )
    user: Any = request.user
    base = user_region(user)
    return render(
        request,
        "reports/dashboard.html",
        {
            "scope": scope,
            "run": latest_run(),
            "cover": cover,
            "gauge": charts.gauge(cover["percent"], cover["target"], _("Cakupan")),
            "budget": dashboard.budget(scope),
            "sections": sections,
            "query": request.GET.urlencode(),
            "kecamatan_list": regions_visible_to(user, Region.Level.KECAMATAN).filter(
                code__startswith=base.code
            )
            if base.level in (Region.Level.KABUPATEN, Region.Level.PROVINSI)
            else [],
            "desa_list": regions_visible_to(user, Region.Level.DESA).filter(parent_id=scope.region.code)
            if scope.region.level == Region.Level.KECAMATAN
            else [],
        },
    )


def _percent(value: Any) -> Percent | None:
    return None if value is None else Percent(value)


def _rupiah(value: Any) -> Rupiah | None:
    return None if value is None else Rupiah(value)


def _summary(scope: dashboard.Scope) -> Document:
    cover, budget = dashboard.coverage(scope), dashboard.budget(scope)
    rows: list[list[Any]] = [
        [_("Peserta aktif"), cover["active"]],
        [_("Pekerja potensial (BPS)"), cover["potential"]],
        [_("Cakupan"), _percent(cover["percent"])],
        [_("Target"), _percent(cover["target"])],
        [_("Peserta lagi untuk mencapai target"), cover["needed"]],
        [_("Iuran tahun %(y)s s.d. tanggal data") % {"y": budget["year"]}, _rupiah(budget["cost"])],
        [_("Anggaran dialokasikan"), _rupiah(budget["allocated"])],
        [_("Anggaran terealisasi"), _rupiah(budget["realised"])],
    ]
    title = _("Ringkasan cakupan dan anggaran")
    return Document(
        name="dasbor-ringkasan",
        title=f"{title} — {scope.region.name}",
        subtitle=_("Data per %(d)s") % {"d": scope.on.isoformat()},
        tables=[Table(title, [_("Ukuran"), _("Nilai")], rows)],
    )


@capability_required(Capability.FIGURES)
@reads_from_replica
def chart_download(request: HttpRequest, key: str) -> HttpResponse:
    if key not in CHARTS and key != "ringkasan":
        raise Http404
    scope = make_scope(request)
    if key == "ringkasan":
        return download(
            request=request,
            doc=_summary(scope),
            region=scope.region,
            kind="xlsx",
            filters={"wilayah": scope.region.code, "tanggal": scope.on.isoformat()},
        )
    title, query, _kind = CHARTS[key]
    columns = _columns(key, scope)
    # A percent column is a percent cell (0.00%), not a number a reader must divide by 100.
    rows = [
        [_percent(r.get(f)) if f == "percent" else r.get(f) for f, _label in columns] for r in query(scope)
    ]
    doc = Document(
        name=f"dasbor-{key}",
        title=f"{title} — {scope.region.name}",
        subtitle=_("Data per %(d)s") % {"d": scope.on.isoformat()},
        tables=[
            Table(
                str(title),
                [label for _f, label in columns],
                rows,
                note=_("Wilayah %(r)s, data per %(d)s") % {"r": scope.region.name, "d": scope.on.isoformat()},
            )
        ],
    )
    return download(
        request=request,
        doc=doc,
        region=scope.region,
        kind="xlsx",
        filters={"wilayah": scope.region.code, "tanggal": scope.on.isoformat()},
    )


@capability_required(Capability.ADMINISTER)
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    # Asked for explicitly, so queued even if a page view queued one; page views then leave it to this one.
    snapshot_refresh_claim(latest_run())
    refresh_snapshot.enqueue()
    messages.success(
        request, _("Penyusunan ulang data dasbor sudah diantrekan; hasilnya tampil setelah selesai.")
    )
    return redirect("reports_dashboard")
