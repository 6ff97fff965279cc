"""Load: 100 people sending the public form and 20 staff browsing lists, through gunicorn on PostgreSQL.

    .venv/bin/python bench/load_bench.py
    BENCH_USERS=5 BENCH_SUBMISSIONS=2 BENCH_STAFF=2 BENCH_PAGES=5 .venv/bin/python bench/load_bench.py  # smoke
    BENCH_THINK=0 .venv/bin/python bench/load_bench.py       # no pause between requests: the server's ceiling
    BENCH_WORKER_CLASS=sync BENCH_GUNICORN_WORKERS=5 .venv/bin/python bench/load_bench.py   # sync, to compare

The PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/load_bench; its name
must start with load_bench) is created, migrated and seeded once with the demo (about 5,000 workers); re-runs
reuse it and add their applications. gunicorn serves it on a free port of 127.0.0.1 as production would
(DEBUG off, secure cookies and the HTTPS redirect off because this is plain HTTP on loopback), and is stopped
at the end whatever happens. Every request goes to 127.0.0.1 only.

Each person loads /daftar/, pauses, sends a valid application with a NIK nobody has, and must get a receipt;
each staff member signs in through /akun/masuk/ (before the measured part: a login is a deliberately slow
password hash) and then opens BENCH_PAGES pages: worker lists with filters, search and pages, a worker, the
verification queue, the home page. The pause between one person's requests is uniform around BENCH_THINK
seconds (a real person needs minutes to fill the form; the bench compresses that); staff pause so that their
pages span the same minutes as the applications. Everything is bounded by the request counts and by
BENCH_TIME_LIMIT seconds. On a shared machine, read the figures beside the load averages it prints.

The per-IP rate limit of the public form is raised for the run: every simulated person comes from 127.0.0.1.
Target (issue "Security, privacy and reliability"): no errors, form p95 ≤ 150 ms.

The simulated people (browser, applicant, staff member) and the CPU readings from /proc are in load_scenarios.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from load_scenarios import (
    Browser,
    Results,
    Staff,
    applicant,
    cpu_seconds,
    log_in,
    machine_busy_seconds,
    percentile,
    run_threads,
    server_pids,
    staff_member,
    staff_pages,
)

# No options: the BENCH_* variables below configure a run; --help prints the page above and runs nothing.
argparse.ArgumentParser(
    description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
).parse_args()

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/load_bench")
DB_NAME = urlsplit(DATABASE_URL).path.lstrip("/")
if not DB_NAME.startswith("load_bench"):
    sys.exit(f"BENCH_DATABASE_URL must name a database load_bench*, got {DB_NAME!r}")

USERS = int(os.environ.get("BENCH_USERS", "100"))
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "10"))
STAFF = int(os.environ.get("BENCH_STAFF", "20"))
PAGES = int(os.environ.get("BENCH_PAGES", "50"))
THINK = float(os.environ.get("BENCH_THINK", "5.0"))
# Staff pause so that their pages span the same time as the applications: both loads overlap throughout.
STAFF_THINK = THINK * 2 * SUBMISSIONS / max(1, PAGES)
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "600"))
# gthread: one process per core plus one, so a process waiting on PostgreSQL leaves the cores busy; threads
# inside each process overlap the database round trips without more memory. Override to compare.
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str((os.cpu_count() or 2) + 1)))
THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", "4"))
RATE_LIMIT = 1_000_000
RATE_KEY = "intake:rate:public:127.0.0.1"  # lindung.intake.throttle's counter for this machine
KABUPATEN = "16.06"

sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django  # noqa: E402
import psycopg  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

from lindung.accounts.models import Role, User  # noqa: E402
from lindung.core.demo.names import FEMALE, MALE, SECOND  # noqa: E402
from lindung.core.models import RateCounter  # noqa: E402
from lindung.core.ratelimit import reset as reset_counters  # noqa: E402
from lindung.intake.models import PublicApplication  # noqa: E402
from lindung.lib.nik import make_nik  # noqa: E402
from lindung.regions.models import Region  # noqa: E402
from lindung.workers.models import Worker  # noqa: E402


def prepare_database() -> None:
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            admin.execute(f'CREATE DATABASE "{DB_NAME}"')
    call_command("migrate", verbosity=0)
    call_command("load_regions", KABUPATEN, verbosity=0)
    if not Worker.objects.filter(source_ref__startswith="DEMO-").exists():
        started = time.perf_counter()
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"seeded the demo in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def kecamatan_codes() -> list[str]:
    return list(
        Region.objects.filter(level=Region.Level.KECAMATAN, parent_id=KABUPATEN)
        .order_by("code")
        .values_list("code", flat=True)
    )


def staff_logins(password: str) -> list[Staff]:
    """STAFF logins, half Admin Dinas, half kecamatan operators spread over the kabupaten."""
    kecamatan = kecamatan_codes()
    hashed = make_password(password)  # one hash for all: twenty would take seconds for nothing
    staff = []
    for n in range(STAFF):
        dinas = n % 2 == 0
        area = KABUPATEN if dinas else kecamatan[n // 2 % len(kecamatan)]
        username = f"bench-staff-{n:02d}"
        User.objects.update_or_create(
            username=username,
            defaults={
                "role": Role.ADMIN_DINAS if dinas else Role.OPERATOR_KECAMATAN,
                "area_id": area,
                "password": hashed,
                "is_active": True,
            },
        )
        visible = Worker.objects.filter(merged_into=None)
        if not dinas:
            visible = visible.filter(kecamatan_id=area)
        ids = list(visible.order_by("?").values_list("pk", flat=True)[:200])
        staff.append(Staff(username, kecamatan if dinas else [area], ids))
    return staff


def new_people(count: int) -> list[dict[str, str]]:
    """Valid applicants whose NIK is not in the registry yet (re-runs reuse the database)."""
    taken = set(Worker.objects.values_list("nik", flat=True))
    kecamatan = kecamatan_codes()
    rng = random.Random()
    people: list[dict[str, str]] = []
    while len(people) < count:
        sex = rng.choice("LP")
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randint(0, 12000))
        nik = make_nik(rng.choice(kecamatan), birth, sex, rng.randint(5000, 9999))
        if nik in taken:
            continue
        taken.add(nik)
        first = rng.choice(MALE if sex == "L" else FEMALE)
        people.append(
            {
                "nik": nik,
                "name": f"{first} {rng.choice(SECOND)}",
                "birth_place": "Sekayu",
                "birth_date": birth.isoformat(),
                "sex": sex,
                "address": f"Dusun {rng.randint(1, 9)} RT {rng.randint(1, 20):02d}",
                "phone": f"0812{rng.randint(10_000_000, 99_999_999)}",
                "income": f"{rng.randint(5, 30) * 100_000:,}".replace(",", "."),
                "segment": "rentan",
                "agency": "",
                "kk": "",
                "is_asn": "tidak",
                "bpjs_active": "tidak",
                "consent": "on",
                "situs_web": "",
            }
        )
    return people


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LINDUNG_REQUIRE_2FA": "false",
        "LINDUNG_INTAKE_RATE_LIMIT": str(RATE_LIMIT),
        "LINDUNG_VAR_DIR": str(log.parent),
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "lindung.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--worker-class={WORKER_CLASS}",
        f"--workers={WORKERS}",
        f"--threads={THREADS}",
        "--timeout=30",
        "--graceful-timeout=10",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start:\n{log.read_text()[-2000:]}")
        try:
            if Browser(port).request("GET", "/akun/masuk/").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def database_pids() -> list[int]:
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres") as admin:
        rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB_NAME]).fetchall()
    return [row[0] for row in rows]


def report(results: Results, seconds: float, expected: int) -> bool:
    total = sum(len(v) for k, v in results.times.items() if k != "login")
    print(f"\nmeasured phase: {total} requests in {seconds:.1f} s = {total / seconds:.1f} requests/s")
    print(f"  {'kind':<11} {'n':>5} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>7}")
    for kind in ["form GET", "form POST", "staff page", "login"]:
        times = results.times.get(kind, [])
        if not times:
            print(f"  {kind:<11} {0:>5} {'':>7} {'':>8} {'':>8} {'':>8} {results.errors.get(kind, 0):>7}")
            continue
        rate = "" if kind == "login" else f"{len(times) / seconds:.1f}"
        print(
            f"  {kind:<11} {len(times):>5} {rate:>7} {statistics.median(times):>8.1f} "
            f"{percentile(times, 0.95):>8.1f} {max(times):>8.1f} {results.errors.get(kind, 0):>7}"
        )
    form = results.times.get("form GET", []) + results.times.get("form POST", [])
    form_p95 = percentile(form, 0.95) if form else float("inf")
    print(f"  form (GET and POST together): p95 {form_p95:.1f} ms")

    shown = dict(Worker.objects.filter(nik__in=list(results.receipts)).values_list("nik", "receipt_no"))
    applications = PublicApplication.objects.filter(worker__nik__in=list(results.receipts)).count()
    matching = sum(
        1 for nik, receipt in results.receipts.items() if (shown.get(nik) or "").replace("-", "") == receipt
    )
    print(
        f"applications: {expected} to send, {len(results.receipts)} receipts shown, {len(shown)} workers and "
        f"{applications} applications in the database, {matching} with the receipt number that was shown"
    )
    posts = len(results.times.get("form POST", []))
    counted = RateCounter.objects.filter(key=RATE_KEY).aggregate(n=Sum("count"))["n"] or 0
    print(f"rate-limit counter for 127.0.0.1: {counted} after {posts} submissions")
    errors = sum(results.errors.values())
    print(f"errors: {errors}" + "".join(f"\n  {line}" for line in results.samples))
    ok = errors == 0 and form_p95 <= 150 and matching == len(results.receipts) == expected == applications
    print("target (0 errors, form p95 ≤ 150 ms, every application stored):", "met" if ok else "MISSED")
    return ok


def main() -> int:
    prepare_database()
    password = secrets.token_urlsafe(16)
    staff = staff_logins(password)
    people = new_people(USERS * SUBMISSIONS)
    workers = Worker.objects.count()
    reset_counters(RATE_KEY)  # count this run's submissions from zero
    connection.close()  # the bench holds no connection while the server works

    workdir = Path(tempfile.mkdtemp(prefix="load-bench-"))
    log = workdir / "gunicorn.log"
    port = free_port()
    print(
        f"{workers} workers in {DB_NAME}; gunicorn {WORKER_CLASS} × {WORKERS} workers"
        + (f" × {THREADS} threads" if WORKER_CLASS == "gthread" else "")
        + f" on 127.0.0.1:{port}, DEBUG off"
    )
    print(
        f"intake rate limit raised to {RATE_LIMIT} per window for this run (LINDUNG_INTAKE_RATE_LIMIT): "
        "every simulated person comes from 127.0.0.1"
    )
    print(
        f"{USERS} people × {SUBMISSIONS} applications, {STAFF} staff × {PAGES} pages, "
        f"pause {THINK:g} s ± 50 % between one person's requests ({STAFF_THINK:.2g} s for staff), "
        f"limit {TIME_LIMIT:g} s"
    )
    if THINK:
        offered = USERS / THINK + STAFF / STAFF_THINK
        print(f"offered load without waiting for answers: about {offered:.0f} requests/s")
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    server = start_gunicorn(port, log)
    try:
        results = Results()
        deadline = time.monotonic() + TIME_LIMIT
        browsers: list[Browser | None] = [None] * STAFF

        def sign_in(n: int) -> None:
            browsers[n] = log_in(port, staff[n].username, password, results)

        run_threads([threading.Thread(target=sign_in, args=(n,)) for n in range(STAFF)], deadline)
        rng = random.Random(7)
        threads = [
            threading.Thread(
                target=applicant,
                args=(port, people[u::USERS], results, deadline),
                kwargs={"think": THINK, "kabupaten": KABUPATEN},
            )
            for u in range(USERS)
        ] + [
            threading.Thread(
                target=staff_member,
                args=(browser, staff_pages(rng, member, PAGES), results, deadline),
                kwargs={"think": STAFF_THINK},
            )
            for browser, member in zip(browsers, staff, strict=True)
            if browser is not None
        ]
        started = time.perf_counter()
        gunicorn_before, machine_before = cpu_seconds(server_pids(server)), machine_busy_seconds()
        client_before = time.process_time()
        run_threads(threads, deadline)
        seconds = time.perf_counter() - started
        gunicorn = cpu_seconds(server_pids(server)) - gunicorn_before
        machine = machine_busy_seconds() - machine_before
        client = time.process_time() - client_before
        # Connections opened for this run and still open (CONN_MAX_AGE renews older ones: a lower bound).
        postgres = cpu_seconds(database_pids())
        requests = sum(len(v) for k, v in results.times.items() if k != "login")
        print(
            f"CPU in the measured phase: {machine:.0f} of {(os.cpu_count() or 1) * seconds:.0f} core-seconds "
            f"busy; gunicorn {gunicorn:.0f} s ({gunicorn / max(1, requests) * 1000:.0f} ms a request), "
            f"PostgreSQL for {DB_NAME} ≥ {postgres:.0f} s, this client {client:.0f} s, "
            f"the rest (other processes, closed connections) ≈ {max(0.0, machine - gunicorn - postgres - client):.0f} s"
        )
        print(
            "load average after: {:.1f} {:.1f} {:.1f} (2 cores; other processes share them)".format(
                *os.getloadavg()
            )
        )
        if time.monotonic() > deadline:
            print(f"stopped by the time limit of {TIME_LIMIT:g} s")
    finally:
        stop(server)
    server_errors = [
        line for line in log.read_text().splitlines() if "Traceback" in line or "CRITICAL" in line
    ]
    if server_errors:
        print(f"gunicorn log {log}: {len(server_errors)} tracebacks or timeouts")
    return 0 if report(results, seconds, len(people)) and not server_errors else 1


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(f"stopped by signal {signum}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())
