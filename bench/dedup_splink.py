"""Duplicate detection, our engine against Splink (the baseline issue 3 names), on the same data in the same run.

    .venv/bin/pip install -e '.[bench]'            # splink==5.0.0 (DuckDB backend); not part of dev/CI
    .venv/bin/python bench/dedup_splink.py --size 100000
    .venv/bin/python bench/dedup_splink.py --size 1000000

Both sides read the registry of bench/dedup_bench.py (generated once, cached in /tmp) — the columns ids, niks,
names, births, desas, sexes, kks — each in its own child process, so that the peak RSS (getrusage maxrss, which
includes DuckDB's memory: it runs inside the process) and the CPU time (all threads) are that side's own. Wall
and CPU run from the loaded columns to the pairs in Python.

- ours: `lindung.dedup.matching.scan` at the default threshold, as in dedup_bench.py's full scan.
- Splink: a Fellegi-Sunter model as a competent user would write it for this data. Names lower-cased, titles,
  Muhammad abbreviations and old spellings (oe, dj, tj, sj) normalised. Comparisons: NIK (exact with term
  frequencies, one edit in the serial, one edit elsewhere, Damerau-Levenshtein 2), name (exact with term
  frequencies, same letters without spaces, Jaro-Winkler 0.95/0.88/0.75), birth date (exact with term
  frequencies, day and month swapped, within 3 days, one digit of YYYYMMDD), desa / kecamatan (the desa code's
  prefix), sex, KK (exact with term frequencies). u by random sampling (1e7 pairs), m by EM on two blocking rules
  chosen not to imply another comparison; predictions on ten blocking rules (NIK parts, birth date with
  kecamatan, name with date parts, KK). DuckDB limited to 2 threads and 16 GB. The match-weight threshold is
  the one that gives Splink its best F1 against the truth (an oracle choice that favours Splink; our engine uses
  its fixed default), so the prior (probability two random records match) does not matter.
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dedup_bench import cache_path, ensure_data

TITLES = {"h", "hj", "s", "pd", "spd", "se", "e", "skom", "kom", "amd", "a", "md", "sh"}
MUHAMMAD = {"muhammad", "muhamad", "mohammad", "mohamad", "mochammad", "moh", "mhd", "m"}
OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"))


def normalise(name: str) -> str:
    words = re.findall(r"[a-z]+", name.lower().split(",")[0])
    while len(words) > 1 and words[0] in ("h", "hj"):
        words = words[1:]
    while len(words) > 1 and words[-1] in TITLES:
        words = words[:-1]
    if words and words[0] in MUHAMMAD:
        words[0] = "muhammad"
    text = " ".join(words)
    for old, new in OLD_SPELLING:
        text = text.replace(old, new)
    return text


def score(ids_a, ids_b, weights, truth) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Precision/recall/F1 at the match-weight threshold that maximises F1 (ties kept together)."""
    import numpy as np

    lo, hi = np.minimum(ids_a, ids_b).astype(np.int64), np.maximum(ids_a, ids_b).astype(np.int64)
    keys = (lo << 32) | hi
    true_keys = np.fromiter(((a << 32) | b for a, b in truth), dtype=np.int64, count=len(truth))
    order = np.argsort(-weights, kind="stable")
    w, hit = weights[order], np.isin(keys[order], true_keys)
    hits = np.cumsum(hit)
    ends = np.flatnonzero(np.append(w[1:] != w[:-1], True))  # last index of each run of equal weights
    precision, recall = hits[ends] / (ends + 1), hits[ends] / len(truth)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
    best = int(np.argmax(f1))
    return {
        "precision": float(precision[best]),
        "recall": float(recall[best]),
        "f1": float(f1[best]),
        "predicted": int(ends[best] + 1),
        "weight": float(w[ends[best]]),
    }


def stage_splink(size: int) -> dict[str, object]:
    with cache_path(size).open("rb") as handle:
        columns, truth = pickle.load(handle)
    return run_splink(columns, truth)


