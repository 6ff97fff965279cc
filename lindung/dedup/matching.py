"""Whole-registry scan and single-record check on top of the engine (still no Django models)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from .engine import DEFAULT_THRESHOLD, WINDOW, Candidate, Record, Registry, candidate_pairs
from .reasons import explain
from .scoring import compare

CHUNK = 500_000


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
) -> list[Candidate]:
    """Every pair scoring at least `threshold`, best first. `progress` receives a fraction in [0, 1]."""
    left, right = candidate_pairs(reg, window)
    if progress:
        progress(0.2)
    found: list[Candidate] = []
    for start in range(0, len(left), CHUNK):
        i, j = left[start : start + CHUNK], right[start : start + CHUNK]
        cmp = compare(reg, i, j)
        for k in np.nonzero(cmp.score >= threshold)[0]:
            a, b = int(i[k]), int(j[k])
            reasons = explain(reg, a, b, cmp, int(k)) if with_reasons else []
            found.append(Candidate(int(reg.ids[a]), int(reg.ids[b]), float(cmp.score[k]), reasons))
        if progress:
            progress(0.2 + 0.8 * min(1.0, (start + CHUNK) / max(len(left), 1)))
    found.sort(key=lambda c: (-c.score, c.a, c.b))
    return found


def score_against(
    record: Record,
    others: list[Record],
    name_counts: list[int] | None = None,
    population: int | None = None,
    date_counts: list[int] | None = None,
    threshold: float = 0.0,
    known_kecamatan: Iterable[str] | None = None,
) -> list[Candidate]:
    """Score one record against a few others (already picked by the caller), best first, at least
    `threshold`.
    `name_counts`, `date_counts` (record first) and `population` carry the frequencies of the whole
    registry, so that a sample scores like the registry it came from."""
    if not others:
        return []
    reg = Registry.from_records(
        [record, *others],
        name_counts=name_counts,
        population=population,
        date_counts=date_counts,
        known_kecamatan=known_kecamatan,
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

    Candidates are the rows whose NIK is one typing error away, born the same day, or with the same name
    skeleton; then the pair scoring of the scan decides, with name frequencies taken from the registry.
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
    if probe.birth[0]:
        rows.append(against.rows_equal("birth", int(probe.birth[0])))
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
        for c in score_against(record, others, counts, against.population + 1, dates)
        if c.score >= threshold
    ]
    return found[:limit]
