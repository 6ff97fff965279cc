"""What one request of the load bench costs in-process: CPU milliseconds and SQL queries, no server, no network.

    .venv/bin/python bench/request_cost.py                 # 30 of each kind
    BENCH_N=100 .venv/bin/python bench/request_cost.py
    BENCH_PROFILE="form POST" .venv/bin/python bench/request_cost.py   # cProfile one kind, top 40 by cumtime
    BENCH_SQL="form POST" .venv/bin/python bench/request_cost.py       # print the last request's queries

Uses the load bench's PostgreSQL database (BENCH_DATABASE_URL, default load_bench; bench/load_bench.py creates
and seeds it) with the settings gunicorn gets there (DEBUG off), and Django's test client with CSRF checks: each
kind of request the load bench sends is made BENCH_N times after a few unmeasured ones, and the figures are the
CPU time of this process (Python and the driver, not PostgreSQL's) and the queries per request. On a shared
machine CPU time is distorted far less than wall time, so these figures compare changes the load bench cannot.
A form POST is timed alone (the GET that gives its tokens is not); the POSTs add applications to the database,
as the load bench does.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LINDUNG_REQUIRE_2FA", "false")
os.environ.setdefault("LINDUNG_INTAKE_RATE_LIMIT", "1000000")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_bench as lb
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lindung.accounts.models import User

N = int(os.environ.get("BENCH_N", "30"))
WARMUP = 3
PROFILE = os.environ.get("BENCH_PROFILE", "")
SQL = os.environ.get("BENCH_SQL", "")

Request = Callable[[], HttpResponse]


def measure(kind: str, prepare: Callable[[], Request], check: Callable[[HttpResponse], bool]) -> None:
    """Time BENCH_N requests made by prepare()'s callables; prepare itself is not timed."""
    for _ in range(WARMUP):
        assert check(prepare()()), kind
    cpu: list[float] = []
    queries: list[int] = []
    profiler = cProfile.Profile() if kind == PROFILE else None
    for _ in range(N):
        send = prepare()
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            if profiler:
                profiler.enable()
            response = send()
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - started) * 1000)
        assert check(response), (kind, response.status_code, response.content[:300])
        queries.append(len(captured.captured_queries))
    print(
        f"  {kind:<34} CPU ms mean {statistics.mean(cpu):6.1f} median {statistics.median(cpu):6.1f}"
        f"   queries {statistics.mean(queries):5.1f} ({min(queries)}–{max(queries)})"
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
            40
        )
        print(out.getvalue())
    if kind == SQL:
        for query in captured.captured_queries:
            print("     ", query["sql"][:400])


def main() -> int:
    lb.prepare_database()
    people = iter(lb.new_people(WARMUP + N))
    rng = random.Random(7)
    print(
        f"{N} requests of each kind on {lb.DB_NAME}; CPU of this process (not PostgreSQL's), queries a request"
    )

    reader = Client(enforce_csrf_checks=True)
    measure("form GET", lambda: lambda: reader.get("/daftar/"), lambda r: r.status_code == 200)

    def application() -> Request:
        browser = Client(enforce_csrf_checks=True)
        page = browser.get("/daftar/").content.decode()
        data = {
            **next(people),
            "csrfmiddlewaretoken": lb.find(lb.CSRF, page),
            "form_token": lb.find(lb.FORM_TOKEN, page),
            "desa": rng.choice([d for d in lb.options("desa", page) if d.startswith(lb.KABUPATEN + ".")]),
            "occupation": rng.choice(lb.options("occupation", page)),
        }
        return lambda: browser.post("/daftar/", data)

    measure("form POST", application, lambda r: b'id="receipt-no"' in r.content)

    staff = lb.staff_logins(secrets.token_urlsafe(16))
    for member, who in [(staff[0], "dinas"), (staff[1], "kecamatan")]:
        client = Client()
        client.force_login(User.objects.get(username=member.username))
        kec = member.kecamatan[0]
        for path in [
            "/pekerja/",
            f"/pekerja/?kecamatan={kec}&status=diajukan",
            "/pekerja/?q=budi+lestari",
            f"/pekerja/{member.worker_ids[0]}/",
            "/verifikasi/",
            "/",
        ]:
            measure(
                f"{who} {path}",
                lambda path=path, client=client: lambda: client.get(path),  # type: ignore[misc]
                lambda r: r.status_code == 200,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
