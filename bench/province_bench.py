"""Province scale on one PostgreSQL: every kabupaten/kota of Sumatera Selatan (16.xx) in one registry.

    createdb -h 127.0.0.1 -U postgres province_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/province_bench BENCH_WORKERS=5000000 \\
        .venv/bin/python bench/province_bench.py

1. Migrates, loads the kecamatan and desa of the 17 kabupaten/kota of province 16.
2. Imports a 200,000-row file of Musi Banyuasin (16.06) through the real import engine (check + commit) while the
   registry is nearly empty: the single-kabupaten speed.
3. Fills the registry to BENCH_WORKERS workers spread over the 17 kabupaten/kota with INSERT … SELECT from
   generate_series on the server (no ORM, no Python per row; NIKs are synthetic: kecamatan digits + a 10-digit
   serial), a membership for every `terdaftar` one, then VACUUM ANALYZE and the dashboard snapshot.
4. Imports a second 200,000-row file of Musi Banyuasin into the full registry: the same engine, the same size.
5. Times the worker list and NIK search pages (through Django's test client, logged in as Admin Dinas of 16.06
   and as an Operator Kecamatan) and every dashboard query for Pimpinan of 16.06 and the Pemantau Provinsi (16).

Targets (issue 20): list and NIK search ≤ 300 ms median, dashboard queries ≤ 200 ms p95, the import into the
province registry at the single-kabupaten speed. Each phase prints wall time, this process's CPU time, the server
backend's CPU time (PostgreSQL on this machine) and the load average: the machine is shared.
Both imports run with LINDUNG_IMPORT_REBUILD_INDEXES off, so they take the same row-by-row path (an import into an
empty registry would otherwise drop and rebuild the indexes, a first-load path the full registry never takes).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LINDUNG_REQUIRE_2FA", "false")  # the bench signs in with force_login

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from lindung.accounts.models import Role, User  # noqa: E402
from lindung.enrolment.models import FundingSource, Membership  # noqa: E402
from lindung.regions.models import Region  # noqa: E402
from lindung.reports import dashboard  # noqa: E402
from lindung.reports.snapshot import snapshot_refresh  # noqa: E402
from lindung.workers.models import Occupation, Worker  # noqa: E402

SIZE = int(os.environ.get("BENCH_WORKERS", "5000000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/province-bench"))
TODAY = dt.date(2026, 11, 30)
CHUNK = 250_000
STATUSES = (
    ["diajukan"] * 10 + ["diverifikasi"] * 8 + ["disetujui"] * 12 + ["terdaftar"] * 66 + ["ditolak"] * 4
)


class Clock:
    """Wall, CPU here and CPU of this connection's server backend for one phase."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __enter__(self) -> Clock:
        self.t, self.c, self.s = time.perf_counter(), time.process_time(), server_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        wall, cpu, server = time.perf_counter() - self.t, time.process_time() - self.c, server_cpu() - self.s
        self.wall = wall
        print(
            f"{self.label:<48} {wall:8.1f} s  (cpu here {cpu:.1f} s, server {server:.1f} s, "
            f"load {os.getloadavg()[0]:.1f})",
            flush=True,
        )


def server_cpu() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def regions() -> list[str]:
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code="16.06").exists():
        call_command("load_regions", "16.06", verbosity=0)
    codes = list(
        Region.objects.filter(level="kabupaten", parent_id="16")
        .order_by("code")
        .values_list("code", flat=True)
    )
    for code in codes:
        if not Region.objects.filter(level="desa", code__startswith=code + ".").exists():
            call_command("load_regions", code, verbosity=0)
    return codes


def import_file(path: Path, label: str) -> float:
    """One import through the real engine (check, then commit), as Admin Dinas of 16.06; returns rows/s."""
    from lindung.imports import engine
    from lindung.imports.services import import_job_confirm, import_job_create

    settings.IMPORT_MAX_BYTES = 1024 * 1024 * 1024
    settings.IMPORT_REBUILD_INDEXES = False
    user, _ = User.objects.get_or_create(
        username="bench-import", defaults={"role": Role.ADMIN_DINAS, "area_id": "16.06"}
    )
    before = Worker.objects.count()
    with open(path, "rb") as fh:
        job = import_job_create(
            file=File(fh, name=path.name), name=path.name, source="p3ke", by=user, start=False
        )
    with Clock(f"import {label}: check") as check:
        job = engine.run_check(job.pk)
    with Clock(f"import {label}: commit") as commit:
        import_job_confirm(job=job, by=user, start=False)
        job = engine.run_commit(job.pk, user.pk)
    added = Worker.objects.count() - before
    rate = job.total / (check.wall + commit.wall)
    print(
        f"    {job.total:,} rows, {added:,} workers added, registry {before:,} → {before + added:,}: {rate:,.0f} rows/s"
    )
    return rate


