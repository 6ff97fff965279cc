"""Codes for the birth-date and desa fields of a pair (their weights and reasons are in `scoring` and the
`engine` docstring)."""

from __future__ import annotations

import numpy as np

from .engine import Registry

DATE_CODES = ["same", "near", "nik", "other", "missing", "placeholder", "excel"]
DESA_CODES = ["same", "kecamatan", "other", "missing"]
EXCEL_EPOCHS = 1_462  # days from 1 January 1900 to 1 January 1904


def _one_decimal_digit(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """True where a and b are equal or differ in exactly one decimal digit."""
    diff = np.zeros(len(a), dtype=np.int64)
    x, y = a.copy(), b.copy()
    for _ in range(4):
        diff += (x % 10) != (y % 10)
        x, y = x // 10, y // 10
    return diff <= 1


def date_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    bi, bj = reg.birth[i], reg.birth[j]
    code = np.full(len(i), DATE_CODES.index("same"), dtype=np.int8)
    code[(bi == 0) | (bj == 0)] = DATE_CODES.index("missing")
    at = np.nonzero((bi != bj) & (bi > 0) & (bj > 0))[0]
    a, b = i[at], j[at]
    day_a, day_b, month_a, month_b = reg.day[a], reg.day[b], reg.month[a], reg.month[b]
    year_a, year_b = reg.year[a], reg.year[b]
    same_parts = (day_a == day_b).astype(np.int8) + (month_a == month_b) + (year_a == year_b)
    swapped = (day_a == month_b) & (month_a == day_b) & (year_a == year_b)
    # One digit of DDMMYYYY wrong: two parts equal and the third differs in one decimal digit.
    one_digit = (same_parts == 2) & (
        _one_decimal_digit(day_a, day_b)
        & _one_decimal_digit(month_a, month_b)
        & _one_decimal_digit(year_a, year_b)
    )
    # The year is often worked out from an age, so it is one off more often than any other part.
    year_off = (same_parts == 2) & (np.abs(year_a - year_b) == 1)
    near = one_digit | swapped | year_off | (np.abs(bi[at] - bj[at]) <= 3)
    # The NIK is a second witness of the birth date: when both NIKs carry the same date and one record
    # follows its NIK while the other does not, the other's recorded date is the mistyped one.
    witnessed = (
        (reg.nik_int[a] // 10_000 % 1_000_000 == reg.nik_int[b] // 10_000 % 1_000_000)
        & (reg.nik_int[a] >= 0)
        & (reg.nik_int[b] >= 0)
        & (reg.nik_date_ok[a] != reg.nik_date_ok[b])
    )
    year_only_a = (day_a == 1) & (month_a == 1) | (day_a == 31) & (month_a == 12)
    year_only_b = (day_b == 1) & (month_b == 1) | (day_b == 31) & (month_b == 12)
    placeholder = ((year_only_a | year_only_b) & (year_a == year_b)) | (year_a <= 1900) | (year_b <= 1900)
    code[at] = np.where(
        witnessed,
        DATE_CODES.index("nik"),
        np.where(
            near,
            DATE_CODES.index("near"),
            np.select(
                [placeholder, np.abs(bi[at] - bj[at]) == EXCEL_EPOCHS],
                [DATE_CODES.index("placeholder"), DATE_CODES.index("excel")],
                DATE_CODES.index("other"),
            ),
        ),
    )
    return code


def desa_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    code = np.full(len(i), DESA_CODES.index("other"), dtype=np.int8)
    code[(reg.kec_id[i] == reg.kec_id[j]) & (reg.kec_id[i] >= 0)] = DESA_CODES.index("kecamatan")
    code[reg.desa_id[i] == reg.desa_id[j]] = DESA_CODES.index("same")
    code[(reg.desa_id[i] < 0) | (reg.desa_id[j] < 0)] = DESA_CODES.index("missing")
    return code