def run_splink(columns: dict[str, list], truth: set[tuple[int, int]]) -> dict[str, object]:  # type: ignore[type-arg]
    """The model below on registry columns (ids, niks, names, births, desas, sexes, kks); also used by
    bench/dedup_sets.py on its sets."""
    import duckdb
    import pyarrow as pa
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started, cpu, steps = time.perf_counter(), time.process_time(), {}
    memo = {n: normalise(n) for n in set(columns["names"])}
    raw = pa.table(
        {
            "unique_id": columns["ids"],
            "nik": columns["niks"],
            "name_norm": [memo[n] for n in columns["names"]],
            "birth": columns["births"],
            "desa": columns["desas"],
            "sex": columns["sexes"],
            "kk": [k or None for k in columns["kks"]],
        }
    )
    del columns, memo
    con = duckdb.connect()
    con.execute("SET threads = 2; SET memory_limit = '16GB'; SET temp_directory = '/tmp/dedup_splink_duckdb'")
    con.register("raw", raw)
    con.execute(
        "CREATE TABLE records AS SELECT *, substr(desa, 1, 8) AS kec, replace(name_norm, ' ', '') AS name_flat,"
        " year(birth) AS birth_year, month(birth) AS birth_month, day(birth) AS birth_day FROM raw"
    )
    con.unregister("raw")
    del raw
    db_api = DuckDBAPI(con)
    records = db_api.register("records")
    nik_one = "damerau_levenshtein(nik_l, nik_r) <= 1"
    same_head = "substr(nik_l, 1, 12) = substr(nik_r, 1, 12)"
    birth_digits = "levenshtein(strftime(birth_l, '%Y%m%d'), strftime(birth_r, '%Y%m%d')) <= 1"
    swapped = "birth_month_l = birth_day_r AND birth_day_l = birth_month_r AND birth_year_l = birth_year_r"
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.CustomComparison(
                [
                    cll.NullLevel("nik"),
                    cll.ExactMatchLevel("nik", term_frequency_adjustments=True),  # u unseen in samples
                    cll.CustomLevel(f"{nik_one} AND {same_head}", "one edit in the serial (last 4 digits)"),
                    cll.CustomLevel(nik_one, "one edit in the kecamatan or birth part"),
                    cll.DamerauLevenshteinLevel("nik", 2),
                    cll.ElseLevel(),
                ],
                output_column_name="nik",
            ),
            cl.CustomComparison(
                [
                    cll.NullLevel("name_norm"),
                    cll.ExactMatchLevel("name_norm", term_frequency_adjustments=True),
                    cll.CustomLevel("name_flat_l = name_flat_r", "same letters, spaces differ"),
                    cll.JaroWinklerLevel("name_norm", 0.95),
                    cll.JaroWinklerLevel("name_norm", 0.88),
                    cll.JaroWinklerLevel("name_norm", 0.75),
                    cll.ElseLevel(),
                ],
                output_column_name="name_norm",
            ),
            cl.CustomComparison(
                [
                    cll.ExactMatchLevel("birth", term_frequency_adjustments=True),
                    cll.CustomLevel(swapped, "day and month swapped"),
                    cll.AbsoluteDateDifferenceLevel(
                        "birth", input_is_string=False, threshold=3, metric="day"
                    ),
                    cll.CustomLevel(birth_digits, "one digit of YYYYMMDD"),
                    cll.ElseLevel(),
                ],
                output_column_name="birth",
            ),
            cl.CustomComparison(
                [cll.ExactMatchLevel("desa"), cll.ExactMatchLevel("kec"), cll.ElseLevel()],
                output_column_name="desa",
            ),
            cl.ExactMatch("sex"),
            cl.CustomComparison(
                [
                    cll.NullLevel("kk"),
                    cll.ExactMatchLevel("kk", term_frequency_adjustments=True),
                    cll.ElseLevel(),
                ],
                output_column_name="kk",
            ),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("substr(nik, 1, 12)"),  # same kecamatan and birth part: the serial mistyped
            block_on("substr(nik, 7, 10)"),  # birth part and serial: the kecamatan part mistyped
            block_on("birth", "kec"),
            block_on("substr(nik, 1, 6)", "birth"),  # the NIK's birth part mistyped
            block_on("kk"),
            block_on("name_norm", "birth_month", "birth_day"),
            block_on("name_flat", "desa"),
            block_on("name_norm", "birth_year", "kec"),
            block_on("name_norm", "birth_year", "birth_month"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(records, settings, log_level="WARNING")
    steps["prepare"] = time.perf_counter() - started
    train(linker, block_on, steps)
    steps["train"] = time.perf_counter() - started - steps["prepare"]
    predictions = linker.inference.predict(threshold_match_weight=-10)
    result = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_weight FROM {predictions.physical_name}"
    ).fetchnumpy()
    wall = time.perf_counter() - started
    steps["predict"] = wall - steps["prepare"] - steps["train"]
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scored = score(result["unique_id_l"], result["unique_id_r"], result["match_weight"], truth)
    blocked = len(result["match_weight"])
    note = (
        f"pairs scored above weight -10: {blocked:,}; best F1 at weight ≥ {scored['weight']:.2f}; "
        + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items())
    )
    return {**scored, "true": len(truth), "wall": wall, "cpu": cpu, "peak": peak, "note": note}


