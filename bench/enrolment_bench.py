"""One enrolment round trip at scale: build, seal, export, reconcile and apply a batch, then bill the month.

    LINDUNG_VAR_DIR=/tmp/enrol-bench BENCH_WORKERS=10000 .venv/bin/python bench/enrolment_bench.py
    createdb -h 127.0.0.1 -U postgres enrol_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/enrol_bench LINDUNG_VAR_DIR=/tmp/enrol-bench-pg \
        BENCH_WORKERS=10000 .venv/bin/python bench/enrolment_bench.py

Each run adds BENCH_WORKERS approved workers (bulk insert, not timed) and times every step once. Sealing and
applying keep worker_transition's contract (status change + timeline + audit + notices) for every worker, written in
bulk by workers_transition_bulk, in one transaction.

Then the yearly renewal: active members of the kabupaten are topped up to BENCH_MEMBERS (default 100,000; bulk
insert, not timed, one in twenty past the age limit so that the end path runs too) and renewal_propose and
renewal_confirm are timed for the next fiscal year that has no confirmed renewal. BENCH_MEMBERS=0 skips it.
The script only calls the services by name, so the same file measures an older checkout for comparison.
Each step prints its wall time, the CPU time of this process and (PostgreSQL on this machine) of its server
backend, and the load average. BENCH_PROFILE=1 lists the statements that took the most time in each step;
BENCH_PROFILE=cpu adds the functions that took the most CPU here (cProfile).
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import os
import pstats
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
# Without DEBUG, Django does not keep every SQL statement in memory.
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from lindung.accounts.models import Role, User  # noqa: E402
from lindung.enrolment.batches import batch_create, batch_export, batch_seal, funding_source_default  # noqa: E402
from lindung.enrolment.models import Membership, RenewalRun  # noqa: E402
from lindung.enrolment.renewal import renewal_confirm, renewal_propose  # noqa: E402
from lindung.enrolment.results import result_upload_apply, result_upload_create  # noqa: E402
from lindung.lib.names import normalize_name  # noqa: E402
from lindung.lib.nik import make_nik  # noqa: E402
from lindung.premiums.bills import bill_compute  # noqa: E402
from lindung.regions.models import Region  # noqa: E402
from lindung.workers.models import Status, Worker  # noqa: E402

N = int(os.environ.get("BENCH_WORKERS", "10000"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))


# BENCH_PROFILE=1: after each step, the statements that took the most database time (by shape, numbers and
# long lists folded), timed from this process: what the step waited for on the server. BENCH_PROFILE=cpu adds
# the functions that took the most CPU here (cProfile: its overhead inflates the times printed).
PROFILE = os.environ.get("BENCH_PROFILE", "") not in ("", "0")
CPU_PROFILE = os.environ.get("BENCH_PROFILE", "") == "cpu"
_statements: dict[str, list[float]] = {}


def _shape(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    sql = re.sub(r"(\?|%s)(\s*,\s*(\?|%s))+", "?…", sql)
    sql = re.sub(r"(\(\?…?\)\s*,\s*)+\(\?…?\)", "(…)…", sql)
    return sql[:220]


def _record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        entry = _statements.setdefault(_shape(sql), [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - start


def _server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend so far (a server on this machine), else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(label: str, fn: Any) -> Any:
    # CPU time of this process (and of its PostgreSQL backend) beside the wall time: on a shared, loaded machine
    # the wall time says little.
    _statements.clear()
    server = _server_cpu()
    start, cpu = time.perf_counter(), time.process_time()
    profiler = cProfile.Profile() if CPU_PROFILE else None
    if PROFILE:
        with connection.execute_wrapper(_record):
            result = profiler.runcall(fn) if profiler else fn()
    else:
        result = fn()
    wall, here = time.perf_counter() - start, time.process_time() - cpu
    server_now = _server_cpu()
    on_server = (
        f", server {server_now - server:.2f} s" if server is not None and server_now is not None else ""
    )
    print(f"{label:<40} {wall:8.2f} s  (cpu here {here:.2f} s{on_server}, load {os.getloadavg()[0]:.1f})")
    if PROFILE:
        db = sum(t for _n, t in _statements.values())
        print(f"    database {db:.2f} s in {sum(int(n) for n, _t in _statements.values())} statements; top:")
        for shape, (n, t) in sorted(_statements.items(), key=lambda kv: -kv[1][1])[:8]:
            print(f"    {t:7.2f} s {int(n):6d}×  {shape}")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(12)
        stats.sort_stats("cumulative").print_stats("lindung/", 14)
        print("\n".join("    " + line for line in out.getvalue().splitlines() if line.startswith(" ")))
    return result


def main() -> None:
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code="16.06").exists():
        call_command("load_regions", "16.06", verbosity=0)
    admin, _c = User.objects.get_or_create(
        username="bench-dinas", defaults={"role": Role.ADMIN_DINAS, "area_id": "16.06"}
    )
    desa = list(Region.objects.filter(level="desa", code__startswith="16.06.").values_list("code", flat=True))
    run = Worker.objects.filter(source_ref__startswith="BENCH-").count()
    workers = []
    for i in range(run, run + N):
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=i % 12000)
        code = desa[i % len(desa)]
        kec = code.rsplit(".", 1)[0]
        name = f"Pekerja Bench {i}"
        workers.append(
            Worker(
                nik=make_nik(kec, birth, "L", 5000 + i // 12000),
                name=name,
                name_key=normalize_name(name),
                birth_date=birth,
                sex="L",
                desa_id=code,
                kecamatan_id=kec,
                kabupaten_id="16.06",
                status=Status.DISETUJUI,
                source_ref=f"BENCH-{i}",
            )
        )
    Worker.objects.bulk_create(workers, batch_size=2000)
    source = funding_source_default("16.06")
    print(
        f"{N} approved workers added (run {run // N + 1}), database {os.environ.get('DATABASE_URL', 'SQLite')}"
    )
    batch = timed(
        "batch_create",
        lambda: batch_create(
            user=admin, funding_source=source, coverage_start=dt.date(2026, 1, 1), filters={}
        ),
    )
    sealed = timed("batch_seal", lambda: batch_seal(batch=batch, by=admin))
    timed("batch_export (xlsx)", lambda: batch_export(batch=sealed.batch, by=admin))
    lines = list(batch.lines.filter(result="").values_list("nik", flat=True))
    csv = "NIK,KPJ,Status,Tanggal Efektif\n" + "".join(
        f"{nik},{17_000_000_000 + run + i},diterima,01/01/2026\n" for i, nik in enumerate(lines)
    )
    upload = timed(
        "result_upload_create (parse+reconcile)",
        lambda: result_upload_create(batch=batch, name="hasil.csv", content=csv.encode(), by=admin),
    )
    timed("result_upload_apply (memberships)", lambda: result_upload_apply(upload=upload, by=admin))
    bill = timed(
        "bill_compute (one month)", lambda: bill_compute(month=dt.date(2026, 1, 1), funding_source=source)
    )
    print(f"sealed {sealed.sealed}, bill {bill.member_count} members Rp{bill.total:,}")
    if MEMBERS:
        renewal(admin, source, desa)


def renewal(admin: Any, source: Any, desa: list[str]) -> None:
    kabupaten = Region.objects.get(code="16.06")
    active = Membership.objects.filter(status=Membership.Status.AKTIF, funding_source__kabupaten=kabupaten)
    missing = MEMBERS - active.count()
    if missing > 0:
        base = Worker.objects.filter(source_ref__startswith="BENCH-M-").count()
        workers = []
        for i in range(base, base + missing):
            # One in twenty is 72 on the new year's day: the renewal proposes to end them.
            birth = dt.date(1955 if i % 20 == 0 else 1975, 1, 1) + dt.timedelta(days=i % 360)
            code = desa[i % len(desa)]
            kec = code.rsplit(".", 1)[0]
            name = f"Peserta Bench {i}"
            workers.append(
                Worker(
                    nik=make_nik(kec, birth, "P", 1000 + i // 360),
                    name=name,
                    name_key=normalize_name(name),
                    birth_date=birth,
                    sex="P",
                    desa_id=code,
                    kecamatan_id=kec,
                    kabupaten_id="16.06",
                    status=Status.TERDAFTAR,
                    source_ref=f"BENCH-M-{i}",
                )
            )
        Worker.objects.bulk_create(workers, batch_size=2000)
        Membership.objects.bulk_create(
            [
                Membership(
                    worker=w,
                    kpj=str(18_000_000_000 + base + n),
                    funding_source=source,
                    start=dt.date(2026, 1, 1),
                    end=dt.date(2026, 12, 31),
                )
                for n, w in enumerate(workers)
            ],
            batch_size=2000,
        )
    confirmed = RenewalRun.objects.filter(kabupaten=kabupaten, status=RenewalRun.Status.CONFIRMED)
    year = max([2026, *confirmed.values_list("fiscal_year", flat=True)]) + 1
    print(f"renewal {year}: {active.count()} active members")
    run = timed("renewal_propose", lambda: renewal_propose(kabupaten=kabupaten, fiscal_year=year, by=admin))
    counts = timed("renewal_confirm", lambda: renewal_confirm(run=run, by=admin))
    print(f"renewal {counts}")


if __name__ == "__main__":
    main()
