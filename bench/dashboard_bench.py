"""Dashboard queries on a registry of 1,000,000 workers and ~400,000 memberships.

    createdb -h 127.0.0.1 -U postgres dashboard_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dashboard_bench LINDUNG_VAR_DIR=/tmp/dashboard-bench \
        .venv/bin/python bench/dashboard_bench.py
    LINDUNG_VAR_DIR=/tmp/dashboard-bench-sqlite BENCH_WORKERS=200000 .venv/bin/python bench/dashboard_bench.py

The database is migrated and filled once (re-runs reuse it; PostgreSQL is filled with COPY, SQLite with
executemany). Then: one full snapshot rebuild (the background job), each dashboard query function 30 times per
persona (kabupaten, kecamatan, desa, OPD), the whole page through Django's test client 30 times, and — for
comparison — the same figures computed live from memberships ⨝ workers (what the page would cost without the
snapshot). Prints p50/p95 in milliseconds. Target (issue 7): every dashboard query ≤ 200 ms p95 on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LINDUNG_REQUIRE_2FA", "false")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from lindung.accounts.models import Agency, Role, User  # noqa: E402
from lindung.enrolment.models import FundingSource, Membership  # noqa: E402
from lindung.regions.models import Region  # noqa: E402
from lindung.reports import dashboard, documents  # noqa: E402
from lindung.reports.snapshot import member_rows, snapshot_dates, snapshot_refresh, worker_status_rows  # noqa: E402
from lindung.workers.models import Occupation, Worker  # noqa: E402
from lindung.workers.selectors import area_filter  # noqa: E402

SIZE = int(os.environ.get("BENCH_WORKERS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
LIVE_RUNS = int(os.environ.get("BENCH_LIVE_RUNS", "5"))
KABUPATEN = "16.06"
TODAY = dt.date(2026, 11, 25)

WORKER_COLUMNS = [
    "nik",
    "kk",
    "name",
    "name_key",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "phone",
    "income",
    "segment",
    "source",
    "source_ref",
    "desil",
    "consent_version",
    "status",
    "version",
    "created_at",
    "updated_at",
    "agency_id",
    "desa_id",
    "kabupaten_id",
    "kecamatan_id",
    "occupation_id",
]
MEMBER_COLUMNS = [
    "kpj",
    "programs",
    "start",
    "end",
    "status",
    "end_reason",
    "end_date",
    "evidence",
    "created_at",
    "funding_source_id",
    "worker_id",
]
STATUSES = [
    ("diajukan", 25),
    ("diverifikasi", 12),
    ("disetujui", 12),
    ("diusulkan", 5),
    ("terdaftar", 40),
    ("dikembalikan", 4),
    ("ditolak", 2),
]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def worker_rows(n: int, start_serial: int) -> Any:
    # Look-ups first: while COPY runs, the connection cannot serve another query.
    desa = list(
        Region.objects.filter(level="desa", code__startswith=KABUPATEN + ".").values_list("code", flat=True)
    )
    occupations = list(Occupation.objects.values_list("pk", flat=True))
    agencies = list(Agency.objects.values_list("pk", flat=True))
    return _worker_rows(n, start_serial, desa, occupations, agencies)


def _worker_rows(
    n: int, start_serial: int, desa: list[str], occupations: list[int], agencies: list[int]
) -> Any:
    rng = random.Random(start_serial + 16)
    statuses = [s for s, w in STATUSES for _ in range(w)]
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).isoformat()
    for i in range(start_serial, start_serial + n):
        code = rng.choice(desa)
        kec = code.rsplit(".", 1)[0]
        birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randint(0, 17500))
        sex = rng.choice("LP")
        non_asn = rng.random() < 0.05
        # A synthetic but unique 16-digit NIK: kecamatan digits + a 10-digit serial.
        nik = kec.replace(".", "") + f"{i:010d}"
        yield (
            nik,
            "",
            f"Pekerja {i}",
            f"pekerja {i}",
            "Sekayu",
            birth.isoformat(),
            sex,
            "Dusun I",
            "",
            1_000_000,
            "non_asn" if non_asn else "rentan",
            "p3ke" if rng.random() < 0.3 else "petugas",
            f"BENCH-{i}",
            rng.choice([1, 2, 3, None]),
            "",
            rng.choice(statuses),
            1,
            now,
            now,
            rng.choice(agencies) if non_asn and agencies else None,
            code,
            KABUPATEN,
            kec,
            rng.choice(occupations),
        )


def membership_rows(worker_ids: list[int], sources: list[int]) -> Any:
    rng = random.Random(400)
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC).isoformat()
    for n, worker_id in enumerate(worker_ids):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 1030))
        roll = rng.random()
        status, reason, end_date = "aktif", "", None
        if roll < 0.08:
            status = "nonaktif"
        elif roll < 0.15:
            status = "berhenti"
            reason = rng.choice(["meninggal", "pindah_domisili", "mengundurkan_diri", "penerima_upah"])
            end_date = (start + dt.timedelta(days=rng.randint(30, 300))).isoformat()
        yield (
            f"{n:011d}",
            "JKK+JKM",
            start.isoformat(),
            "2026-12-31",
            status,
            reason,
            end_date,
            "",
            now,
            rng.choice(sources),
            worker_id,
        )


def copy_rows(table: str, columns: list[str], rows: Any) -> None:
    quoted = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"
            batch: list[Any] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 20000:
                    cursor.cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.cursor.executemany(sql, batch)


def fill() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_regions", KABUPATEN, verbosity=0)
    kabupaten = Region.objects.get(code=KABUPATEN)
    for code in ("DINKES", "DISDIK", "PUPR"):
        Agency.objects.get_or_create(code=code, defaults={"name": code, "kabupaten": kabupaten})
    for code, kind in (("bench-apbd", "apbd_kabupaten"), ("bench-apbdes", "apbdes")):
        FundingSource.objects.get_or_create(
            code=code, defaults={"name": code, "kind": kind, "kabupaten": kabupaten}
        )
    have = Worker.objects.count()
    if have < SIZE:
        started = time.perf_counter()
        from django.db import transaction

        with transaction.atomic():
            copy_rows("workers_worker", WORKER_COLUMNS, worker_rows(SIZE - have, have + 1))
        print(f"filled {SIZE - have:,} workers in {time.perf_counter() - started:.0f} s")
    if not Membership.objects.exists():
        started = time.perf_counter()
        ids = list(Worker.objects.filter(status="terdaftar").order_by("id").values_list("id", flat=True))
        sources = list(FundingSource.objects.values_list("pk", flat=True))
        from django.db import transaction

        with transaction.atomic():
            copy_rows("enrolment_membership", MEMBER_COLUMNS, membership_rows(ids, sources))
        print(f"filled {len(ids):,} memberships in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if is_postgres() else "ANALYZE")


def personas() -> dict[str, User]:
    desa = Region.objects.filter(level="desa", code__startswith="16.06.01.").order_by("code").first()
    agency = Agency.objects.get(code="DINKES")
    specs = {
        "kabupaten": (Role.PIMPINAN, KABUPATEN, None),
        "kecamatan": (Role.OPERATOR_KECAMATAN, "16.06.01", None),
        "desa": (Role.OPERATOR_DESA, desa.code if desa else "", None),
        "opd": (Role.OPERATOR_OPD, KABUPATEN, agency),
    }
    users = {}
    for name, (role, area, ag) in specs.items():
        users[name], _ = User.objects.get_or_create(
            username=f"bench-{name}", defaults={"role": role, "area_id": area, "agency": ag}
        )
    return users


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float]:
    fn()  # warm: connection, caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return statistics.median(samples), p95


def report(label: str, fn: Callable[[], Any], runs: int = RUNS) -> None:
    p50, p95 = timed(fn, runs)
    print(f"  {label:<34} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")


QUERIES = [
    "coverage",
    "by_region",
    "trend",
    "funnel",
    "by_occupation",
    "by_sex",
    "by_age",
    "by_segment",
    "by_funding",
    "budget",
]


def main() -> None:
    print(f"database: {connection.vendor}, target size {SIZE:,} workers")
    fill()
    print(f"workers {Worker.objects.count():,}, memberships {Membership.objects.count():,}")
    started = time.perf_counter()
    run = snapshot_refresh(today=TODAY)
    print(f"snapshot rebuild (background job): {time.perf_counter() - started:.1f} s, {run.rows:,} rows")
    users = personas()
    print(f"\nAFTER — dashboard query functions on the snapshot, {RUNS} runs each")
    for name, user in users.items():
        region = user.area if user.area else Region.objects.get(code=KABUPATEN)
        print(f"persona {name} ({user.area_id})")
        for query in QUERIES:
            # A fresh scope per call: no figure is served from the scope's per-page cache.
            report(
                query,
                lambda q=query, u=user, r=region: getattr(dashboard, q)(
                    dashboard.Scope(user=u, on=TODAY, region=r)
                ),
            )
    setup_test_environment()
    print(f"\nwhole page GET /laporan/ through the test client, {RUNS} runs")
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        assert client.get("/laporan/").status_code == 200
        report(f"page ({name})", lambda c=client: c.get("/laporan/"))
    desa_user = users["desa"]
    client = Client()
    client.force_login(desa_user)
    report("sweep list page (desa)", lambda: client.get(f"/laporan/sisir/{desa_user.area_id}/"))

    print("\nperiodic reports, built live (not dashboard queries), 3 runs")
    kab_user = users["kabupaten"]
    kab = Region.objects.get(code=KABUPATEN)
    report("paritrana 2026 (12 month ends)", lambda: documents.paritrana(kab_user, kab, 2026, TODAY), 3)
    report("semester 2026/II", lambda: documents.semester(kab_user, kab, 2026, 2, TODAY), 3)

    if os.environ.get("BENCH_SKIP_LIVE"):
        return
    print(f"\nBEFORE — the same figures computed live from memberships ⨝ workers, {LIVE_RUNS} runs")
    for name in ("kabupaten", "desa"):
        user = users[name]
        scope_q = area_filter(user, "worker__")
        print(f"persona {name}")
        for dimension in ("total", "sex", "age", "occupation", "funding"):
            report(
                f"live {dimension}", lambda d=dimension, sq=scope_q: member_rows(sq, TODAY, d, []), LIVE_RUNS
            )
        report(
            "live by kecamatan",
            lambda sq=scope_q: member_rows(sq, TODAY, "total", ["kecamatan_id"]),
            LIVE_RUNS,
        )
        report(
            "live funnel (workers by status)",
            lambda u=user: worker_status_rows(area_filter(u), []),
            LIVE_RUNS,
        )
        dates = snapshot_dates(TODAY)
        report(
            "live trend (12 month ends)",
            lambda sq=scope_q, ds=dates: [member_rows(sq, d, "total", []) for d in ds],
            LIVE_RUNS,
        )


if __name__ == "__main__":
    main()
