"""Whole-registry scan and single-record check on top of the engine (still no Django models)."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from .blocking import candidate_pairs
from .engine import DEFAULT_THRESHOLD, WINDOW, Candidate, Record, Registry
from .reasons import explain
from .scoring import compare

CHUNK = 500_000
# The candidate pairs are scored a CHUNK at a time in this many processes, forked once blocking is done: they
# share the registry and the pair arrays with the scan (copy-on-write) and each adds one chunk's temporaries.
# 1: in the scan's own process (also where fork is not available, and for fewer pairs than two chunks).
SCAN_PROCESSES = min(2, os.cpu_count() or 1)
# A copy of a copy carries the errors of both, so in `consistent` no one cross pair counts against a join by
# more than this (log-odds). Twins still stay apart: their pair with the record between them is the weak one.
CROSS_FLOOR = 5.0
# No one is registered more than a few times: a group of look-alike records is not joined beyond this many,
# which also keeps the consistency step linear on a list of names one letter apart.
MAX_GROUP = 10


def nik_variants(nik: str) -> list[str]:
    """Every NIK one typing error away: one digit changed, or two neighbouring digits swapped."""
    if len(nik) != 16 or not nik.isdigit():
        return []
    out: set[str] = set()
    for pos in range(16):
        for digit in "0123456789":
            if digit != nik[pos]:
                out.add(nik[:pos] + digit + nik[pos + 1 :])
        if pos < 15 and nik[pos] != nik[pos + 1]:
            out.add(nik[:pos] + nik[pos + 1] + nik[pos] + nik[pos + 2 :])
    return sorted(out)


def scan(
    reg: Registry,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: int = WINDOW,
    progress: Callable[[float], None] | None = None,
    with_reasons: bool = True,
    different: Iterable[tuple[int, int]] = (),
    processes: int | None = None,
) -> list[Candidate]:
    """Every pair scoring at least `threshold`, best first, that agrees with the pairs scored better (see
    `consistent`). `progress` receives a fraction in [0, 1]. `different` holds pairs of ids already decided
    to be two people: they are left out before the consistency step, so that they hide no other pair.
    `processes`: how many processes score the candidate pairs (SCAN_PROCESSES when None)."""
    left, right = candidate_pairs(reg, window)
    if progress:
        progress(0.2)
    kept = _above_threshold(reg, left, right, threshold, progress, processes or SCAN_PROCESSES)
    del left, right
    i = np.concatenate([k[0] for k in kept]) if kept else np.zeros(0, dtype=np.int64)
    j = np.concatenate([k[1] for k in kept]) if kept else np.zeros(0, dtype=np.int64)
    score = np.concatenate([k[2] for k in kept]) if kept else np.zeros(0)
    decided = {(min(a, b), max(a, b)) for a, b in different}
    if decided:
        ids_i, ids_j = reg.ids[i].tolist(), reg.ids[j].tolist()
        undecided = np.fromiter(
            ((min(a, b), max(a, b)) not in decided for a, b in zip(ids_i, ids_j, strict=True)),
            dtype=bool,
            count=len(i),
        )
        i, j, score = i[undecided], j[undecided], score[undecided]
    keep = consistent(reg, i, j, score)
    i, j = i[keep], j[keep]
    cmp = compare(reg, i, j)
    found = [
        Candidate(
            int(reg.ids[i[k]]),
            int(reg.ids[j[k]]),
            float(cmp.score[k]),
            explain(reg, int(i[k]), int(j[k]), cmp, k) if with_reasons else [],
        )
        for k in range(len(i))
    ]
    if progress:
        progress(1.0)
    found.sort(key=lambda c: (-c.score, c.a, c.b))
    return found


# What the forked scoring processes read: set before the fork, cleared after.
_job: dict[str, Any] = {}


def _score_chunk(start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, score) of the pairs of one chunk that score at least the threshold."""
    reg, left, right, threshold = _job["reg"], _job["left"], _job["right"], _job["threshold"]
    i, j = left[start : start + CHUNK], right[start : start + CHUNK]
    score = compare(reg, i, j).score
    above = score >= threshold
    return i[above], j[above], score[above]