def train(linker, block_on, steps, max_pairs=1e7):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "name_norm"), block_on("name_norm", "birth", "desa")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=1)
    steps["u"] = time.perf_counter() - t
    # EM assumes the comparisons independent of the blocking rule among non-matches: the NIK holds the birth
    # date, sex and (mostly) the kecamatan, so neither rule may let one of them through unblocked
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_norm", "desa", "sex"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("substr(nik, 7, 6)", "birth"))
    steps["em"] = time.perf_counter() - t - steps["u"]


def stage_engine(size: int) -> dict[str, object]:
    from lindung.dedup.engine import DEFAULT_THRESHOLD, Registry
    from lindung.dedup.matching import scan

    with cache_path(size).open("rb") as handle:
        columns, truth = pickle.load(handle)
    started, cpu = time.perf_counter(), time.process_time()
    keys = ("ids", "niks", "names", "births", "desas", "sexes", "kks")
    reg = Registry(**{k: columns[k] for k in keys})
    del columns
    found = scan(reg)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    predicted = {(min(c.a, c.b), max(c.a, c.b)) for c in found}
    hits = len(predicted & truth)
    precision, recall = hits / max(len(predicted), 1), hits / len(truth)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted": len(predicted),
        "true": len(truth),
        "wall": wall,
        "cpu": cpu,
        "peak": peak,
        "note": f"fixed default threshold {DEFAULT_THRESHOLD}",
    }


def run_child(size: int, stage: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--size", str(size), "--stage", stage],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--stage", choices=["all", "engine", "splink"], default="all")
    args = parser.parse_args()
    if args.stage != "all":
        stage = stage_engine if args.stage == "engine" else stage_splink
        print(json.dumps(stage(args.size)))
        return
    ensure_data(args.size)
    import splink

    results = {
        "lindung": run_child(args.size, "engine"),
        f"splink {splink.__version__}": run_child(args.size, "splink"),
    }
    true = next(iter(results.values()))["true"]
    print(f"duplicate detection, {args.size:,} records, {true:,} true pairs; one process per engine")
    print(
        f"  {'':14} {'precision':>9} {'recall':>7} {'F1':>7} {'predicted':>10} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}"
    )
    for label, r in results.items():
        print(
            f"  {label:14} {r['precision']:9.4f} {r['recall']:7.4f} {r['f1']:7.4f} {r['predicted']:10,}"
            f" {r['wall']:7.1f} {r['cpu']:7.1f} {r['peak']:8,.0f}"
        )
    for label, r in results.items():
        print(f"  {label}: {r['note']}")


if __name__ == "__main__":
    main()