def import_file_path(number: int) -> Path:
    """The `number`th 200,000-row P3KE-style file of Musi Banyuasin; files differ in their NIKs (the serials of
    file n > 1 are raised by 4000 + 1000 n) and their row ids."""
    import import_bench

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"muba-{number}.csv"
    if not path.exists():
        rows = import_bench.generate(IMPORT_ROWS, seed=number)
        if number > 1:
            for row in rows:
                nik = str(row[1])
                if len(nik) == 16 and nik.isdigit():
                    row[1] = nik[:12] + f"{int(nik[12:]) + 4000 + 1000 * number:04d}"
                row[0] = f"{row[0]}-{number}"
        import_bench.write_csv(path, rows)
    return path


def select_list(
    fields: dict[str, Any], expressions: dict[str, str]
) -> tuple[list[str], list[str], list[Any]]:
    """Columns, SQL values and parameters for an INSERT … SELECT: an expression where given, else NULL or the default."""
    columns, values, params = [], [], []
    for column, field in fields.items():
        columns.append(connection.ops.quote_name(column))
        if column in expressions:
            values.append(expressions[column])
        elif field.null:
            values.append("NULL")
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(field.get_default(), connection))
    return columns, values, params


def fill(target: int) -> None:
    """Workers up to `target` across province 16, in server-side chunks of CHUNK rows (one transaction each)."""
    have = Worker.objects.count()
    if have >= target:
        return
    fields = {f.column: f for f in Worker._meta.concrete_fields if not f.primary_key}
    expressions = {
        "nik": "replace(left(d, 8), '.', '') || lpad(g::text, 10, '0')",
        "name": full_name(""),
        "name_key": full_name("_keys"),
        "birth_date": "date '1958-01-01' + (g * 37 %% 17500)::int",
        "sex": "CASE WHEN g %% 5 < 3 THEN 'L' ELSE 'P' END",
        "desa_id": "d",
        "kecamatan_id": "left(d, 8)",
        "kabupaten_id": "left(d, 5)",
        "occupation_id": "occupations[1 + g %% array_length(occupations, 1)]",
        "income": "1000000",
        "segment": "CASE WHEN g / 7 %% 25 = 0 THEN 'non_asn' ELSE 'rentan' END",
        "source": "(ARRAY['p3ke', 'p3ke', 'p3ke', 'p3ke', 'p3ke', 'p3ke', 'p3ke', 'petugas', 'mandiri', 'impor'])"
        "[1 + g / 3 %% 10]",
        "source_ref": "'PROV-' || g",
        "desil": "1 + g %% 3",
        "status": "statuses[1 + g %% array_length(statuses, 1)]",
        "version": "1",
        "created_at": "now()",
        "updated_at": "now()",
    }
    columns, values, params = select_list(fields, expressions)
    desa = list(Region.objects.filter(level="desa", code__startswith="16.").values_list("code", flat=True))
    occupations = list(Occupation.objects.values_list("pk", flat=True))
    parts = name_parts()
    sql = (
        f"INSERT INTO workers_worker ({', '.join(columns)}) SELECT {', '.join(values)} "
        "FROM (SELECT %s::varchar[] AS desa, %s::bigint[] AS occupations, %s::varchar[] AS statuses"
        + "".join(f", %s::varchar[] AS {name}, %s::varchar[] AS {name}_keys" for name in NAME_PARTS)
        + ") AS pick, "
        "LATERAL (SELECT g, pick.desa[1 + (g * 7919) %% array_length(pick.desa, 1)] AS d "
        "FROM generate_series(%s::bigint, %s::bigint) AS g) AS rows"
    )
    start = Worker.objects.filter(source_ref__startswith="PROV-").count() + 1
    with Clock(f"fill {target - have:,} workers ({len(desa):,} desa of 16.xx)"):
        for low in range(start, start + target - have, CHUNK):
            high = min(low + CHUNK - 1, start + target - have - 1)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [*params, desa, occupations, STATUSES, *parts, low, high])
            print(f"    … {high - start + 1:,}", flush=True)
    # Without statistics of the filled rows the planner takes 'terdaftar' for a rare status and joins the
    # memberships row by row through the status index (300 rows/s: hours for 5,000,000 workers).
    with Clock("ANALYZE workers"), connection.cursor() as cursor:
        cursor.execute("ANALYZE workers_worker")
    fund_members()


