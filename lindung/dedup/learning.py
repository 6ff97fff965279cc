"""Weights of the contact fields, and of the identity fields' disagreement levels, estimated on the registry
itself (Fellegi–Sunter, expectation maximisation).

The identity fields (NIK read as a whole, name, birth date, desa, sex, KK) keep the weights of `scoring`, but for
a few levels that say "two people" whose weight the registry may raise (below); the contact fields (phone, address words, birth place, occupation; `contacts`) get theirs from the deployment's own
records: over the pairs the blocking proposes, alternately
  E: the probability that each pair is one person, from its score with the current contact weights (a pair an
     operator decided — "orang yang sama" / "orang berbeda" — is that, with probability 1 or 0);
  M: per field and level, m = the expected share of one-person pairs at that level and u = that of two-people
     pairs, among the pairs where both records have the field; weight = ln(m / u).
u is taken among the blocked pairs rather than among random pairs on purpose: the two-people pairs a
blocking proposes are relatives and neighbours, who share a phone and an address far more often than two
random people; a u from random pairs would make a shared phone near proof, and siblings one person. The
levels of phone and address inside one family card are apart for the same reason (see `contacts`). But where
EM finds the blocked pairs mostly one person (MOSTLY_ONE: a registry of copies, as FEBRL's; 0.3–1.5 % on the
Indonesian sets, 59 % on febrl3) the two-people pairs among them are too few to take u from, and the pairs EM
takes for two people are one person's with several slips: there u is taken among random pairs (febrl3: a
shared address -0.1 → +4.5).

Two NIK levels (the kecamatan or the birth-date digits changed, a rare serial kept) are weighed from the
registry's NIK counts instead (`nik_part_weights`): u over all its pairs, m a prior.

A wholly other name or birth date, another desa, or NIKs far apart weigh what the hand weights of `scoring` say
(-7 to -9, -5, -1, -5) in registries typed from Indonesian lists, where relatives and namesakes are the pairs
that differ that way; a deployment whose lists were copied with heavier slips (a surname for a given name, a
wholly other date on an otherwise agreeing record) learns that they prove less (`_identity_weights`):
  m: the level's share among the anchors, the blocked pairs that the other fields alone score as one person
     (log-odds at least ANCHOR, the field's own weight left out: a hand weight of -9 cannot hide the pairs that
     would raise it), leaving out names on one family card and twins' (see `scoring`);
  u: the level's share among random pairs of the registry, or among the blocked pairs the other fields call
     two people where that is more;
  weight = ln(m / u), never below the hand weight and at most RAISE above it.
The field is left at its hand weights where the other fields alone find more one-person pairs (summed
probabilities, by at least one) than all the fields together: there the field is what tells two people apart (the NIK between
namesakes born on one day, the date between siblings whose NIKs differ in the serial), so the anchors are
not all one person — on the tuned Indonesian sets every such field fails this, or has fewer than
MIN_LEVEL_PAIRS anchors at the level, and nothing is raised; on FEBRL's dataset3 (soc_sec_id carried in the
NIK's serial) the name, date, desa and NIK levels are raised. Twins' and serial rules stay as set.

A field with too few pairs to learn from keeps the default weights. The result is stored as a MatchWeights row
with its date; the scan and the one-applicant check read the newest one (`current_weights`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .blocking import candidate_pairs
from .contacts import DEFAULT_WEIGHTS, IDENTITY_LEVELS, LEVELS
from .engine import Registry
from .fields import DATE_CODES, DESA_CODES
from .namecodes import NAME_CODES, W_NAME
from .nikstats import serial_shares
from .scoring import MIN_PER_KECAMATAN_DAY, NIK_CODES, W_DATE, W_DESA, Comparison, compare

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
# The disagreement levels of the identity fields (`contacts.IDENTITY_LEVELS`, and the NIK's "apart"; see the
# module docstring): u among RANDOM_PAIRS random pairs; a learned weight at most RAISE above the hand weight
# (febrl3: the name's "word" -7 → -1 at the bound, the date's "other" -5 → -1.7, the desa's -1 → -0.4, NIKs
# "apart" -5 → -2.0).
RANDOM_PAIRS = 200_000
RAISE = {"name": 6.0, "date": 4.0, "desa": 1.0, "nik": 4.0}
# m is taken among the anchors: blocked pairs that the other fields alone score at least ANCHOR (log-odds).
# Fewer anchors than MIN_MATCHES, or fewer than MIN_LEVEL_PAIRS of them at a level: the hand weight stands
# (field-tune: 7 anchors at "different", 5 at "very_different", names outside a family card).
ANCHOR = 3.0
MIN_MATCHES = 100
MIN_LEVEL_PAIRS = 20
# See the module docstring: EM's share of one-person pairs from which the contact fields' u is taken among
# random pairs.
MOSTLY_ONE = 0.5
HAND = {
    "name": {level: W_NAME[level] for level in IDENTITY_LEVELS["name"]},
    "date": {level: W_DATE[level] for level in IDENTITY_LEVELS["date"]},
    "desa": {level: W_DESA[level] for level in IDENTITY_LEVELS["desa"]},
    "nik": {"apart": DEFAULT_WEIGHTS["nik"]["apart"]},
}
CODES = {"name": NAME_CODES, "date": DATE_CODES, "desa": DESA_CODES, "nik": LEVELS["nik"]}


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
    # Per identity field (`HAND`) and pair: its hand weight, its level, whether the pair counts for it.
    own_parts: dict[str, list[np.ndarray]] = {f: [] for f in HAND}
    level_parts: dict[str, list[np.ndarray]] = {f: [] for f in IDENTITY_LEVELS}
    counted_parts: dict[str, list[np.ndarray]] = {f: [] for f in HAND}
    try:
        for start in range(0, len(i), CHUNK):
            cmp = compare(reg, i[start : start + CHUNK], j[start : start + CHUNK])
            p = np.clip(cmp.score, 1e-12, 1 - 1e-12)
            base_parts.append(np.log(p / (1 - p)).astype(np.float32))
            for f in LEVELS:
                code_parts[f].append(cmp.contact[f])
            for f in HAND:
                own_parts[f].append(cmp.parts[f].astype(np.float32))
                counted_parts[f].append(_counted(cmp, f))
            for f in IDENTITY_LEVELS:
                level_parts[f].append(getattr(cmp, f))
        u_random = _random_shares(reg, seed)
    finally:
        reg.weights = saved
    base = np.concatenate(base_parts) if base_parts else np.zeros(0, dtype=np.float32)
    codes = {f: (np.concatenate(c) if c else np.zeros(0, dtype=np.int8)) for f, c in code_parts.items()}
    own = {f: (np.concatenate(c) if c else np.zeros(0, dtype=np.float32)) for f, c in own_parts.items()}
    levels_of = {f: (np.concatenate(c) if c else np.zeros(0, dtype=np.int8)) for f, c in level_parts.items()}
    counted = {f: (np.concatenate(c) if c else np.zeros(0, dtype=bool)) for f, c in counted_parts.items()}
    label_at = np.zeros(len(i), dtype=bool)
    label_value = np.zeros(len(i))
    if fixed:
        index = {p: k for k, p in enumerate(zip(i.tolist(), j.tolist(), strict=True))}
        for p, value in fixed.items():
            label_at[index[p]], label_value[index[p]] = True, value
    weights: dict[str, Any] = {f: dict(DEFAULT_WEIGHTS[f]) for f in LEVELS}
    learnt = {f: f in LEARNED and int((codes[f] > 0).sum()) >= MIN_PAIRS for f in LEVELS}

    def log_odds() -> np.ndarray:
        total = base.astype(np.float64)
        for f, lv in LEVELS.items():
            total = total + np.asarray([weights[f][level] for level in lv])[codes[f]]
        return total

    def posterior(total: np.ndarray) -> np.ndarray:
        post = 1.0 / (1.0 + np.exp(-total))
        post[label_at] = label_value[label_at]
        return post

    share = 0.0
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007 (the count is reported)
        post = posterior(log_odds())
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
    # Blocked pairs mostly one person (a registry of copies, a blocking that proposes few relatives): the
    # two-people pairs among them are too few to take u from, and those EM finds are one person's pairs
    # with several slips. u from random pairs then, what two people drawn from the registry share.
    if share >= MOSTLY_ONE:
        post = posterior(log_odds())
        for f in LEARNED:
            if not learnt[f]:
                continue
            lv, present = LEVELS[f], codes[f] > 0
            m = np.bincount(codes[f][present], weights=post[present], minlength=len(lv))[1:] + PSEUDO
            new = np.clip(np.log(m / m.sum() / u_random[f][1:]), *OTHER_RANGE)
            for k, level in enumerate(lv[1:]):
                if (f, level) not in FAMILY_LEVELS:
                    weights[f][level] = round(float(new[k]), 3)
    # The one-person pairs among all the blocked ones (the sample's share carried over to the whole).
    weights["nik"].update(nik_part_weights(reg, share * total_pairs))
    # The disagreement levels of the identity fields, with every other weight as estimated.
    total = log_odds()
    nik_own = own["nik"] + np.asarray([weights["nik"][lv] for lv in LEVELS["nik"]])[codes["nik"]]
    identity = _identity_weights(
        total, posterior, {**own, "nik": nik_own}, {**levels_of, "nik": codes["nik"]}, counted, u_random
    )
    learnt_identity = [f for f in HAND if f in identity]
    weights["nik"].update(identity.pop("nik", {}))
    weights.update(identity)
    # How high the registry's serials run: a typo between two high serials proves less where many are high.
    weights["serials"] = serials
    # How many records live outside the kecamatan their NIK names (`nikstats.nik_away_share`).
    if reg.nik_away is not None:
        weights["nik_homes"] = {"away": round(reg.nik_away, 4)}
    return {
        "weights": weights,
        "pairs": len(i),
        "labelled": len(fixed),
        "match_share": share,
        "iterations": done,
        "learnt": [f for f in LEVELS if learnt[f]] + learnt_identity,
        "seconds": time.perf_counter() - started,
    }


def _counted(cmp: Comparison, field: str) -> np.ndarray:
    """Whether each pair counts for the identity field's estimate: both records have it; for a name, the
    records are not on one family card (a name differs there between siblings) and the twin rules did not
    set its level."""
    if field == "name":
        return np.asarray(~cmp.twin_named & ~cmp.kk_same)
    if field == "nik":
        return np.asarray(cmp.nik != NIK_CODES.index("missing"))
    missing = (DATE_CODES if field == "date" else DESA_CODES).index("missing")
    return np.asarray(getattr(cmp, field) != missing)


def _identity_weights(
    total: np.ndarray,
    posterior: Any,
    own: Mapping[str, np.ndarray],
    level_of: Mapping[str, np.ndarray],
    counted: Mapping[str, np.ndarray],
    u_random: Mapping[str, np.ndarray],
) -> dict[str, dict[str, float]]:
    """The disagreement levels' weights (see RAISE) from the blocked pairs' log-odds `total` (hand weights for
    the identity fields), each field's own part of it, its level and whether the pair counts for it."""
    out: dict[str, dict[str, float]] = {}
    post = posterior(total)
    for f, levels in HAND.items():
        alone = total - own[f]
        here = counted[f]
        # Where the other fields alone find more one-person pairs than all the fields do (by a pair or more),
        # this field is what tells two people apart (the NIK between namesakes born the same day; the date
        # between siblings whose NIKs differ in the serial): the pairs the others call one person are not.
        if posterior(alone)[here].sum() > post[here].sum() + 1.0:
            continue
        anchors = here & (alone >= ANCHOR)
        found = int(anchors.sum())
        if found < MIN_MATCHES:
            continue
        m_all = np.bincount(level_of[f][anchors], minlength=len(CODES[f]))
        two = here & (alone < 0)
        u_all = np.bincount(level_of[f][two], minlength=len(CODES[f]))
        for level, floor in levels.items():
            k = CODES[f].index(level)
            if m_all[k] < MIN_LEVEL_PAIRS:
                continue
            m = m_all[k] / found
            # u: among random pairs, or among the blocked pairs the other fields call two people if more.
            u = max(float(u_random[f][k]), (u_all[k] + PSEUDO) / (u_all.sum() + PSEUDO))
            weight = float(np.clip(np.log(m / u), floor, floor + RAISE[f]))
            out.setdefault(f, {})[level] = round(weight, 3)
    return out


