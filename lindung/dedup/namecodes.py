"""Name levels of the duplicate engine: how two names agree (the same, a typo, a word dropped…), read from the
registry's name arrays (`engine.Registry`). `scoring.compare` weighs them."""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

from .engine import MAX_WORDS, Registry

# Name agreement: ln(N / k) clipped, minus a loss for looser kinds of agreement (see the `engine` docstring).
NAME_LOSS = {
    "same": 0.0,
    "normalised": 0.0,
    "skeleton": 0.5,
    "compact": 0.5,
    "core": 1.0,
    "typo": 1.5,
    "similar": 3.0,
}
W_NAME_FIXED = {"subset": 1.5, "close": 0.5, "word": -7.0, "different": -7.0, "very_different": -9.0}
W_NAME = {**NAME_LOSS, **W_NAME_FIXED}
# "subset" is weighed by the words shared (`compatible_words`): less these losses, not below the floor.
SUBSET_LOSS_ORDER, SUBSET_LOSS_DROP, SUBSET_FLOOR = 1.0, 3.0, -3.0
# "word": the names share a whole word and each has another the other lacks ("Adam Weaver" / "Hana Weaver": a
# given name replaced, or a sibling's). Weighed by the rarest shared word, less WORD_LOSS, within WORD_RANGE:
# a common shared word (Siti, Muhammad) leaves it a different name; a rare family word does not prove one
# person, but no longer two. Twins (same card, date and NIK but a few serials) stay "different".
WORD_LOSS, WORD_RANGE = 8.0, (-7.0, -2.0)
SIMILAR_LENGTH = 8  # letters of the shorter core (no spaces) from which two typing errors are one name's
RARE_SPELLING = 20  # a spelling this many times rarer than one a letter away is taken for a typo of it
RARITY_MIN, RARITY_MAX, RARITY_MAX_ONE_WORD = 2.0, 8.0, 5.0
COMMON_RARITY = 5.0  # below this the reasons say that the name is common
NAME_CODES = list(W_NAME)
NAME_AGREES = np.asarray([c in NAME_LOSS for c in NAME_CODES])


def gendered_pair(a: list[str], b: list[str]) -> bool:
    """Two names of several words whose first words differ only in their last letter or two."""
    if len(a) < 2 or len(b) < 2:
        return False
    first_a, first_b = a[0], b[0]
    stem = 0
    while stem < min(len(first_a), len(first_b)) and first_a[stem] == first_b[stem]:
        stem += 1
    return stem >= 3 and max(len(first_a), len(first_b)) - stem <= 2


def name_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    code = np.full(len(i), NAME_CODES.index("very_different"), dtype=np.int8)
    same_compact = (reg.compact_id[i] == reg.compact_id[j]) & (reg.compact_id[i] >= 0)
    same_words = reg.n_words[i] == reg.n_words[j]
    code[same_compact & ~same_words] = NAME_CODES.index("compact")
    code[same_compact & same_words] = NAME_CODES.index("skeleton")
    named = (reg.compact_len[i] > 0) & (reg.compact_len[j] > 0)
    code[(reg.key_id[i] == reg.key_id[j]) & named] = NAME_CODES.index("normalised")
    code[(reg.raw_id[i] == reg.raw_id[j]) & named] = NAME_CODES.index("same")
    same_tokens = ~same_compact & (reg.tokens_id[i] == reg.tokens_id[j]) & (reg.tokens_id[i] >= 0)
    code[same_tokens] = NAME_CODES.index("core")
    rest = np.nonzero(~same_compact & ~same_tokens)[0]
    if len(rest):
        code[rest] = _loose_name_codes(reg, i[rest], j[rest])
    return code