NAME_PARTS = ("men", "second", "women", "second_women")


def name_parts() -> list[list[str]]:
    """The demo's name lists and their name keys, in the order of the fill's array parameters: a man's name is
    first, second and a father's name (52 × 28 × 52 names), a woman's 40 × 19 × 52, so common first names recur
    as they do in a real registry. A full name's key is its parts' keys joined by spaces (no part is a title)."""
    from lindung.core.demo.names import FEMALE, MALE, SECOND, SECOND_FEMALE
    from lindung.lib.names import normalize_name

    parts = []
    for names in (MALE, SECOND, FEMALE, SECOND_FEMALE):
        parts += [list(names), [normalize_name(name) for name in names]]
    return parts


def full_name(suffix: str) -> str:
    """The SQL of a filled worker's name (suffix "") or name key ("_keys") from serial g."""

    def part(array: str, hashed: str) -> str:
        return f"{array}{suffix}[1 + {hashed} %% array_length({array}, 1)]"

    def name(first: str, second: str) -> str:
        return f"{part(first, 'g * 7907')} || ' ' || {part(second, 'g * 7907 / 53')} || ' ' || {part('men', 'g * 7907 / 1511')}"

    return f"CASE WHEN g %% 5 < 3 THEN {name('men', 'second')} ELSE {name('women', 'second_women')} END"


def fund_members() -> None:
    """A funding source per kabupaten and a membership for every registered worker without one."""
    for code in Region.objects.filter(level="kabupaten", parent_id="16").values_list("code", flat=True):
        FundingSource.objects.get_or_create(
            code=f"apbd-{code.replace('.', '')}",
            defaults={"name": f"APBD {code}", "kind": "apbd_kabupaten", "kabupaten_id": code},
        )
    fields = {f.column: f for f in Membership._meta.concrete_fields if not f.primary_key}
    expressions = {
        "worker_id": "w.id",
        "kpj": "lpad(w.id::text, 11, '0')",
        "funding_source_id": "f.id",
        "start": "date '2025-01-01' + (w.id %% 600)::int",
        "end": "date '2026-12-31'",
        "status": "CASE WHEN w.id %% 12 = 0 THEN 'nonaktif' ELSE 'aktif' END",
        "created_at": "now()",
    }
    columns, values, params = select_list(fields, expressions)
    with Clock("memberships for registered workers"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO enrolment_membership ({', '.join(columns)}) SELECT {', '.join(values)} "
            "FROM workers_worker w JOIN enrolment_fundingsource f ON f.code = 'apbd-' || replace(w.kabupaten_id, '.', '') "
            "WHERE w.status = 'terdaftar' AND NOT EXISTS "
            "(SELECT 1 FROM enrolment_membership m WHERE m.worker_id = w.id)",
            params,
        )
        print(f"    {cursor.rowcount:,} memberships")


def timed(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, float]:
    fn()  # warm
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def user(name: str, role: str, area: str) -> User:
    found, _ = User.objects.get_or_create(username=f"bench-{name}", defaults={"role": role, "area_id": area})
    return found


def list_cases(sample: Worker, persona: str) -> dict[str, str]:
    """The worker list as a dinas officer filters it (each at page 1 and page 20), and the NIK searches."""
    occupation = (
        Occupation.objects.filter(name__icontains="petani").order_by("pk").first() or sample.occupation
    )
    assert occupation is not None
    filters = {
        "": "",
        "status diajukan": "status=diajukan",
        "segment Non-ASN": "segment=non_asn",
        "occupation": f"occupation={occupation.pk}",
        "source mandiri": "source=mandiri",
        "name 'siti'": "q=siti",
        "name 'rahmat hidayat'": "q=rahmat+hidayat",
        "status + occupation": f"status=diajukan&occupation={occupation.pk}",
    }
    if persona == "admin-1606":
        filters["kecamatan"] = f"kecamatan={sample.kecamatan_id}"
        filters["kecamatan + status"] = f"kecamatan={sample.kecamatan_id}&status=diajukan"
        filters["desa"] = f"kecamatan={sample.kecamatan_id}&desa={sample.desa_id}"
    cases = {}
    for label, query in filters.items():
        for page in (1, 20):
            cases[f"list {label or 'unfiltered'}, page {page}"] = f"/pekerja/?{query}&page={page}".replace(
                "?&", "?"
            )
    cases["NIK search (16 digits)"] = f"/pekerja/?q={sample.nik}"
    cases["NIK prefix search (12 digits)"] = f"/pekerja/?q={sample.nik[:12]}"
    return cases


