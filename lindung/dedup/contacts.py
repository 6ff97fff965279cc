"""Phone, address words, birth place and occupation: the fields beside the identity fields, with weights that are
estimated from the registry (`learning`) rather than set by hand.

Each field is compared as a level (a code below); the weight of a level is ln(m / u), m and u the shares of
pairs of one person and of two people at that level. Relatives share a phone, an address and a family card, so
the levels of phone and address distinguish agreement inside one family card ("family") from agreement
between records of different cards (or without one): the first is what siblings look like, the second what a
person registered twice looks like. A number that many records give (a kader's or the village office's phone)
proves little: "common".

Until weights have been estimated for a deployment the DEFAULT_WEIGHTS below hold: modest values, so that a
registry without these fields scores as before (a missing field weighs 0).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .columns import factorize

if TYPE_CHECKING:
    from .engine import Registry

# Level codes per field; index 0 is always "missing" (one of the two records has no value), weight 0.
LEVELS: dict[str, list[str]] = {
    # Two NIKs more than a typing error apart, read by part (region 6 · birth date 6 · serial 4): which parts
    # agree. A serial is "rare" when more people than a kecamatan registers that day would be needed for it,
    # so two people sharing it is unlikely (`scoring`). Pairs whose NIKs are equal or a typo apart are not
    # here ("missing"): the rules of `scoring` weigh those.
    "nik": [
        "missing",
        "region_rare",
        "region_common",
        "date_rare",
        "date_common",
        "serial_near",
        "serial_far",
        "serial_only",
        "apart",
        "retyped",
    ],
    "phone": ["missing", "same", "same_family", "same_common", "other"],
    "address": ["missing", "same", "some", "none", "family"],
    "place": ["missing", "same", "near", "other"],
    "job": ["missing", "same", "other"],
}
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "nik": {
        "missing": 0.0,
        "region_rare": 3.0,
        "region_common": -5.0,
        "date_rare": 1.5,
        "date_common": -5.0,
        "serial_near": -1.5,
        "serial_far": -1.5,
        "serial_only": -4.0,
        "apart": -5.0,
        # Region kept, serial and date digits changed, one date a placeholder, each NIK following its record:
        # a card retyped to the placeholder date (see `scoring`).
        "retyped": -2.0,
    },
    "phone": {"missing": 0.0, "same": 2.5, "same_family": 0.5, "same_common": 0.5, "other": -0.5},
    "address": {"missing": 0.0, "same": 1.0, "some": 0.3, "none": -0.3, "family": 0.0},
    "place": {"missing": 0.0, "same": 0.5, "near": 0.3, "other": -1.0},
    "job": {"missing": 0.0, "same": 0.2, "other": -0.2},
}
# A phone given by more records than this is a shared number (a kader's, the village office's).
COMMON_PHONE = 3
# Address words that say nothing about where a person lives.
_ADDRESS_NOISE = {
    "jalan", "jl", "jln", "rt", "rw", "no", "nomor", "dusun", "dsn", "lorong", "lr", "gang", "gg", "desa",
    "kel", "kelurahan", "kec", "kecamatan", "blok", "kab", "kabupaten", "lk", "lingkungan",
}  # fmt: skip
_WORD = re.compile(r"[a-z]+|\d+")


def phone_key(raw: str) -> str:
    """08…, +62…, 62…, with spaces or dashes → the national number without its leading 0 ('' if none)."""
    digits = re.sub(r"\D", "", raw or "")
    if digits.startswith("62"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if 7 <= len(digits) <= 13 else ""


def address_words(raw: str) -> frozenset[str]:
    """The words of an address that place a person (numbers without leading zeros, no "Jalan", "RT")."""
    words = (w.lstrip("0") or "0" if w.isdigit() else w for w in _WORD.findall((raw or "").lower()))
    return frozenset(w for w in words if w not in _ADDRESS_NOISE)


def place_key(raw: str) -> str:
    return "".join(_WORD.findall((raw or "").lower().replace("kabupaten", "").replace("kota", "")))


def _mask(words: frozenset[str]) -> int:
    """The words as bits of a 63-bit mask (crc32 of each word mod 63): overlap by popcount, vectorised."""
    out = 0
    for w in words:
        out |= 1 << (zlib.crc32(w.encode()) % 63)
    return out


class ContactColumns:
    """Per-record arrays of the contact fields, built once per registry."""

    def __init__(
        self,
        n: int,
        phones: Sequence[str] | None,
        addresses: Sequence[str] | None,
        places: Sequence[str] | None,
        jobs: Sequence[str] | None,
        phone_counts: Sequence[int] | None = None,
    ) -> None:
        self.phones = [phone_key(p) for p in phones] if phones is not None else [""] * n
        self.phone_id = factorize(self.phones)
        if phone_counts is not None:
            self.phone_count = np.asarray(phone_counts, dtype=np.int64)
        else:
            counts = np.bincount(np.maximum(self.phone_id, 0), minlength=1)
            self.phone_count = np.where(self.phone_id >= 0, counts[np.maximum(self.phone_id, 0)], 0)
        masks: dict[str, int] = {}
        raw_addresses = addresses if addresses is not None else [""] * n
        for a in set(raw_addresses):
            masks[a] = _mask(address_words(a))
        self.address_mask = np.fromiter((masks[a] for a in raw_addresses), dtype=np.int64, count=n)
        keys = [place_key(p) for p in places] if places is not None else [""] * n
        self.place_id = factorize(keys)
        self.place3_id = factorize(k[:3] for k in keys)
        self.job_id = factorize([str(j or "") for j in jobs] if jobs is not None else [""] * n)


def contact_codes(reg: Registry, i: np.ndarray, j: np.ndarray, kk_same: np.ndarray) -> dict[str, np.ndarray]:
    """The level (index into LEVELS[field]) of every contact field for the row pairs (i[k], j[k])."""
    c = reg.contacts
    out: dict[str, np.ndarray] = {}
    lv = LEVELS["phone"]
    pa, pb = c.phone_id[i], c.phone_id[j]
    code = np.where(pa == pb, lv.index("same"), lv.index("other")).astype(np.int8)
    common = np.maximum(c.phone_count[i], c.phone_count[j]) > COMMON_PHONE
    code[(pa == pb) & common] = lv.index("same_common")
    code[(pa == pb) & kk_same] = lv.index("same_family")
    code[(pa < 0) | (pb < 0)] = lv.index("missing")
    out["phone"] = code
    lv = LEVELS["address"]
    ma, mb = c.address_mask[i], c.address_mask[j]
    both = np.bitwise_count(ma & mb).astype(np.float64)
    either = np.maximum(np.bitwise_count(ma | mb), 1)
    share = both / either
    code = np.select([share >= 0.75, share >= 0.34], [lv.index("same"), lv.index("some")], lv.index("none"))
    code = code.astype(np.int8)
    code[kk_same] = lv.index("family")
    code[(ma == 0) | (mb == 0)] = lv.index("missing")
    out["address"] = code
    lv = LEVELS["place"]
    qa, qb = c.place_id[i], c.place_id[j]
    code = np.where(qa == qb, lv.index("same"), lv.index("other")).astype(np.int8)
    code[(qa != qb) & (c.place3_id[i] == c.place3_id[j])] = lv.index("near")
    code[(qa < 0) | (qb < 0)] = lv.index("missing")
    out["place"] = code
    lv = LEVELS["job"]
    ja, jb = c.job_id[i], c.job_id[j]
    code = np.where(ja == jb, lv.index("same"), lv.index("other")).astype(np.int8)
    code[(ja < 0) | (jb < 0)] = lv.index("missing")
    out["job"] = code
    return out


# Levels of the identity fields (`scoring`) whose weight an estimate may raise (`learning`): how often one
# person's two records disagree that way belongs to the deployment (lists copied by hand with a wholly other
# date, a surname for a given name). The hand weight stays the floor; the NIK's "apart" is a level above.
IDENTITY_LEVELS: dict[str, tuple[str, ...]] = {
    "name": ("word", "different", "very_different"),
    "date": ("other",),
    "desa": ("other",),
}


def identity_table(
    weights: Mapping[str, Mapping[str, float]] | None, field: str, codes: list[str]
) -> np.ndarray:
    """Per level code of an identity field (`codes`: its code list) the estimated weight, -inf where none was
    estimated: the scoring takes the larger of this and its own weight."""
    given = (weights or {}).get(field, {})
    return np.asarray(
        [float(given[c]) if c in given and c in IDENTITY_LEVELS[field] else -np.inf for c in codes]
    )


def weight_tables(weights: Mapping[str, Mapping[str, float]] | None) -> dict[str, np.ndarray]:
    """Per field the weight of each level as an array indexed by level code (defaults where not estimated)."""
    out = {}
    for field, levels in LEVELS.items():
        given = (weights or {}).get(field, {})
        row = [float(given.get(lv, DEFAULT_WEIGHTS[field][lv])) for lv in levels]
        row[0] = 0.0  # a missing field is no evidence either way
        out[field] = np.asarray(row)
    return out