def _random_shares(reg: Registry, seed: int) -> dict[str, np.ndarray]:
    """Per identity field the share of each level among random pairs of the registry that have it (each level
    seen once more, so that none is 0): the u of the disagreement levels."""
    rng = np.random.default_rng(seed)
    if reg.n < 2:
        return {**{f: np.ones(len(CODES[f])) for f in HAND}, **{f: np.ones(len(LEVELS[f])) for f in LEARNED}}
    i = rng.integers(0, reg.n, RANDOM_PAIRS)
    j = rng.integers(0, reg.n - 1, RANDOM_PAIRS)
    j[j >= i] += 1
    counts = {f: np.zeros(len(CODES[f])) for f in HAND}
    contact = {f: np.zeros(len(LEVELS[f])) for f in LEARNED}
    for start in range(0, RANDOM_PAIRS, CHUNK):
        cmp = compare(reg, i[start : start + CHUNK], j[start : start + CHUNK])
        for f in HAND:
            level = cmp.contact["nik"] if f == "nik" else getattr(cmp, f)
            counts[f] += np.bincount(level[_counted(cmp, f)], minlength=len(CODES[f]))
        for f in LEARNED:
            contact[f] += np.bincount(cmp.contact[f], minlength=len(LEVELS[f]))
    out = {f: (c + 1.0) / (c.sum() + len(c)) for f, c in counts.items()}
    # A contact field's levels but "missing" (index 0, left as 1).
    for f, c in contact.items():
        out[f] = np.concatenate([[1.0], (c[1:] + 1.0) / (c[1:].sum() + len(c) - 1)])
    return out


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
