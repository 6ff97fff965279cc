"""Weights of the contact fields estimated on the registry itself (Fellegi–Sunter, expectation maximisation).

The identity fields (NIK read as a whole, name, birth date, desa, sex, KK) keep the weights of `scoring`; the
contact fields (phone, address words, birth place, occupation; `contacts`) get theirs from the deployment's own
records: over the pairs the blocking proposes, alternately
  E: the probability that each pair is one person, from its score with the current contact weights (a pair an
     operator decided — "orang yang sama" / "orang berbeda" — is that, with probability 1 or 0);
  M: per field and level, m = the expected share of one-person pairs at that level and u = that of two-people
     pairs, among the pairs where both records have the field; weight = ln(m / u).
u is taken among the blocked pairs rather than among random pairs on purpose: the two-people pairs a
blocking proposes are relatives and neighbours, who share a phone and an address far more often than two
random people; a u from random pairs would make a shared phone near proof, and siblings one person. The
levels of phone and address inside one family card are apart for the same reason (see `contacts`).

Two NIK levels (the kecamatan or the birth-date digits changed, a rare serial kept) are weighed from the
registry's NIK counts instead (`nik_part_weights`): u over all its pairs, m a prior.

A field with too few pairs to learn from keeps the default weights. The result is stored as a MatchWeights row
with its date; the scan and the one-applicant check read the newest one (`current_weights`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .blocking import candidate_pairs
from .contacts import DEFAULT_WEIGHTS, LEVELS
from .engine import Registry
from .scoring import MIN_PER_KECAMATAN_DAY, compare, serial_shares

# The fields whose weights EM estimates. The NIK's parts are not among them: left free, EM (which takes the
# fields as independent given "one person" or not) lets name, date and desa — which relatives and namesakes
# share — pull the NIK's "far apart" towards 0 and twins' serials towards "one person" (field-tune: precision
# 0.99 → 0.91); they keep the weights set in `contacts` until reviewed pairs are many enough to learn from.
LEARNED = ("phone", "address", "place", "job")
# Agreement inside one family card keeps its set weight: EM cannot tell a person registered twice on one card
# from siblings (both share everything but the name), so it made a phone shared inside a card near proof as soon
# as the blocking proposed more pairs of relatives (field-tune: "same_family" 0.5 → 2.9, twins matched).
FAMILY_LEVELS = {("phone", "same_family"), ("address", "family")}
# Fewer pairs than this with a field present on both sides: that field keeps its default weights.
MIN_PAIRS = 200
# Pseudo-pairs per level on each side (m and u): keeps a level seen a few times from an extreme weight.
PSEUDO = 1.0
# Bounds of a learned weight: the NIK's parts may say "two people" as firmly as the fixed rules do; a phone,
# an address or a birth place written differently never outweighs a name and a NIK.
WEIGHT_RANGE = {"nik": (-6.0, 5.0)}
OTHER_RANGE = (-3.0, 4.5)
MAX_PAIRS = 3_000_000
CHUNK = 500_000
# The NIK levels where all but one part agree and the serial is one few people of a day and kecamatan reach
# ("region_rare": another kecamatan; "date_rare": other birth-date digits). Their u is what two people share by
# chance, computed over every pair of the registry from its own counts (the chance that two records share the
# agreeing parts); their m is the share of one person's pairs written that way, a prior (a slip in one part of
# a NIK otherwise copied right). weight = ln(m / u), within NIK_PART_RANGE. The birth-date digits of
# "region_rare" are not in its u: two NIKs that share them go with two equal birth dates, which the birth date
# already weighs (counted twice, a namesake born the same day in another kecamatan whose serial happened to
# be the same scored as one person: field-tune, serials 1-50, +9.4 and 20 of its 25 false pairs).
NIK_PART_M = 0.02
NIK_PART_M_MAX = 0.5
NIK_PART_RANGE = (1.5, 12.0)


def estimate(
    reg: Registry,
    *,
    labels: Iterable[tuple[int, int, bool]] = (),
    iterations: int = 10,
    max_pairs: int = MAX_PAIRS,
    seed: int = 1,
) -> dict[str, Any]:
    """{"weights": {field: {level: w}}, "pairs", "labelled", "match_share", "iterations", "seconds"}.

    `labels` are (worker id, worker id, same person?) from decided reviews; pairs of ids not in `reg` are
    ignored."""
    started = time.perf_counter()
    i, j = candidate_pairs(reg)
    row = {int(pk): r for r, pk in enumerate(reg.ids.tolist())}
    fixed: dict[tuple[int, int], float] = {}
    for a, b, same in labels:
        ra, rb = row.get(int(a)), row.get(int(b))
        if ra is not None and rb is not None and ra != rb:
            fixed[(min(ra, rb), max(ra, rb))] = 1.0 if same else 0.0
    total_pairs = len(i)
    if len(i) > max_pairs:
        keep = np.sort(np.random.default_rng(seed).choice(len(i), max_pairs, replace=False))
        i, j = i[keep], j[keep]
    if fixed:
        known = set(zip(i.tolist(), j.tolist(), strict=True))
        extra = [p for p in fixed if p not in known]
        i = np.concatenate([i, np.asarray([p[0] for p in extra], dtype=np.int64)])
        j = np.concatenate([j, np.asarray([p[1] for p in extra], dtype=np.int64)])
    serials = serial_shares(reg.nik_int[reg.nik_int >= 0] % 10_000)
    saved = reg.weights
    reg.weights = {**{f: dict.fromkeys(lv, 0.0) for f, lv in LEVELS.items()}, "serials": serials}
    base_parts: list[np.ndarray] = []
    code_parts: dict[str, list[np.ndarray]] = {f: [] for f in LEVELS}
    try:
        for start in range(0, len(i), CHUNK):
            cmp = compare(reg, i[start : start + CHUNK], j[start : start + CHUNK])
            p = np.clip(cmp.score, 1e-12, 1 - 1e-12)
            base_parts.append(np.log(p / (1 - p)).astype(np.float32))
            for f in LEVELS:
                code_parts[f].append(cmp.contact[f])
    finally:
        reg.weights = saved
    base = np.concatenate(base_parts) if base_parts else np.zeros(0, dtype=np.float32)
    codes = {f: (np.concatenate(c) if c else np.zeros(0, dtype=np.int8)) for f, c in code_parts.items()}
    label_at = np.zeros(len(i), dtype=bool)
    label_value = np.zeros(len(i))
    if fixed:
        index = {p: k for k, p in enumerate(zip(i.tolist(), j.tolist(), strict=True))}
        for p, value in fixed.items():
            label_at[index[p]], label_value[index[p]] = True, value
    weights = {f: dict(DEFAULT_WEIGHTS[f]) for f in LEVELS}
    learnt = {f: f in LEARNED and int((codes[f] > 0).sum()) >= MIN_PAIRS for f in LEVELS}
    share = 0.0
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007 (the count is reported)
        total = base.astype(np.float64)
        for f, lv in LEVELS.items():
            total = total + np.asarray([weights[f][level] for level in lv])[codes[f]]
        post = 1.0 / (1.0 + np.exp(-total))
        post[label_at] = label_value[label_at]
        share = float(post.mean()) if len(post) else 0.0
        changed = 0.0
        for f, lv in LEVELS.items():
            if not learnt[f]:
                continue
            present = codes[f] > 0
            m = np.bincount(codes[f][present], weights=post[present], minlength=len(lv)) + PSEUDO
            u = np.bincount(codes[f][present], weights=1.0 - post[present], minlength=len(lv)) + PSEUDO
            m, u = m[1:] / m[1:].sum(), u[1:] / u[1:].sum()
            new = np.clip(np.log(m / u), *WEIGHT_RANGE.get(f, OTHER_RANGE))
            for k, level in enumerate(lv[1:]):
                if (f, level) in FAMILY_LEVELS:
                    continue
                changed = max(changed, abs(weights[f][level] - float(new[k])))
                weights[f][level] = round(float(new[k]), 3)
        if changed < 0.01:
            break
    # The one-person pairs among all the blocked ones (the sample's share carried over to the whole).
    weights["nik"].update(nik_part_weights(reg, share * total_pairs))
    # How high the registry's serials run: a typo between two high serials proves less where many are high.
    weights["serials"] = serials
    return {
        "weights": weights,
        "pairs": len(i),
        "labelled": len(fixed),
        "match_share": share,
        "iterations": done,
        "learnt": [f for f in LEVELS if learnt[f]],
        "seconds": time.perf_counter() - started,
    }


def _chance_shared(values: np.ndarray) -> float:
    """The chance that two records drawn at random (with replacement) have the same value (-1: no value)."""
    values = values[values >= 0]
    if not len(values):
        return 1.0
    _, counts = np.unique(values, return_counts=True)
    return float(((counts / len(values)) ** 2).sum())


def _pairs_sharing(keys: np.ndarray) -> int:
    """How many pairs of the values are equal."""
    _, counts = np.unique(keys, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def nik_part_weights(reg: Registry, matches: float = 0.0) -> dict[str, float]:
    """Weights of "region_rare" and "date_rare" from the registry's NIKs (see NIK_PART_M). `matches`: the
    one-person pairs the registry is estimated to hold (EM's); where the registry holds more pairs at a level
    than chance explains, the excess over `matches` is that level's m (when above the prior)."""
    nik = reg.nik_int[reg.nik_int >= 0]
    if len(nik) < 2:
        return {}
    serial = nik % 10_000
    rare = serial > MIN_PER_KECAMATAN_DAY
    # Each record's rare serial, or none: two records share a rare serial with this chance.
    shared_serial = _chance_shared(np.where(rare, serial, -1)) * float(rare.mean()) ** 2
    born, region = nik // 10_000 % 1_000_000, nik // 10**10
    shared_region = _chance_shared(region)
    everyone = len(nik) * (len(nik) - 1) / 2
    out = {}
    for level, u, kept, changed in (
        ("region_rare", shared_serial, born, region),
        ("date_rare", shared_region * shared_serial, region, born),
    ):
        # Pairs of records with that part changed and the rest (a rare serial) the same, against chance.
        key = kept[rare] * 10_000 + serial[rare]
        seen = _pairs_sharing(key) - _pairs_sharing(key * 10**6 + changed[rare])
        chance = everyone * _chance_shared(kept) * shared_serial * (1 - _chance_shared(changed))
        m = (
            NIK_PART_M
            if matches <= 0
            else float(np.clip((seen - chance) / matches, NIK_PART_M, NIK_PART_M_MAX))
        )
        weight = np.log(m / max(u, 1e-12))
        out[level] = round(float(np.clip(weight, *NIK_PART_RANGE)), 3)
    return out


def current_weights(kabupaten: str = "") -> Mapping[str, Mapping[str, float]] | None:
    """The newest estimated weights for the kabupaten (or for the whole registry), None before any."""
    from .models import MatchWeights

    rows = MatchWeights.objects.filter(kabupaten__in=[kabupaten, ""]).order_by("-estimated_at", "-id")
    found = rows.values_list("weights", flat=True).first()
    return found or None
