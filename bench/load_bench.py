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
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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
REQUEST_TIMEOUT = 30
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


@dataclass
class Staff:
    username: str
    kecamatan: list[str]  # the kecamatan its lists are filtered by: its own, or any for the Dinas
    worker_ids: list[int]  # workers it may open


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


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


class Browser:
    """One person's browser: its own cookies, one connection per request, only ever to 127.0.0.1."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.referer = ""

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        origin = f"http://127.0.0.1:{self.port}"
        headers = {"User-Agent": "lindung-load-bench", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": self.referer,
                }
            )
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.referer = origin + path
        return Answer(response.status, text, response.headers.get("Location", ""))


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    receipts: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, browser: Browser, method: str, path: str, form: dict[str, str] | None = None):
        started = time.perf_counter()
        try:
            answer = browser.request(method, path, form)
        except Exception as exc:
            self.error(kind, f"{method} {path}: {exc!r}")
            return None
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[kind].append(elapsed)
        if not 200 <= answer.status < 400:
            self.error(kind, f"{method} {path}: HTTP {answer.status}")
            return None
        return answer

    def error(self, kind: str, what: str) -> None:
        with self.lock:
            self.errors[kind] += 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {what}")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
OPTION = re.compile(r'<option value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt-no">([^<]+)<')


def find(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    if found is None:
        raise ValueError(f"{pattern.pattern!r} not on the page")
    return found.group(1)


def options(name: str, page: str) -> list[str]:
    return OPTION.findall(find(re.compile(f'<select name="{name}"[^>]*>(.*?)</select>', re.S), page))


def pause(rng: random.Random, deadline: float, seconds: float = THINK) -> bool:
    """Think for a while (uniform around `seconds`); False once the time limit is reached."""
    if seconds:
        time.sleep(rng.uniform(0.5 * seconds, 1.5 * seconds))
    return time.monotonic() < deadline


def applicant(port: int, people: list[dict[str, str]], results: Results, deadline: float) -> None:
    rng = random.Random()
    browser = Browser(port)
    for person in people:
        if not pause(rng, deadline):
            return
        page = results.timed("form GET", browser, "GET", "/daftar/")
        if page is None:
            continue
        try:
            form = {
                **person,
                "csrfmiddlewaretoken": find(CSRF, page.body),
                "form_token": find(FORM_TOKEN, page.body),
                "desa": rng.choice([d for d in options("desa", page.body) if d.startswith(KABUPATEN + ".")]),
                "occupation": rng.choice(options("occupation", page.body)),
            }
        except ValueError as exc:
            results.error("form GET", str(exc))
            continue
        if not pause(rng, deadline):
            return
        answer = results.timed("form POST", browser, "POST", "/daftar/", form)
        if answer is None:
            continue
        try:
            receipt = find(RECEIPT, answer.body)
        except ValueError:
            results.error("form POST", f"no receipt for {person['nik']}: {answer.body[:300]!r}")
            continue
        with results.lock:
            results.receipts[person["nik"]] = receipt.replace("-", "")


def staff_pages(rng: random.Random, staff: Staff) -> list[str]:
    pages = []
    for _ in range(PAGES):
        kec = rng.choice(staff.kecamatan)
        pages.append(
            rng.choice(
                [
                    "/",
                    "/pekerja/",
                    f"/pekerja/?page={rng.randint(2, 20)}",
                    f"/pekerja/?kecamatan={kec}",
                    f"/pekerja/?kecamatan={kec}&status=diajukan",
                    f"/pekerja/?status=terdaftar&page={rng.randint(1, 5)}",
                    f"/pekerja/?q={rng.choice(['siti', 'budi+lestari', 'nur', 'sari'])}",
                    f"/pekerja/{rng.choice(staff.worker_ids)}/",
                    "/verifikasi/",
                    f"/verifikasi/?kecamatan={kec}",
                ]
            )
        )
    return pages


def log_in(port: int, username: str, password: str, results: Results) -> Browser | None:
    browser = Browser(port)
    page = results.timed("login", browser, "GET", "/akun/masuk/")
    if page is None:
        return None
    form = {"csrfmiddlewaretoken": find(CSRF, page.body), "username": username, "password": password}
    answer = results.timed("login", browser, "POST", "/akun/masuk/", form)
    if answer is None or answer.status != 302 or "sessionid" not in browser.cookies:
        results.error("login", f"{username} was not signed in")
        return None
    return browser


def staff_member(browser: Browser, pages: list[str], results: Results, deadline: float) -> None:
    rng = random.Random()
    for path in pages:
        if not pause(rng, deadline, STAFF_THINK):
            return
        answer = results.timed("staff page", browser, "GET", path)
        if answer is not None and answer.status != 200:
            # A redirect here means the session was lost (idle logout, 2FA): a failure for staff.
            results.error("staff page", f"GET {path}: HTTP {answer.status} to {answer.location}")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    ticks = [int(v) for v in Path("/proc/stat").read_text().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def server_pids(server: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [server.pid, *map(int, children)]


def database_pids() -> list[int]:
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres") as admin:
        rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB_NAME]).fetchall()
    return [row[0] for row in rows]


def run_threads(targets: list[threading.Thread], deadline: float) -> None:
    for thread in targets:
        thread.start()
    for thread in targets:
        thread.join(max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


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
            threading.Thread(target=applicant, args=(port, people[u::USERS], results, deadline))
            for u in range(USERS)
        ] + [
            threading.Thread(target=staff_member, args=(browser, staff_pages(rng, member), results, deadline))
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