def _loose_name_codes(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Name codes of pairs whose skeletons differ: typo, subset, close or different."""
    ki, kj = reg.key_id[i], reg.key_id[j]
    # Only "at most one edit" and the ratio thresholds 60/80/90 matter, so the scorers may stop early.
    # The best of two spellings: the whole skeleton, and the skeleton without "Muhammad".
    left = [reg.u_compact[k] for k in ki]
    right = [reg.u_compact[k] for k in kj]
    ratio = cpdist(left, right, scorer=fuzz.ratio, score_cutoff=60, workers=1)
    edits = cpdist(left, right, scorer=OSA.distance, score_cutoff=1, workers=1)
    left = [reg.u_tokens_compact[k] for k in ki]
    right = [reg.u_tokens_compact[k] for k in kj]
    ratio = np.maximum(ratio, cpdist(left, right, scorer=fuzz.ratio, score_cutoff=60, workers=1))
    # Two letters apart on the core (each record with its own typo: "Fitriani Utemi" / "Fidriani Utami").
    two = cpdist(left, right, scorer=OSA.distance, score_cutoff=2, workers=1)
    edits = np.minimum(edits, two)
    # And the spelling before the sound rules: one typed letter can change two letters of the skeleton
    # ("Asmnh"/"Asmah": the skeleton drops the final h of only one of them; "Sii"/"Siti").
    key_shorter = np.minimum(reg.u_key_len[ki], reg.u_key_len[kj])
    key_longer = np.maximum(reg.u_key_len[ki], reg.u_key_len[kj])
    key_edits = np.full(len(i), 2, dtype=np.int64)
    near = np.nonzero(key_longer - key_shorter <= 1)[0]
    key_edits[near] = cpdist(
        [reg.u_key_compact[k] for k in ki[near]],
        [reg.u_key_compact[k] for k in kj[near]],
        scorer=OSA.distance,
        score_cutoff=1,
        workers=1,
    )
    shorter = np.minimum(reg.compact_len[i], reg.compact_len[j])
    longer = np.maximum(reg.compact_len[i], reg.compact_len[j])
    sub = np.full(len(i), NAME_CODES.index("very_different"), dtype=np.int8)
    sub[ratio >= 60] = NAME_CODES.index("different")
    compatible, _, shared = compatible_words(reg, reg.words_id[i], reg.words_id[j])
    sub[compatible] = NAME_CODES.index("subset")
    # One edit is a typo in a name of five letters or more; in a shorter one only a dropped or added
    # letter is ("Sti"/"Siti"), since short real names differ by one letter (Rina/Rini, Andi/Anda)…
    long_enough = ((edits <= 1) & (shorter >= 5)) | ((key_edits <= 1) & (key_shorter >= 5))
    dropped = ((edits <= 1) & (longer - shorter == 1) & (shorter >= 2)) | (
        (key_edits <= 1) & (key_longer - key_shorter == 1) & (key_shorter >= 2)
    )
    # …unless one spelling is rare and the other common: "Seti" written once against "Siti" a thousand
    # times is a typo, while Rina and Rini are both common, hence two names.
    fewer = np.minimum(reg.name_count[i], reg.name_count[j])
    more = np.maximum(reg.name_count[i], reg.name_count[j])
    rare = fewer * RARE_SPELLING <= more
    misspelt = ((edits <= 1) | (key_edits <= 1)) & (key_shorter >= 3) & rare
    # Two spellings a few letters apart are one name mistyped twice only if one of them is rare:
    # Ahmad Saputra and Muhammad Saputra, Sri Sari and Siti Sari are common names of different people.
    sub[(ratio >= 80) & rare & (sub != NAME_CODES.index("subset"))] = NAME_CODES.index("close")
    # Two typing errors, one in each record, in a name long enough that two letters are little of it (at
    # least SIMILAR_LENGTH letters without spaces): "Ade Mahentra" / "Ade Mehendra", "Gadang Sihomping" /
    # "Gatang Sihombing". Shorter names two letters apart are other names (Hilda / Helda… Rina / Rena).
    core_len = np.minimum(
        np.fromiter((len(reg.u_tokens_compact[k]) for k in ki), dtype=np.int64, count=len(ki)),
        np.fromiter((len(reg.u_tokens_compact[k]) for k in kj), dtype=np.int64, count=len(kj)),
    )
    loose = np.isin(sub, [NAME_CODES.index(c) for c in ("different", "very_different", "close")])
    sub[loose & (two <= 2) & (core_len >= SIMILAR_LENGTH)] = NAME_CODES.index("similar")
    apart = np.isin(sub, [NAME_CODES.index(c) for c in ("different", "very_different")])
    sub[apart & ~compatible & (shared > 0)] = NAME_CODES.index("word")
    sub[(ratio >= 90) | long_enough | dropped | misspelt] = NAME_CODES.index("typo")
    return sub


def compatible_words(
    reg: Registry, ki: np.ndarray, kj: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether the names of two name keys can be one person's written more or less fully: every core word of
    one of them stands in the other — the same word, or an initial of it ("Rizki A." / "Rizki Ahmad"), in
    any order — and at least one whole word is shared. Returns (compatible, whether each name's words are
    all in the other — a reordering or initials, nothing dropped —, and the weight of the rarest shared whole
    word of the name that is covered: the words of a name go together, so their weights are not added).
    """
    compatible, whole_both, shared = (
        np.zeros(len(ki), dtype=bool),
        np.zeros(len(ki), dtype=bool),
        np.zeros(len(ki)),
    )
    # Most compared names share no whole word: find the few that do first, one column pair at a time.
    a_whole, b_whole = reg.u_whole[ki], reg.u_whole_other[kj]
    any_shared = np.zeros(len(ki), dtype=bool)
    for p in range(MAX_WORDS):
        for q in range(MAX_WORDS):
            any_shared |= a_whole[:, p] == b_whole[:, q]
    at = np.nonzero(any_shared)[0]
    ki, kj = ki[at], kj[at]
    a, b = reg.u_word[ki], reg.u_word[kj]
    init_a, init_b = reg.u_initial[ki], reg.u_initial[kj]
    valid_a, valid_b = a >= 0, b >= 0
    whole = a_whole[at][:, :, None] == b_whole[at][:, None, :]
    initial = (
        (reg.u_letter[ki][:, :, None] == reg.u_letter[kj][:, None, :])
        & valid_a[:, :, None]
        & valid_b[:, None, :]
        & (init_a[:, :, None] | init_b[:, None, :])
    )
    match = whole | initial
    a_in_b = np.all(~valid_a | match.any(axis=2), axis=1)
    b_in_a = np.all(~valid_b | match.any(axis=1), axis=1)
    each_a = np.where(whole.any(axis=2), reg.word_weight[np.maximum(a, 0)], 0.0)
    each_b = np.where(whole.any(axis=1), reg.word_weight[np.maximum(b, 0)], 0.0)
    weight_a, weight_b = each_a.max(axis=1), each_b.max(axis=1)
    compatible[at] = a_in_b | b_in_a
    # Nothing dropped: as many words on both sides ("Siti Hartati" / "Siti Siti Hartati" dropped one).
    whole_both[at] = a_in_b & b_in_a & (valid_a.sum(axis=1) == valid_b.sum(axis=1))
    shared[at] = np.where(a_in_b, weight_a, weight_b)
    return compatible, whole_both, shared
