"""Duplicate-detection benchmark: accuracy, time and memory of the full scan; p95 of checking one applicant.

    .venv/bin/python bench/dedup_bench.py --size 100000
    .venv/bin/python bench/dedup_bench.py --size 1000000 --db postgres://postgres@127.0.0.1:5432/dedup_bench
    .venv/bin/python bench/dedup_bench.py --size 1000000 --db sqlite --stage one

1. A synthetic registry with known true duplicates (bench/dedup_gen.py: the error model is described there) is
   generated once and cached in /tmp.
2. Full scan — the pure engine on in-memory records, in a fresh process so that its peak memory
   (getrusage maxrss) is the scan's own: columns loaded → Registry built → blocking → scoring → pairs with
   reasons at the default threshold. Wall time covers all of that; CPU adds the forked scoring processes'
   (`--processes N`, default the engine's SCAN_PROCESSES), and peak memory is the larger of the scan
   process's RSS and the PSS of all its processes summed while they score (a shared page counted once).
   Precision/recall/F1 against the truth. `--save-pairs FILE` writes the pairs with their scores and reasons:
   two runs' files are byte-identical when a change to the engine's speed changed nothing it finds.
3. One applicant (with --db) — the shipped path, `lindung.dedup.services.candidates_for`, against a database
   holding the same registry with phone numbers (`dedup_gen.phones`: shared in families, a kader's given by a few
   dozen records; PostgreSQL loaded with COPY, SQLite with executemany; records whose NIK repeats are left out,
   the database forbids them): 300 applicants, half of them a new error-model variant of a registered person
   (with its phone as a duplicate gives it), half new people (80 % with a phone). Reports p50/p95 wall time
   and client CPU per call (SQLite runs inside the client), the PostgreSQL backend's CPU per call when the
   server runs on this machine, and how many variants came back as the top match.
   `--db sqlite` uses a file database under /tmp/dedup-var-<size>/ (built once per size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import pickle
import random
import resource
import subprocess
import sys
import threading
import time
import zlib
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_gen import Generator, Person, duplicate_phone, generate, new_phone, phones

KABUPATEN = "16.06"


def desa_codes() -> list[str]:
    text = resources.files("wilayah_indonesia").joinpath("csv/base.csv").read_text(encoding="utf-8")
    codes = [line.split(",")[0] for line in text.splitlines()]
    return [c for c in codes if c.startswith(KABUPATEN + ".") and c.count(".") == 3]


def cache_path(size: int) -> Path:
    return Path(f"/tmp/dedup_bench_{size}.pkl")


def ensure_data(size: int) -> None:
    path = cache_path(size)
    if path.exists():
        return
    started = time.perf_counter()
    people, truth = generate(size, desa_codes())
    columns = {
        "ids": [p.id for p in people],
        "niks": [p.nik for p in people],
        "names": [p.name for p in people],
        "births": [p.birth for p in people],
        "desas": [p.desa for p in people],
        "sexes": [p.sex for p in people],
        "kks": [p.kk for p in people],
        "refs": [p.source_ref for p in people],
    }
    with path.open("wb") as handle:
        pickle.dump((columns, truth), handle, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"generated {size:,} records, {len(truth):,} true pairs in {time.perf_counter() - started:.1f} s")


def stage_scan(size: int, save_pairs: str = "", processes: int | None = None) -> None:
    """Run in a child process: the peak memory is the scan's. `save_pairs`: a file to write the pairs found to
    (id a, id b, score, reasons; sorted), to check that a change to the engine's speed changes nothing found."""
    from lindung.dedup.engine import DEFAULT_THRESHOLD, Registry
    from lindung.dedup.matching import SCAN_PROCESSES, scan

    processes = processes or SCAN_PROCESSES

    with cache_path(size).open("rb") as handle:
        columns, truth = pickle.load(handle)
    memory = MemorySampler()
    started = time.perf_counter()
    cpu = time.process_time()
    reg = Registry(
        ids=columns["ids"],
        niks=columns["niks"],
        names=columns["names"],
        births=columns["births"],
        desas=columns["desas"],
        sexes=columns["sexes"],
        kks=columns["kks"],
    )
    built = time.perf_counter()
    del columns  # the registry holds what the scan needs, as a scan of the database would
    found = scan(reg, processes=processes)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_children = children.ru_utime + children.ru_stime
    memory.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    predicted = {(min(c.a, c.b), max(c.a, c.b)) for c in found}
    hits = len(predicted & truth)
    precision = hits / max(len(predicted), 1)
    recall = hits / max(len(truth), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print(f"full scan, pure engine on in-memory records, {size:,} records, threshold {DEFAULT_THRESHOLD}")
    print(f"  true pairs {len(truth):,}  predicted {len(predicted):,}  correct {hits:,}")
    print(f"  precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    print(
        f"  wall {wall:.1f} s (registry {built - started:.1f} s, blocking+scoring {wall - (built - started):.1f} s)"
        f"  cpu {cpu + cpu_children:.1f} s (scan process {cpu:.1f} s, {processes} scoring processes"
        f" {cpu_children:.1f} s)  load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  peak memory {max(peak_mb, memory.peak_mb):,.0f} MB (including the loaded columns): the scan"
        f" process's RSS {peak_mb:,.0f} MB; while scoring in {processes} processes, their PSS summed"
        f" (a page shared after fork counted once, read every {memory.every} s) {memory.peak_mb:,.0f} MB"
    )
    if save_pairs:
        with open(save_pairs, "w", encoding="utf-8") as out:
            for c in sorted(found, key=lambda c: (c.a, c.b)):
                out.write(f"{c.a}\t{c.b}\t{c.score!r}\t{' | '.join(c.reasons)}\n")
    in_memory_check(reg)


class MemorySampler:
    """The peak memory of this process and its children together, read from /proc every `every` seconds in a
    thread while there are children: the sum of their proportional set sizes (PSS), since forked scoring
    processes share the registry's pages, which RSS would count once per process. (PSS is read only then:
    reading it walks the page tables, which costs CPU. Alone, the process's peak RSS says it all.)"""

    def __init__(self, every: float = 0.5) -> None:
        self.every, self.peak_mb, self._done = every, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                return next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            return 0

    def _run(self) -> None:
        me = os.getpid()
        while not self._done.wait(self.every):
            try:
                with open(f"/proc/{me}/task/{me}/children", encoding="ascii") as handle:
                    children = [int(p) for p in handle.read().split()]
            except OSError:
                children = []
            if children:
                total = sum(self._pss_kb(p) for p in [me, *children])
                self.peak_mb = max(self.peak_mb, total / 1024)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def in_memory_check(reg: object, count: int = 200) -> None:
    """check_one() of the pure engine against the in-memory registry (for comparison with the DB path)."""
    from lindung.dedup.engine import Record
    from lindung.dedup.matching import check_one

    gen = Generator(desa_codes(), seed=98)
    gen.niks = set()
    rng = random.Random(8)
    timings = []
    check_one(Record(0, "1606010101900001", "Siti", dt.date(1990, 1, 1), "16.06.01.2001"), against=reg)  # type: ignore[arg-type]
    for k in range(count):
        if k % 2 == 0:
            r = reg.record(rng.randrange(reg.n))  # type: ignore[attr-defined]
            p = gen.duplicate(0, Person(r.id, r.nik, r.kk, r.name, r.birth_date, r.desa, r.sex, ""))
        else:
            p = gen.person(0)
        record = Record(0, p.nik, p.name, p.birth, p.desa, p.sex, p.kk)
        started = time.perf_counter()
        check_one(record, against=reg)  # type: ignore[arg-type]
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(
        f"  check_one() in memory, {count} applicants: p50 {timings[len(timings) // 2]:.1f} ms"
        f"  p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms"
    )


def load_database(size: int, url: str, columns: dict[str, list], phone_column: list[str]) -> None:
    """Migrate, load the regions and COPY the registry (with `dedup_gen.phones`) into the benchmark database
    (once per size)."""
    import django
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    if url != "sqlite":
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                admin.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    from lindung.lib.names import normalize_name
    from lindung.workers.models import Worker

    call_command("migrate", verbosity=0)
    call_command("load_regions", KABUPATEN, verbosity=0)
    marker = f"{size}:{zlib.crc32(''.join(columns['niks'][:5000]).encode())}:phones"
    if Worker.objects.filter(source_ref="BENCH-SIZE", address=marker).exists():
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE workers_worker CASCADE")
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'workers_worker' AND is_nullable = 'NO' AND column_default IS NULL"
            )
            required = dict(cursor.fetchall())
        else:
            cursor.execute("DELETE FROM workers_worker")
            cursor.execute("PRAGMA table_info(workers_worker)")
            # (cid, name, type, notnull, default, pk): the NOT NULL columns without a default, as on PostgreSQL
            required = {r[1]: r[2].lower() for r in cursor.fetchall() if r[3] and r[4] is None and not r[5]}
    now = dt.datetime.now(dt.UTC).isoformat()
    fixed = {"segment": "rentan", "source": "impor", "status": "diajukan", "version": "1"}
    names = ["nik", "kk", "name", "name_key", "birth_date", "sex", "desa_id", "kecamatan_id", "kabupaten_id",
             "source_ref", "address", "phone", "created_at", "updated_at"]  # fmt: skip
    extra = [c for c in required if c not in names and c != "id"]
    defaults = {}
    for col in extra:
        kind = required[col]
        defaults[col] = fixed.get(col) or (
            ""
            if "char" in kind or kind == "text"
            else ("0" if "int" in kind else ("false" if kind in ("boolean", "bool") else now))
        )
    seen: set[str] = set()
    keys: dict[str, str] = {}
    buffer = io.StringIO()

    pending: list[list[str]] = []

    def flush() -> None:
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * len(names + extra))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO workers_worker ({', '.join(names + extra)}) VALUES ({marks})", pending
                )
            pending.clear()
            return
        buffer.seek(0)
        with (
            connection.cursor() as cursor,
            cursor.connection.cursor().copy(
                f"COPY workers_worker ({', '.join(names + extra)}) FROM STDIN"
            ) as copy,
        ):
            copy.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()

    rows = zip(
        *(columns[k] for k in ("niks", "kks", "names", "births", "desas", "sexes", "refs")),
        phone_column,
        strict=True,
    )
    for n, (nik, kk, name, birth, desa, sex, ref, phone) in enumerate(rows, start=1):
        if nik in seen:
            continue
        seen.add(nik)
        key = keys.get(name)
        if key is None:
            key = keys[name] = normalize_name(name)
        kec = desa.rsplit(".", 1)[0]
        values = [nik, kk, name, key, birth.isoformat(), sex, desa, kec, KABUPATEN, ref, "", phone, now, now]
        values += [defaults[c] for c in extra]
        if connection.vendor != "postgresql":
            pending.append(values)
            if n % 100_000 == 0:
                flush()
            continue
        buffer.write("\t".join(v.replace("\t", " ") for v in values) + "\n")
        if n % 100_000 == 0:
            flush()
    flush()
    connection.commit() if not connection.get_autocommit() else None
    Worker.objects.filter(nik=columns["niks"][0]).update(source_ref="BENCH-SIZE", address=marker)
    with connection.cursor() as cursor:
        # VACUUM too: a freshly loaded table has no visibility map, so every index look-up (the name count of
        # candidates_for) would read the table's pages, as it would not once autovacuum has passed.
        cursor.execute(
            "VACUUM ANALYZE workers_worker" if connection.vendor == "postgresql" else "ANALYZE workers_worker"
        )
    print(f"loaded {len(seen):,} workers into {connection.vendor} in {time.perf_counter() - started:.1f} s")


