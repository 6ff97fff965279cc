"""Worker list and NIK search on a 200,000-worker registry.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry_bench .venv/bin/python bench/registry_bench.py
    LINDUNG_VAR_DIR=/tmp/registry-bench .venv/bin/python bench/registry_bench.py      # SQLite

The database is migrated and filled once (re-runs reuse it). Each page is requested through Django's test client
as a logged-in Admin Dinas, so the figure includes the query, the template and the pagination count.
Target (issue 2): median ≤ 300 ms for the kecamatan-filtered list and for a NIK search.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The bench signs in with force_login: no second factor to type.
os.environ.setdefault("LINDUNG_REQUIRE_2FA", "false")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from lindung.accounts.models import Role, User  # noqa: E402
from lindung.core.demo.names import FEMALE, MALE, SECOND  # noqa: E402
from lindung.lib.names import normalize_name  # noqa: E402
from lindung.lib.nik import make_nik  # noqa: E402
from lindung.regions.models import Region  # noqa: E402
from lindung.workers.models import Occupation, Worker  # noqa: E402

SIZE = int(os.environ.get("BENCH_WORKERS", "200000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def fill() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_regions", "16.06", verbosity=0)
    have = Worker.objects.count()
    if have >= SIZE:
        return
    rng = random.Random(7)
    desa = list(Region.objects.filter(level="desa", code__startswith="16.06."))
    occupations = list(Occupation.objects.all())
    serial = have
    started = time.perf_counter()
    while have < SIZE:
        chunk = []
        for _ in range(min(10000, SIZE - have)):
            serial += 1
            place = rng.choice(desa)
            sex = rng.choice("LP")
            birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 16000))
            name = f"{rng.choice(MALE if sex == 'L' else FEMALE)} {rng.choice(SECOND)}"
            kec = str(place.parent_id)
            chunk.append(
                Worker(
                    nik=make_nik(kec, birth, sex, serial % 9999 + 1),
                    name=name,
                    name_key=normalize_name(name),
                    birth_date=birth,
                    sex=sex,
                    desa=place,
                    kecamatan_id=kec,
                    kabupaten_id="16.06",
                    occupation=rng.choice(occupations),
                    income=1_000_000,
                    source_ref=f"BENCH-{serial}",
                    status=rng.choice(["diajukan", "diverifikasi", "disetujui", "terdaftar"]),
                )
            )
        Worker.objects.bulk_create(chunk, batch_size=5000, ignore_conflicts=True)
        have = Worker.objects.count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"filled {have} workers in {time.perf_counter() - started:.1f} s")


def median_ms(client: Client, url: str) -> tuple[float, float]:
    client.get(url)  # warm
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    fill()
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"role": Role.ADMIN_DINAS, "area_id": "16.06"}
    )
    client = Client()
    client.force_login(admin)
    sample = Worker.objects.order_by("?").first() if connection.vendor == "sqlite" else Worker.objects.last()
    assert sample is not None
    cases = {
        "list, kecamatan 16.06.01": "/pekerja/?kecamatan=16.06.01",
        "list, kecamatan + status, page 20": "/pekerja/?kecamatan=16.06.09&status=diajukan&page=20",
        "search, full NIK": f"/pekerja/?q={sample.nik}",
        "search, name": "/pekerja/?q=siti+lestari",
        "list, whole kabupaten": "/pekerja/",
    }
    total = Worker.objects.count()
    print(f"{connection.vendor}: {total} workers, {RUNS} runs each")
    for label, url in cases.items():
        median, p95 = median_ms(client, url)
        print(f"  {label:<36} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