def pages() -> None:
    setup_test_environment()
    sample = (
        Worker.objects.filter(kabupaten_id="16.06", source_ref__startswith="PROV-").order_by("-id").first()
    )
    assert sample is not None
    kecamatan = sample.kecamatan_id
    print(f"\npages through the test client, {RUNS} runs each (median, p95, server CPU per request)")
    for persona, area, role in (
        ("admin-1606", "16.06", Role.ADMIN_DINAS),
        ("kec", kecamatan, Role.OPERATOR_KECAMATAN),
    ):
        client = Client()
        client.force_login(user(persona, role, area))
        for label, url in list_cases(sample, persona).items():
            status = client.get(url, secure=True).status_code  # DEBUG off: http goes to https
            assert status == 200, (persona, url, status)
            before = server_cpu()
            median, p95 = timed(lambda c=client, u=url: c.get(u, secure=True))
            server = (server_cpu() - before) * 1000 / (RUNS + 1)
            print(
                f"  {persona:<11} {label:<44} median {median:7.1f} ms   p95 {p95:7.1f} ms   server {server:5.0f} ms",
                flush=True,
            )


def dashboards() -> None:
    print(f"\ndashboard query functions on the snapshot, {RUNS} runs each (median, p95)")
    queries = ["coverage", "by_region", "trend", "funnel", "by_occupation", "by_sex", "by_age", "by_segment"]
    queries += ["by_funding", "budget"]
    for persona, area, role in (
        ("pimpinan-1606", "16.06", Role.PIMPINAN),
        ("provinsi-16", "16", Role.PEMANTAU_PROVINSI),
    ):
        viewer = user(persona, role, area)
        region = Region.objects.get(code=area)
        worst = 0.0
        for query in queries:
            median, p95 = timed(
                lambda q=query, u=viewer, r=region: getattr(dashboard, q)(
                    dashboard.Scope(user=u, on=TODAY, region=r)
                )
            )
            worst = max(worst, p95)
            print(f"  {persona:<14} {query:<16} median {median:7.1f} ms   p95 {p95:7.1f} ms")
        print(f"  {persona:<14} worst p95 {worst:.1f} ms")
        client = Client()
        client.force_login(viewer)
        median, p95 = timed(lambda c=client: c.get("/laporan/", secure=True), 5)
        print(f"  {persona:<14} whole page /laporan/ median {median:7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    """`--reuse` times the pages and dashboards of a registry already built (migrating it first); with
    `--import=N` (N > 2) it first imports file N; `--pages` leaves the dashboards out."""
    assert connection.vendor == "postgresql", "the province bench runs on PostgreSQL"
    codes = regions()
    print(f"{len(codes)} kabupaten/kota: {', '.join(codes)}")
    if "--reuse" in sys.argv[1:]:
        print(f"reusing the registry of {Worker.objects.count():,} workers", flush=True)
        for arg in sys.argv[1:]:
            if arg.startswith(
                "--import="
            ):  # one more file into the registry: the import's speed after a change
                number = int(arg.split("=", 1)[1])
                import_file(import_file_path(number), f"file {number} into {Worker.objects.count():,}")
        with Clock("ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        build()
    pages()
    if "--pages" not in sys.argv[1:]:
        dashboards()


def build() -> None:
    print(
        f"target {SIZE:,} workers across Sumatera Selatan, import files of {IMPORT_ROWS:,} rows", flush=True
    )
    first, second = import_file_path(1), import_file_path(2)
    small = (
        import_file(first, "into a nearly empty registry") if Worker.objects.count() < IMPORT_ROWS else None
    )
    fill(SIZE)
    with Clock("VACUUM ANALYZE"), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    with Clock("dashboard snapshot (the background job)"):
        snapshot_refresh(today=TODAY)
    big = import_file(second, f"into the province registry ({Worker.objects.count():,})")
    if small:
        print(f"    the same import: {big / small:.2f}× the rows/s of the nearly empty registry")


if __name__ == "__main__":
    main()
