"""Blocking of the duplicate engine: which pairs of a registry are compared at all (the keys and why are in
the `engine` docstring)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .engine import WINDOW, Registry


def _window_pairs(key: np.ndarray, rows: np.ndarray, window: int) -> list[tuple[np.ndarray, np.ndarray]]:
    order = np.argsort(key)
    sorted_key, sorted_rows = key[order], rows[order]
    out = []
    for step in range(1, window + 1):
        same = sorted_key[step:] == sorted_key[:-step]
        if not same.any():
            break
        out.append((sorted_rows[:-step][same], sorted_rows[step:][same]))
    return out


def _mix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Combine two integer keys into one (a collision only adds a pair that scoring then rejects)."""
    with np.errstate(over="ignore"):
        return a.astype(np.uint64) * np.uint64(1_000_003) + b.astype(np.uint64)


def nik_keys(reg: Registry) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """(key, valid rows) per NIK position: one digit blanked, or two neighbours blanked plus their digit pair."""
    rows = np.nonzero(reg.nik_int >= 0)[0]
    nik = reg.nik_int[rows]

    def digit(pos: int) -> np.ndarray:
        return reg.digits[rows, pos].astype(np.int64)

    for pos in range(16):
        yield nik - digit(pos) * 10 ** (15 - pos), rows
    for pos in range(15):
        first, second = digit(pos), digit(pos + 1)
        blanked = nik - first * 10 ** (15 - pos) - second * 10 ** (14 - pos)
        yield blanked * 100 + np.minimum(first, second) * 10 + np.maximum(first, second), rows


class _PairSet:
    """Row pairs as one int64 code each (i·n + j, i < j), deduplicated as they come so memory stays small."""

    def __init__(self, n: int) -> None:
        self.n = np.int64(max(n, 1))
        self.parts: list[np.ndarray] = []
        self.size = 0
        self.merged = 0

    def add(self, found: list[tuple[np.ndarray, np.ndarray]]) -> None:
        for a, b in found:
            # A row can stand twice under one key (its NIK field holds its own family card number, which the
            # KK block lists beside its card): never a pair with itself.
            apart = a != b
            a, b = a[apart], b[apart]
            self.parts.append(np.minimum(a, b) * self.n + np.maximum(a, b))
            self.size += len(a)
        if self.size > 2 * max(self.merged, 2_000_000):
            self._merge()

    def _merge(self) -> None:
        code = np.concatenate(self.parts) if self.parts else np.zeros(0, dtype=np.int64)
        code.sort()
        code = code[np.concatenate(([True], code[1:] != code[:-1]))] if len(code) else code
        self.parts, self.size, self.merged = [code], len(code), len(code)

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        self._merge()
        code = self.parts[0]
        return code // self.n, code % self.n


def _hinted(
    key: np.ndarray, rows: np.ndarray, first: np.ndarray, last: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(keys, rows): each row's key with the hint of its first word, and with that of its last word where it
    differs (a one-word name stands once)."""
    two = first[rows] != last[rows]
    keys = np.concatenate([_mix(key, first[rows]), _mix(key[two], last[rows[two]])])
    return keys, np.concatenate([rows, rows[two]])


def candidate_pairs(reg: Registry, window: int = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """Distinct row pairs (i < j) that share at least one blocking key (see the module docstring)."""
    found = _PairSet(reg.n)
    # The same NIK, whatever the names: the name hints below miss a name written in another word order.
    niked = np.nonzero(reg.nik_int >= 0)[0]
    found.add(_window_pairs(reg.nik_int[niked], niked, window))
    # A name hint is the first or the last word's, in one key space: a name written in another word order
    # ("Wartini Suroto" / "Suroto Wartini") shares a hint as well as one with a typo in either word.
    for key, rows in nik_keys(reg):
        found.add(_window_pairs(*_hinted(key, rows, reg.first1, reg.last1), window))
    dated = np.nonzero(reg.birth > 0)[0]
    found.add(_window_pairs(*_hinted(reg.birth[dated], dated, reg.first3, reg.last3), window))
    found.add(_window_pairs(_mix(reg.birth[dated], reg.end3[dated]), dated, window))
    # A reissued NIK keeps region and birth-date digits: with a name hint, whatever the recorded dates say.
    head = reg.nik_int[niked] // 10_000
    found.add(_window_pairs(*_hinted(head, niked, reg.first1, reg.last1), window))
    # Another birth date on the NIK (a date mistyped, or day and month swapped, with the NIK written to follow
    # it) keeps region and serial: with the first three letters of the first or last word as hint (one letter
    # let in ten times the pairs: field-tune 598,056 compared, scan CPU 0.5 -> 2.0 s). Only serials few people
    # of one day reach ("region_rare" and "date_rare" in `contacts`): low serials are everyone's in a kecamatan.
    rare = niked[reg.nik_int[niked] % 10_000 > 4]
    outer = reg.nik_int[rare] // 10**10 * 10_000 + reg.nik_int[rare] % 10_000
    found.add(_window_pairs(*_hinted(outer, rare, reg.first3, reg.last3), window))
    # Two errors at once — a NIK retyped to a mistyped date, the date a placeholder — leave the desa: the desa
    # with a rare serial, or with the birth year, and the first three letters of a name word (field-tune: 30
    # true pairs never compared, 14 of them found by these two keys for 4,100 more pairs compared).
    placed = niked[(reg.desa_id[niked] >= 0) & (reg.nik_int[niked] % 10_000 > 4)]
    desa_serial = _mix(reg.desa_id[placed], reg.nik_int[placed] % 10_000)
    found.add(_window_pairs(*_hinted(desa_serial, placed, reg.first3, reg.last3), window))
    placed = dated[reg.desa_id[dated] >= 0]
    desa_year = _mix(reg.desa_id[placed], reg.year[placed])
    found.add(_window_pairs(*_hinted(desa_year, placed, reg.first3, reg.last3), window))
    # A mistyped year and a mistyped name word, the NIK retyped or far off, leave the desa with the day and
    # month; a typo in the first three letters of a one-word name ("Datap" / "Dadap") leaves the desa with
    # the whole birth date. Both blocks are a handful of records (field-tune: 1,641 more pairs compared, 1 %;
    # 3 true pairs found, Jayadi Nasab / Nasap born 1987 / 1988; gen 1).
    desa_day = _mix(reg.desa_id[placed], reg.month[placed] * 32 + reg.day[placed])
    found.add(_window_pairs(*_hinted(desa_day, placed, reg.first3, reg.last3), window))
    found.add(_window_pairs(_mix(reg.desa_id[placed], reg.birth[placed]), placed, window))
    carded = np.nonzero(reg.kk_int >= 0)[0]
    typed = np.nonzero(reg.nik_is_kk)[0]
    keys = np.concatenate([reg.kk_int[carded], reg.nik_int[typed]])
    found.add(_window_pairs(keys, np.concatenate([carded, typed]), window))
    # The same phone (written 08…, +62… or with spaces): a person registered twice keeps their number, whatever
    # else was mistyped. A family's shared number lists a handful of records, a kader's more: the window
    # bounds those.
    phoned = np.nonzero(reg.contacts.phone_id >= 0)[0]
    found.add(_window_pairs(reg.contacts.phone_id[phoned], phoned, window))
    named = np.nonzero((reg.compact_id >= 0) & (reg.birth > 0))[0]
    found.add(_window_pairs(_mix(reg.compact_id[named], reg.year[named]), named, window))
    found.add(
        _window_pairs(_mix(reg.compact_id[named], reg.month[named] * 32 + reg.day[named]), named, window)
    )
    return found.pairs()
