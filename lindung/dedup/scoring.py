"""Pair scoring of the duplicate engine (the weights and their reasons are in the `engine` docstring)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

from .engine import Registry

PRIOR = -6.0
W_NIK = {"same": 9.0, "one_digit": 5.0, "swap": 5.0, "other": -4.0, "missing": 0.0}
# Where in the NIK a one-digit difference sits changes what it proves (see the `engine` docstring).
W_NIK_TYPO_REGION = 2.5
W_NIK_TYPO_SERIAL = 0.5
DATE_SPREAD = 18_262  # days in the 50 years of birth dates a working population spans
# Name agreement: ln(N / k) clipped, minus a loss for looser kinds of agreement (see the `engine` docstring).
NAME_LOSS = {
    "same": 0.0,
    "normalised": 0.0,
    "skeleton": 0.5,
    "compact": 0.5,
    "without_muhammad": 1.0,
    "typo": 1.5,
}
W_NAME_FIXED = {"subset": 1.5, "close": 0.5, "different": -7.0, "very_different": -9.0}
W_NAME = {**NAME_LOSS, **W_NAME_FIXED}
RARITY_MIN, RARITY_MAX, RARITY_MAX_ONE_WORD = 2.0, 8.0, 5.0
COMMON_RARITY = 5.0  # below this the reasons say that the name is common
NAME_SCALE = 100_000
W_DATE = {"same": 4.0, "near": 1.5, "other": -5.0, "missing": 0.0}
W_DATE_IMPLIED = 1.0
W_DESA = {"same": 2.0, "kecamatan": 0.0, "other": -1.0, "missing": 0.0}
W_SEX_DIFFERENT = -4.0
W_KK_SAME = 2.5

NIK_CODES = ["same", "one_digit", "swap", "other", "missing"]
NAME_CODES = list(W_NAME)
DATE_CODES = ["same", "near", "other", "missing"]
DESA_CODES = ["same", "kecamatan", "other", "missing"]


@dataclass
class Comparison:
    """Per-pair codes (indexes into the *_CODES lists) and the final score, as aligned arrays."""

    nik: np.ndarray
    nik_pos: np.ndarray
    name: np.ndarray
    date: np.ndarray
    desa: np.ndarray
    sex_differs: np.ndarray
    kk_same: np.ndarray
    rarity: np.ndarray
    score: np.ndarray


def _nik_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    da, db = reg.digits[i], reg.digits[j]
    mism = da != db
    nd = mism.sum(axis=1)
    rows = np.arange(len(i))
    first = np.argmax(mism, axis=1)
    nxt = np.minimum(first + 1, 15)
    swap = (
        (nd == 2) & mism[rows, nxt] & (da[rows, first] == db[rows, nxt]) & (da[rows, nxt] == db[rows, first])
    )
    code = np.full(len(i), NIK_CODES.index("other"), dtype=np.int8)
    code[nd == 0] = NIK_CODES.index("same")
    code[nd == 1] = NIK_CODES.index("one_digit")
    code[swap] = NIK_CODES.index("swap")
    code[(reg.nik_int[i] < 0) | (reg.nik_int[j] < 0)] = NIK_CODES.index("missing")
    return code, first


def _name_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    code = np.full(len(i), NAME_CODES.index("very_different"), dtype=np.int8)
    same_compact = (reg.compact_id[i] == reg.compact_id[j]) & (reg.compact_id[i] >= 0)
    same_words = reg.n_words[i] == reg.n_words[j]
    code[same_compact & ~same_words] = NAME_CODES.index("compact")
    code[same_compact & same_words] = NAME_CODES.index("skeleton")
    named = (reg.compact_len[i] > 0) & (reg.compact_len[j] > 0)
    code[(reg.key_id[i] == reg.key_id[j]) & named] = NAME_CODES.index("normalised")
    code[(reg.raw_id[i] == reg.raw_id[j]) & named] = NAME_CODES.index("same")
    same_tokens = ~same_compact & (reg.tokens_id[i] == reg.tokens_id[j]) & (reg.tokens_id[i] >= 0)
    code[same_tokens] = NAME_CODES.index("without_muhammad")
    rest = np.nonzero(~same_compact & ~same_tokens)[0]
    if len(rest):
        # The best of two spellings: the whole skeleton, and the skeleton without "Muhammad".
        ki, kj = reg.key_id[i[rest]], reg.key_id[j[rest]]
        left = [reg.u_compact[k] for k in ki]
        right = [reg.u_compact[k] for k in kj]
        ratio = cpdist(left, right, scorer=fuzz.ratio, workers=1)
        edits = cpdist(left, right, scorer=OSA.distance, workers=1)
        left = [reg.u_tokens_compact[k] for k in ki]
        right = [reg.u_tokens_compact[k] for k in kj]
        ratio = np.maximum(ratio, cpdist(left, right, scorer=fuzz.ratio, workers=1))
        edits = np.minimum(edits, cpdist(left, right, scorer=OSA.distance, workers=1))
        shorter = np.minimum(reg.compact_len[i[rest]], reg.compact_len[j[rest]])
        fewer_words = np.minimum(reg.n_tokens[i[rest]], reg.n_tokens[j[rest]])
        subset = cpdist(
            [reg.u_tokens[k] for k in ki],
            [reg.u_tokens[k] for k in kj],
            scorer=fuzz.token_set_ratio,
            workers=1,
        )
        sub = np.full(len(rest), NAME_CODES.index("very_different"), dtype=np.int8)
        sub[ratio >= 60] = NAME_CODES.index("different")
        sub[ratio >= 80] = NAME_CODES.index("close")
        sub[(subset >= 100) & (fewer_words >= 2)] = NAME_CODES.index("subset")
        # One edit is a typo in a name of five letters or more; in a shorter one only a dropped or added
        # letter is ("Sti"/"Siti"), since short real names differ by one letter (Rina/Rini, Andi/Anda).
        longer = np.maximum(reg.compact_len[i[rest]], reg.compact_len[j[rest]])
        dropped = (edits <= 1) & (longer - shorter == 1) & (shorter >= 2)
        sub[(ratio >= 90) | ((edits <= 1) & (shorter >= 5)) | dropped] = NAME_CODES.index("typo")
        code[rest] = sub
    return code


def _one_decimal_digit(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """True where a and b are equal or differ in exactly one decimal digit."""
    diff = np.zeros(len(a), dtype=np.int64)
    x, y = a.copy(), b.copy()
    for _ in range(4):
        diff += (x % 10) != (y % 10)
        x, y = x // 10, y // 10
    return diff <= 1


def _date_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    bi, bj = reg.birth[i], reg.birth[j]
    same_parts = (
        (reg.day[i] == reg.day[j]).astype(np.int8)
        + (reg.month[i] == reg.month[j])
        + (reg.year[i] == reg.year[j])
    )
    swapped = (reg.day[i] == reg.month[j]) & (reg.month[i] == reg.day[j]) & (reg.year[i] == reg.year[j])
    # One digit of DDMMYYYY wrong: two parts equal and the third differs in one decimal digit.
    one_digit = (same_parts == 2) & (
        _one_decimal_digit(reg.day[i], reg.day[j])
        & _one_decimal_digit(reg.month[i], reg.month[j])
        & _one_decimal_digit(reg.year[i], reg.year[j])
    )
    near = one_digit | swapped | (np.abs(bi - bj) <= 3)
    code = np.full(len(i), DATE_CODES.index("other"), dtype=np.int8)
    code[near] = DATE_CODES.index("near")
    code[bi == bj] = DATE_CODES.index("same")
    code[(bi == 0) | (bj == 0)] = DATE_CODES.index("missing")
    return code


def _desa_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    code = np.full(len(i), DESA_CODES.index("other"), dtype=np.int8)
    code[(reg.kec_id[i] == reg.kec_id[j]) & (reg.kec_id[i] >= 0)] = DESA_CODES.index("kecamatan")
    code[reg.desa_id[i] == reg.desa_id[j]] = DESA_CODES.index("same")
    code[(reg.desa_id[i] < 0) | (reg.desa_id[j] < 0)] = DESA_CODES.index("missing")
    return code


def _weights(table: dict[str, float], codes: list[str]) -> np.ndarray:
    return np.asarray([table[c] for c in codes])


def compare(reg: Registry, i: np.ndarray, j: np.ndarray) -> Comparison:
    """Score the row pairs (i[k], j[k]) of one registry."""
    nik, nik_pos = _nik_codes(reg, i, j)
    name = _name_codes(reg, i, j)
    date = _date_codes(reg, i, j)
    desa = _desa_codes(reg, i, j)
    # A NIK difference that the records themselves explain is not a typing error: two NIKs that differ in
    # the kecamatan digits, both naming a kecamatan that exists, of two people each registered in their own
    # kecamatan (or living in two kecamatan, one of them the one its NIK names); or in the birth-date digits
    # of two people whose NIKs each follow their own birth date.
    typo = (nik == NIK_CODES.index("one_digit")) | (nik == NIK_CODES.index("swap"))
    in_region = nik_pos < 6
    in_date = (nik_pos >= 6) & (nik_pos <= 11)
    apart = reg.kec_id[i] != reg.kec_id[j]
    both_real = reg.nik_region_known[i] & reg.nik_region_known[j]
    home = reg.nik_home[i] & reg.nik_home[j] | apart & (reg.nik_home[i] | reg.nik_home[j])
    explained = (in_region & both_real & home) | (
        in_date & reg.nik_date_ok[i] & reg.nik_date_ok[j] & (date != DATE_CODES.index("same"))
    )
    nik[typo & explained] = NIK_CODES.index("other")
    typo &= ~explained
    nik_w = _weights(W_NIK, NIK_CODES)[nik]
    # Serials run 0001, 0002… for everyone born on one day in one kecamatan, so a serial one digit away
    # is what two different people born that day look like: it proves little. A wrong kecamatan digit is
    # a likelier typo than a coincidence, a wrong birth-date digit (not explained above) the likeliest.
    nik_w = np.where(typo & in_region, W_NIK_TYPO_REGION, nik_w)
    nik_w = np.where(typo & (nik_pos >= 12), W_NIK_TYPO_SERIAL, nik_w)
    sex_differs = (reg.sex[i] != reg.sex[j]) & (reg.sex[i] > 0) & (reg.sex[j] > 0)
    kk_same = (reg.kk_id[i] == reg.kk_id[j]) & (reg.kk_id[i] >= 0)
    count = np.maximum(np.maximum(reg.name_count[i], reg.name_count[j]), 1).astype(np.float64)
    # What a shared name proves falls with the number of namesakes a record could be confused with — their
    # count, not their share: a bigger registry holds more namesakes born on any given day. A one-word name
    # comes from a far smaller pool than a full name, however rare it looks here.
    cap = np.where(np.minimum(reg.n_words[i], reg.n_words[j]) <= 1, RARITY_MAX_ONE_WORD, RARITY_MAX)
    rarity = np.clip(np.log(NAME_SCALE / (count + 0.5)), RARITY_MIN, cap)
    agrees = np.isin(name, [NAME_CODES.index(c) for c in NAME_LOSS])
    loss = _weights(W_NAME, NAME_CODES)[name]
    name_w = np.where(agrees, np.maximum(0.5, rarity - loss), loss)
    # A date shared by many (1 January, the usual placeholder for an unknown date) proves less.
    date_w = _weights(W_DATE, DATE_CODES)[date]
    typical = max(5.0, reg.population / DATE_SPREAD)
    excess = np.maximum(0.0, np.log(np.maximum(reg.date_count[i], 1) / typical))
    date_w = np.where(date == DATE_CODES.index("same"), np.maximum(0.5, date_w - excess), date_w)
    # NIKs that agree on their birth-date digits make equal birth dates expected for anyone: counting the
    # date again would count the same evidence twice.
    implied = (nik != NIK_CODES.index("other")) & (nik_pos >= 12) & reg.nik_date_ok[i] & reg.nik_date_ok[j]
    date_w = np.where(
        implied & (date == DATE_CODES.index("same")), np.minimum(date_w, W_DATE_IMPLIED), date_w
    )
    total = (
        PRIOR
        + nik_w
        + name_w
        + date_w
        + _weights(W_DESA, DESA_CODES)[desa]
        + np.where(sex_differs, W_SEX_DIFFERENT, 0.0)
        + np.where(kk_same, W_KK_SAME, 0.0)
    )
    score = 1.0 / (1.0 + np.exp(-total))
    return Comparison(nik, nik_pos, name, date, desa, sex_differs, kk_same, rarity, score)