def stage_one(size: int, url: str, count: int = 300) -> None:
    if url == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["LINDUNG_VAR_DIR"] = f"/tmp/dedup-var-{size}"
    else:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("LINDUNG_VAR_DIR", "/tmp/dedup-var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    with cache_path(size).open("rb") as handle:
        columns, truth = pickle.load(handle)
    phone_column = phones(columns["ids"], columns["kks"], truth)
    load_database(size, url, columns, phone_column)
    from lindung.dedup.services import candidates_for
    from lindung.dedup.wordcounts import word_counts_store

    # The name word counts, as the daily `match_weights` job keeps them: without them a registry this size is
    # checked without word weighting (services.candidates_for).
    started = time.perf_counter()
    word_counts_store()
    print(
        f"  name word counts stored in {time.perf_counter() - started:.1f} s (the match_weights job's share)"
    )

    gen = Generator(desa_codes(), seed=99)
    gen.niks = set(columns["niks"])
    rng, phone_rng = random.Random(7), random.Random(11)
    applicants: list[tuple[dict[str, object], int | None]] = []
    for k in range(count):
        if k % 2 == 0:
            row = rng.randrange(len(columns["ids"]))
            person = Person(
                *(
                    columns[c][row]
                    for c in ("ids", "niks", "kks", "names", "births", "desas", "sexes", "refs")
                )
            )
            dup = gen.duplicate(0, person)
            applicants.append((_fields(dup, duplicate_phone(phone_rng, phone_column[row])), row))
        else:
            new = gen.person(0)
            applicants.append((_fields(new, new_phone(phone_rng)), None))
    from django.db import connection

    from lindung.workers.models import Worker

    candidates_for(applicants[0][0])  # warm up the connection and the registry-size cache
    server = _backend_stat(connection)
    server_cpu = -_cpu_seconds(server)
    timings, cpu, found, variants = [], [], 0, 0
    for fields, row in applicants:
        started, cpu_started = time.perf_counter(), time.process_time()
        matches = candidates_for(fields)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        if row is not None:
            variants += 1
            target = Worker.objects.filter(nik=columns["niks"][row]).values_list("pk", flat=True).first()
            found += bool(matches) and matches[0].worker_id == target
    server_cpu += _cpu_seconds(server)  # (the checks of the top match above included: a little high)
    timings.sort()
    p50, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1]

    print(f"one applicant, candidates_for() against {connection.vendor} with {size:,} records, {count} calls")
    cpu.sort()
    print(f"  wall p50 {p50:.1f} ms  p95 {p95:.1f} ms  max {timings[-1]:.1f} ms")
    print(
        f"  client CPU (Django + engine, not the database server) p50 {cpu[len(cpu) // 2]:.1f} ms  p95 {cpu[int(len(cpu) * 0.95) - 1]:.1f} ms"
    )
    if server:
        print(
            f"  database server CPU (its backend's, from /proc) {server_cpu / count * 1000:.1f} ms a call on average"
        )
    print(f"  load average {os.getloadavg()[0]:.1f}")
    print(f"  variants of registered people found as the top match: {found}/{variants}")
    print(f"  applicants giving a phone: {sum(bool(f['phone']) for f, _row in applicants)}/{count}")