def _above_threshold(
    reg: Registry,
    left: np.ndarray,
    right: np.ndarray,
    threshold: float,
    progress: Callable[[float], None] | None,
    processes: int,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Score every candidate pair, a chunk at a time (in `processes` processes), keeping those at least
    `threshold`, in the order of the pairs. A pair's score depends on that pair only, so how the pairs are
    split changes nothing."""
    starts = range(0, len(left), CHUNK)
    kept: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    _job.update(reg=reg, left=left, right=right, threshold=threshold)
    forked = processes > 1 and len(starts) > 1 and "fork" in multiprocessing.get_all_start_methods()
    # Each forked process freezes what it inherited (gc.freeze): the collector then never walks the
    # registry's objects, and walking them writes to their pages, which copies them from the scan's.
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=gc.freeze) if forked else None
    try:
        results = pool.imap(_score_chunk, starts) if pool else map(_score_chunk, starts)
        for n, result in enumerate(results, start=1):
            kept.append(result)
            if progress:
                progress(0.2 + 0.75 * n / len(starts))
        if pool:
            pool.close()
    except BaseException:
        if pool:
            pool.terminate()
        raise
    finally:
        if pool:
            pool.join()
        _job.clear()
    return kept


def _logit(score: np.ndarray) -> np.ndarray:
    p = np.clip(score, 1e-12, 1 - 1e-12)
    return np.asarray(np.log(p / (1 - p)))


def _score_into(reg: Registry, known: dict[tuple[int, int], float], pairs: list[tuple[int, int]]) -> None:
    if pairs:
        u = np.asarray([p[0] for p in pairs], dtype=np.int64)
        v = np.asarray([p[1] for p in pairs], dtype=np.int64)
        known.update(zip(pairs, _logit(compare(reg, u, v).score).tolist(), strict=True))


def consistent(reg: Registry, i: np.ndarray, j: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Which of the duplicate pairs (rows i[k], j[k]) to keep so that "same person" stays transitive.

    If A resembles both B and C, then A, B and C are one person — or B and C are two people, and A is the
    duplicate of only one of them. Going from the best pair down, two groups of records are joined only when
    the evidence over all their cross pairs (the sum of the log-odds, scoring the pairs not yet scored) says
    "one person"; a pair whose records end up in different groups is left out. A triplicate whose three
    pairs all look alike stays whole; a record that resembles two clearly different people keeps the better
    match. Pairs scoring below even odds (a threshold under 0.5) are kept as they are. A cross pair counts
    against at most CROSS_FLOOR: two copies of one person compound their errors. A pair that would make a
    group of more than MAX_GROUP records is left out.
    """
    keep = np.ones(len(i), dtype=bool)
    strong = np.nonzero(score >= 0.5)[0]
    degree = np.bincount(np.concatenate([i[strong], j[strong]]), minlength=1)
    # Only pairs touching a record with two or more strong pairs can conflict.
    crowded = np.nonzero(degree >= 2)[0]
    if not len(crowded):
        return keep
    involved = strong[np.isin(i[strong], crowded) | np.isin(j[strong], crowded)]
    logit = _logit(score[involved])
    known: dict[tuple[int, int], float] = {}
    partners: dict[int, list[int]] = {}
    for k, value in zip(involved.tolist(), logit.tolist(), strict=True):
        a, b = int(i[k]), int(j[k])
        known[(min(a, b), max(a, b))] = value
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    # The pairs of records that resemble one record are the ones asked about first: score them at once.
    # (Not for a record like dozens of others — a list of look-alike names: its pairs are asked one join at
    # a time, and no join makes a group of more than MAX_GROUP records.)
    asked = {
        (min(u, v), max(u, v))
        for row in crowded.tolist()
        if len(partners.get(row, [])) <= MAX_GROUP
        for n, u in enumerate(partners.get(row, []))
        for v in partners[row][n + 1 :]
    }
    _score_into(reg, known, [p for p in asked if p not in known])
    group: dict[int, list[int]] = {}

    def members(row: int) -> list[int]:
        return group.get(row, [row])

    for k in involved[np.argsort(-score[involved], kind="stable")]:
        a, b = int(i[k]), int(j[k])
        ga, gb = members(a), members(b)
        if ga is gb or b in ga:
            continue
        if len(ga) + len(gb) > MAX_GROUP:
            keep[k] = False
            continue
        cross = [(min(u, v), max(u, v)) for u in ga for v in gb]
        _score_into(reg, known, [p for p in cross if p not in known])
        if sum(max(known[p], -CROSS_FLOOR) for p in cross) > 0:
            joined = ga + gb
            for row in joined:
                group[row] = joined
        else:
            keep[k] = False
    return keep


def score_against(
    record: Record,
    others: list[Record],
    name_counts: list[int] | None = None,
    population: int | None = None,
    date_counts: list[int] | None = None,
    threshold: float = 0.0,
    known_kecamatan: Iterable[str] | None = None,
    word_counts: Mapping[str, int] | None = None,
    weights: Mapping[str, Mapping[str, float]] | None = None,
) -> list[Candidate]:
    """Score one record against a few others (already picked by the caller), best first, at least
    `threshold`.
    `name_counts`, `date_counts` (record first), `word_counts` (records per core name word) and `population`
    carry the frequencies of the whole registry, so that a sample scores like the registry it came from."""
    if not others:
        return []
    reg = Registry.from_records(
        [record, *others],
        name_counts=name_counts,
        population=population,
        date_counts=date_counts,
        known_kecamatan=known_kecamatan,
        word_counts=word_counts,
        weights=weights,
    )
    j = np.arange(1, reg.n)
    i = np.zeros(len(j), dtype=np.int64)
    cmp = compare(reg, i, j)
    out = [
        Candidate(record.id, int(reg.ids[j[k]]), float(cmp.score[k]), explain(reg, 0, int(j[k]), cmp, k))
        for k in range(len(j))
        if cmp.score[k] >= threshold
    ]
    out.sort(key=lambda c: (-c.score, c.b))
    return out


def check_one(
    record: Record, *, against: Registry, limit: int = 10, threshold: float = DEFAULT_THRESHOLD
) -> list[Candidate]:
    """Likely duplicates of one new record in an in-memory registry, best first.

    Candidates are the rows whose NIK is one typing error away or differs only in the serial, born the same
    day, on the same family card, or with the same name skeleton; then the pair scoring of the scan decides,
    with name frequencies taken from the registry.
    """
    probe = Registry.from_records([record])
    rows: list[np.ndarray] = []
    if probe.nik_int[0] >= 0:
        values, order = against.sorted_by("nik_int")
        wanted = np.asarray(sorted(int(v) for v in [record.nik, *nik_variants(record.nik)]), dtype=np.int64)
        at = np.searchsorted(values, wanted)
        hit = at < len(values)
        hit[hit] = values[at[hit]] == wanted[hit]
        rows.append(order[at[hit]])
        # The same region and birth-date digits: a reissued NIK (another serial).
        head = int(probe.nik_int[0]) // 10_000 * 10_000
        lo, hi = np.searchsorted(values, head, "left"), np.searchsorted(values, head + 9_999, "right")
        rows.append(order[lo:hi][:100])
    if probe.birth[0]:
        rows.append(against.rows_equal("birth", int(probe.birth[0])))
    # The same family card, also where one NIK field holds the card's number.
    if probe.kk_int[0] >= 0:
        rows.append(against.rows_equal("kk_int", int(probe.kk_int[0]))[:100])
        rows.append(against.rows_equal("nik_int", int(probe.kk_int[0])))
    if probe.nik_int[0] >= 0:
        rows.append(against.rows_equal("kk_int", int(probe.nik_int[0]))[:100])
    cid = against.compact_index.get(probe.compact_of(0))
    if cid is not None:
        same_name = against.rows_equal("compact_id", cid)
        b = against.birth[same_name]
        d0 = probe.birth[0]
        near = (
            (against.year[same_name] == probe.year[0])
            | ((against.month[same_name] == probe.month[0]) & (against.day[same_name] == probe.day[0]))
            | (np.abs(b - d0) <= 3)
        )
        rows.append(same_name[near][:500])
    picked = np.unique(np.concatenate(rows)) if rows else np.zeros(0, dtype=np.int64)
    picked = picked[against.ids[picked] != record.id]
    if not len(picked):
        return []
    kid = against.key_index.get(probe.key_of(0))
    own_count = (len(against.rows_equal("key_id", kid)) if kid is not None else 0) + 1
    own_date = (len(against.rows_equal("birth", int(probe.birth[0]))) if probe.birth[0] else 0) + 1
    others = [against.record(int(r)) for r in picked]
    counts = [own_count, *(int(against.name_count[r]) for r in picked)]
    dates = [own_date] + [1] * len(others)
    found = [
        c
        for c in score_against(
            record,
            others,
            counts,
            against.population + 1,
            dates,
            known_kecamatan=against.kecamatan_codes(),
            word_counts=against.word_counts,
            weights=against.weights,
        )
        if c.score >= threshold
    ]
    return found[:limit]