def _backend_stat(connection: object) -> str:
    """/proc/<pid>/stat of the PostgreSQL backend serving this connection, when it runs on this machine."""
    if connection.vendor != "postgresql":  # type: ignore[attr-defined]
        return ""
    with connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute("SELECT pg_backend_pid()")
        path = f"/proc/{cursor.fetchone()[0]}/stat"
    return path if os.path.exists(path) else ""


def _cpu_seconds(stat_path: str) -> float:
    """utime + stime of a process from /proc/<pid>/stat, in seconds (0 without a path)."""
    if not stat_path:
        return 0.0
    with open(stat_path, encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _fields(p: Person, phone: str) -> dict[str, object]:
    return {
        "nik": p.nik, "name": p.name, "birth_date": p.birth, "desa": p.desa, "sex": p.sex, "kk": p.kk,
        "phone": phone,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db", default="", help="PostgreSQL URL, or 'sqlite', for the one-applicant figure")
    parser.add_argument("--stage", choices=["all", "scan", "one"], default="all")
    parser.add_argument("--save-pairs", default="", help="write the scan's pairs to this file")
    parser.add_argument("--processes", type=int, default=0, help="scoring processes (default: the engine's)")
    args = parser.parse_args()
    if args.stage == "scan":
        stage_scan(args.size, args.save_pairs, args.processes or None)
        return
    if args.stage == "one":
        stage_one(args.size, args.db)
        return
    ensure_data(args.size)
    scan_args = ["--save-pairs", args.save_pairs] if args.save_pairs else []
    scan_args += ["--processes", str(args.processes)] if args.processes else []
    subprocess.run(
        [sys.executable, __file__, "--size", str(args.size), "--stage", "scan", *scan_args], check=True
    )
    if args.db:
        subprocess.run(
            [sys.executable, __file__, "--size", str(args.size), "--stage", "one", "--db", args.db],
            check=True,
        )


if __name__ == "__main__":
    main()
