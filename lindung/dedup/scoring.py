"""Pair scoring of the duplicate engine (the weights and their reasons are in the `engine` docstring)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .contacts import COMMON_PHONE, LEVELS, contact_codes, identity_table, weight_tables
from .engine import NAME_SCALE, Registry
from .fields import DATE_CODES, DESA_CODES, date_codes, desa_codes
from .namecodes import (
    NAME_AGREES,
    NAME_CODES,
    RARITY_MAX,
    RARITY_MAX_ONE_WORD,
    RARITY_MIN,
    SUBSET_FLOOR,
    SUBSET_LOSS_DROP,
    SUBSET_LOSS_ORDER,
    W_NAME,
    WORD_LOSS,
    WORD_RANGE,
    compatible_words,
    gendered_pair,
    name_codes,
)
from .nikstats import nik_away_share, poisson_tail, serial_tail

PRIOR = -6.0
# "other": NIKs more than one typing error apart that both follow their own records (see W_NIK_OTHER_UNTRUSTED).
# "serial": the same region and birth-date digits, serials more than one typing error apart (see compare()).
# "shift": one NIK is the other with a digit dropped or doubled before the serial, the end padded or cut.
W_NIK = {
    "same": 9.0,
    "one_digit": 5.0,
    "swap": 5.0,
    "other": -5.0,
    "missing": 0.0,
    "serial": -1.5,
    "shift": 2.5,
}
# Where in the NIK a one-digit difference sits changes what it proves (see the `engine` docstring).
W_NIK_TYPO_REGION = 2.5
W_NIK_TYPO_SERIAL = 0.5
# A kecamatan typo between two real kecamatan proves little where the serial is at most this many times the
# records expected per kecamatan, sex and day (see `compare`).
REGION_COMMON_SERIALS = 2.0
# Serials one digit apart: both real needs as many people of one sex born on one day in one kecamatan as the
# higher serial. Their number is taken as Poisson around the registry's own count per kecamatan, sex and day,
# but at least this: the registry holds only some of the people a kecamatan registered that day.
MIN_PER_KECAMATAN_DAY = 4.0
# Serials under this are what two people born the same day in one kecamatan look like (said in the reasons).
NEIGHBOUR_SERIALS = 10
# NIKs more than a typing error apart whose region digits differ, each naming its own record's kecamatan
# (added to the level's weight; see compare()).
W_NIK_REGION_HOMES = -3.0
# …only where at least this share of the registry's records live outside their NIK's kecamatan.
MIN_NIK_AWAY = 0.01
# NIKs far apart when one of them does not follow its own record: that record has an error somewhere.
W_NIK_OTHER_UNTRUSTED = -1.0
# NIKs equal but for the 40 a woman's day carries, of a man and a woman each following their own record: two
# people born together. bench/dedup_holdout.py 100k: false matches of twins 283 → 127 (the rest are twins of
# one sex), precision 0.910 → 0.942; bench/dedup_bench.py 100k unchanged (F1 0.9952).
W_NIK_PAIRED_SEXES = -10.0
DATE_SPREAD = 18_262  # days in the 50 years of birth dates a working population spans
# Twins' NIKs: the same but for serials less than this apart (they are registered together).
TWIN_SERIALS = 10
# "placeholder": one date is what lists write when only the year is known (1 January, 31 December) in the
# other's year, or an empty spreadsheet cell read as a date (1900 and before).
# "excel": exactly 1,462 days apart, the offset between the 1900 and 1904 date systems of spreadsheets.
W_DATE = {
    "same": 4.0,
    "near": 1.5,
    "nik": 1.5,
    "other": -5.0,
    "missing": 0.0,
    "placeholder": 0.0,
    "excel": 1.5,
}
W_DATE_IMPLIED = 1.0
# The NIK as witness (date code "nik") when the two NIKs are also a typing error apart: see compare().
W_DATE_WITNESSED_TYPO = 3.0
W_DESA = {"same": 2.0, "kecamatan": 0.0, "other": -1.0, "missing": 0.0}
W_SEX_DIFFERENT = -4.0
W_KK_SAME = 4.5
W_KK_DIFFERENT = -1.0

NIK_CODES = ["same", "one_digit", "swap", "other", "missing", "serial", "shift"]
# "impossible": one of two NIKs a typing error apart could not have been issued, so it is the typo;
# "neighbours": serials one digit apart, as two people born on one day in one kecamatan have;
# "untrusted": NIKs far apart, one of which does not follow its own record's birth date;
# "kk": one NIK field holds a family card's number.
NIK_NOTES = ["", "impossible", "neighbours", "untrusted", "kk"]


@dataclass
class Comparison:
    """Per-pair codes (indexes into the *_CODES lists) and the final score, as aligned arrays."""

    nik: np.ndarray
    nik_pos: np.ndarray
    nik_note: np.ndarray  # index into NIK_NOTES: what else the two NIKs say
    name: np.ndarray
    date: np.ndarray
    desa: np.ndarray
    sex_differs: np.ndarray
    kk_same: np.ndarray
    kk_differs: np.ndarray
    rarity: np.ndarray
    score: np.ndarray
    # Per contact field (`contacts.LEVELS`) the level of each pair, and the log-odds each field added.
    contact: dict[str, np.ndarray] = field(default_factory=dict)
    parts: dict[str, np.ndarray] = field(default_factory=dict)
    # Pairs whose name level the twin rules set to "different": its weight is never an estimated one.
    twin_named: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


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
    code[(code == NIK_CODES.index("other")) & (first >= 12)] = NIK_CODES.index("serial")
    # A digit dropped (and the NIK padded to 16 at the end) or doubled (and the last cut) from the first
    # difference on: the rest of one NIK is the other's moved by one place. Only before the serial: serials
    # 0001 and 0010 are two people as often as a slip.
    # A shift there moves the birth-date digits, so one of the two NIKs no longer follows its record: two
    # NIKs that both do (1606…4101980002 / …4101900022, two women born on 1 January) are two people.
    moved = (da[:, 12:15] == db[:, 11:14]).all(axis=1) | (db[:, 12:15] == da[:, 11:14]).all(axis=1)
    moved &= ~(reg.nik_date_ok[i] & reg.nik_date_ok[j])
    at = np.nonzero((code == NIK_CODES.index("other")) & (first <= 11) & moved)[0]
    da, db, after = da[at], db[at], first[at]
    ahead = np.arange(len(at))
    dropped_in_b = _suffix_all(da[:, 1:] == db[:, :-1])[ahead, after]
    dropped_in_a = _suffix_all(db[:, 1:] == da[:, :-1])[ahead, after]
    code[at[dropped_in_a | dropped_in_b]] = NIK_CODES.index("shift")
    code[(reg.nik_int[i] < 0) | (reg.nik_int[j] < 0)] = NIK_CODES.index("missing")
    return code, first


def _suffix_all(equal: np.ndarray) -> np.ndarray:
    """out[r, k]: all of equal[r, k:] (a 2-d boolean array)."""
    return np.asarray(np.flip(np.logical_and.accumulate(np.flip(equal, axis=1), axis=1), axis=1))


def _people_per_kecamatan_day(reg: Registry, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Records expected per kecamatan, sex and birth date, at the pair's birth date (crowded or not)."""
    return np.maximum(reg.date_count[i], reg.date_count[j]) / (2.0 * reg.n_kecamatan)


def _weights(table: dict[str, float], codes: list[str]) -> np.ndarray:
    return np.asarray([table[c] for c in codes])


def compare(reg: Registry, i: np.ndarray, j: np.ndarray) -> Comparison:
    """Score the row pairs (i[k], j[k]) of one registry."""
    nik, nik_pos = _nik_codes(reg, i, j)
    # How much more crowded the birth date is than a typical one (1 January, the usual placeholder).
    typical = max(5.0, reg.population / DATE_SPREAD)
    crowd = np.maximum(0.0, np.log(np.maximum(reg.date_count[i], 1) / typical))
    name = name_codes(reg, i, j)
    date = date_codes(reg, i, j)
    desa = desa_codes(reg, i, j)
    # A NIK difference that the records themselves explain is not a typing error: two NIKs that differ in
    # the kecamatan digits, both naming a kecamatan that exists, of two people each registered in their own
    # kecamatan (or living in two kecamatan, one of them the one its NIK names); or in the birth-date digits
    # of two people whose NIKs each follow their own birth date. But a NIK one typing error from another
    # that could not have been issued (digits 7–12 no date, serial 0000) is certainly the mistyped one.
    typo = (nik == NIK_CODES.index("one_digit")) | (nik == NIK_CODES.index("swap"))
    in_region = nik_pos < 6
    in_date = (nik_pos >= 6) & (nik_pos <= 11)
    impossible = typo & (reg.nik_issuable[i] != reg.nik_issuable[j])
    apart = reg.kec_id[i] != reg.kec_id[j]
    both_real = reg.nik_region_known[i] & reg.nik_region_known[j]
    home = reg.nik_home[i] & reg.nik_home[j] | apart & (reg.nik_home[i] | reg.nik_home[j])
    sex_differs = (reg.sex[i] != reg.sex[j]) & (reg.sex[i] > 0) & (reg.sex[j] > 0)
    # A man and a woman born on one day in one kecamatan with the same serial (twins, often): their NIKs
    # differ only by the 40 added to a woman's day, and each follows its own record's date and sex.
    paired_sexes = (
        in_date
        & (nik_pos == 6)
        & sex_differs
        & (np.abs(reg.digits[i, 6].astype(np.int16) - reg.digits[j, 6].astype(np.int16)) == 4)
    )
    both_follow = reg.nik_date_ok[i] & reg.nik_date_ok[j]
    explained = ~impossible & (
        (in_region & both_real & home)
        | (in_date & both_follow & ((date != DATE_CODES.index("same")) | paired_sexes))
    )
    nik[typo & explained] = NIK_CODES.index("other")
    typo &= ~explained
    nik_w = _weights(W_NIK, NIK_CODES)[nik]
    # Those two NIKs are each other's mirror: one person would need a wrong sex and a NIK "corrected" to it.
    nik_w[paired_sexes & explained] = W_NIK_PAIRED_SEXES
    note = np.zeros(len(i), dtype=np.int8)
    note[impossible] = NIK_NOTES.index("impossible")
    # A wrong kecamatan digit is a likelier typo than a coincidence, a wrong birth-date digit (not explained
    # above) the likeliest. Serials run 0001, 0002… for the people born on one day in one kecamatan, so
    # serials one digit apart are what two people born that day look like — unless both being real needs
    # more people born that day there than a kecamatan has (serial 0001 and 0401: four hundred), which a
    # crowded date (1 January, the placeholder for unknown dates) makes less unlikely.
    nik_w[typo & in_region & ~impossible] = W_NIK_TYPO_REGION
    # Kecamatan codes are two digits, so most real ones are a digit away from another: two people born on
    # one day, one in each, with the same low serial, have NIKs that differ like a typo. Where that serial is
    # one most kecamatan hand out on that date, the difference proves little.
    per_kec = _people_per_kecamatan_day(reg, i, j)
    low_serial = np.minimum(reg.nik_int[i] % 10_000, reg.nik_int[j] % 10_000)
    coincidence = both_real & (low_serial <= np.maximum(1.0, REGION_COMMON_SERIALS * per_kec))
    nik_w[typo & in_region & ~impossible & coincidence] = W_NIK_TYPO_SERIAL
    at = np.nonzero(typo & (nik_pos >= 12) & ~impossible)[0]
    higher = np.maximum(reg.nik_int[i[at]] % 10_000, reg.nik_int[j[at]] % 10_000)
    # Both serials real needs at least `higher` people of that sex born that day in that kecamatan.
    tail = poisson_tail(np.maximum(per_kec[at], MIN_PER_KECAMATAN_DAY), higher)
    # …or as many as the registry's own serials say: where a deployment's serials run high (one serial in
    # three above 20), serials 0020 and 0021 are two people's as often as a typo.
    tail = np.maximum(tail, serial_tail(reg.weights, higher))
    nik_w[at] = np.clip(-np.log(np.maximum(tail, 1e-12)), W_NIK_TYPO_SERIAL, W_NIK["one_digit"])
    note[at[higher < NEIGHBOUR_SERIALS]] = NIK_NOTES.index("neighbours")
    # Two NIKs far apart count against one person only as far as both are trustworthy: a NIK that does not
    # follow its own record's birth date (a wrong card, the KK number typed in) disagrees with anything.
    untrusted = (nik == NIK_CODES.index("other")) & ~(reg.nik_trusted[i] & reg.nik_trusted[j])
    nik_w[untrusted] = W_NIK_OTHER_UNTRUSTED
    note[untrusted] = NIK_NOTES.index("untrusted")
    # A NIK field that holds the family card's number (its own record's or the other's) is no NIK at all.
    typed_kk = np.zeros(len(i), dtype=bool)
    at = np.nonzero(reg.nik_is_kk[i] | reg.nik_is_kk[j])[0]
    nik_a, nik_b, kk_a, kk_b = reg.nik_int[i[at]], reg.nik_int[j[at]], reg.kk_int[i[at]], reg.kk_int[j[at]]
    typed_kk[at] = ((nik_a >= 0) & ((nik_a == kk_a) | (nik_a == kk_b))) | (
        (nik_b >= 0) & ((nik_b == kk_b) | (nik_b == kk_a))
    )
    nik[typed_kk] = NIK_CODES.index("missing")
    nik_w[typed_kk] = W_NIK["missing"]
    note[typed_kk] = NIK_NOTES.index("kk")
    carded = (reg.kk_id[i] >= 0) & (reg.kk_id[j] >= 0)
    kk_same = carded & (reg.kk_id[i] == reg.kk_id[j])
    # Two different family cards: a person's KK changes when the family moves or splits, so this is only
    # mild evidence of two people.
    kk_differs = carded & ~kk_same
    # One name's words inside the other's: a reordering or initials ("whole"), or a word dropped.
    subset = np.nonzero((name == NAME_CODES.index("subset")) | (name == NAME_CODES.index("word")))[0]
    whole, shared = np.zeros(len(subset), dtype=bool), np.zeros(len(subset))
    if len(subset):
        _, whole, shared = compatible_words(reg, reg.words_id[i[subset]], reg.words_id[j[subset]])
    # Twins share the family card, the birth date and the NIK up to a serial a few apart, and often a name
    # part ("Siti Wati" / "Rahma Siti Wati"): there only a name that is the same name, or the same words
    # reordered or shortened to initials, says "one person". (A reissued NIK has any serial.)
    # Where the family card is missing, the same birth date and names that differ in the first word only
    # (Salsa Zubaidah / Salma Zubaidah: a "typo" of one letter) mark them.
    twins = np.zeros(len(i), dtype=bool)
    card_missing = (reg.kk_id[i] < 0) | (reg.kk_id[j] < 0)
    at = np.nonzero((kk_same | card_missing) & (reg.birth[i] == reg.birth[j]) & ~sex_differs)[0]
    a, b = i[at], j[at]
    twins[at] = (
        (reg.nik_int[a] // 10_000 == reg.nik_int[b] // 10_000)
        & (reg.nik_int[a] != reg.nik_int[b])
        & (np.abs(reg.nik_int[a] - reg.nik_int[b]) < TWIN_SERIALS)
        & reg.nik_issuable[a]
        & reg.nik_issuable[b]
    )
    twins[subset[whole]] = False
    # Twins live on one card; one number given on two records without a shared card (and not a number many
    # give) is one person's phone: the Rahmad/Rahmat Hidayat, serials …0012/…0011, same phone.
    phone_a, phone_b = reg.contacts.phone_id[i], reg.contacts.phone_id[j]
    twins &= ~(
        (phone_a == phone_b)
        & (phone_a >= 0)
        & ~kk_same
        & (np.maximum(reg.contacts.phone_count[i], reg.contacts.phone_count[j]) <= COMMON_PHONE)
    )
    # A given name one letter from the other is a typo as often as a twin's name: only consecutive serials
    # (registered together) make it a twin.
    consecutive = np.abs(reg.nik_int[i] - reg.nik_int[j]) == 1
    given_only = consecutive & (reg.rest_id[i] == reg.rest_id[j]) & (reg.first_word[i] != reg.first_word[j])
    looks_alike = np.isin(name, [NAME_CODES.index(c) for c in ("subset", "close", "similar")])
    typo = name == NAME_CODES.index("typo")
    similar = name == NAME_CODES.index("similar")
    word = name == NAME_CODES.index("word")
    twin_named = twins & (kk_same & looks_alike | given_only & (typo | similar) | word)
    name[twin_named] = NAME_CODES.index("different")
    # A boy and a girl of one family card (or none) and one birth date whose given names differ only in a
    # gendered ending (Putra/Putri, Rahmat/Rahmah) and who share the rest of the name are twins, whatever
    # their NIKs say.
    first_only = (reg.rest_id[i] == reg.rest_id[j]) & (reg.first_word[i] != reg.first_word[j])
    at = np.nonzero(
        sex_differs & (kk_same | card_missing) & (reg.birth[i] == reg.birth[j]) & first_only & typo
    )[0]
    at = at[[gendered_pair(reg.u_core[reg.key_id[i[k]]], reg.u_core[reg.key_id[j[k]]]) for k in at]]
    name[at] = NAME_CODES.index("different")
    twin_named[at] = True
    count = np.maximum(np.maximum(reg.name_count[i], reg.name_count[j]), 1).astype(np.float64)
    # What a shared name proves falls with the number of namesakes a record could be confused with — their
    # count, not their share: a bigger registry holds more namesakes born on any given day. A one-word name
    # comes from a far smaller pool than a full name, however rare it looks here.
    cap = np.where(np.minimum(reg.n_words[i], reg.n_words[j]) <= 1, RARITY_MAX_ONE_WORD, RARITY_MAX)
    rarity = np.clip(np.log(NAME_SCALE / (count + 0.5)), RARITY_MIN, cap)
    agrees = NAME_AGREES[name]
    loss = _weights(W_NAME, NAME_CODES)[name]
    name_w = np.where(agrees, np.maximum(0.5, rarity - loss), loss)
    # One name's words inside the other's: worth what the rarest shared word proves (a common word —
    # Muhammad, Siti — little), less the loss of a reordering or initials, or the larger loss of a word dropped.
    shared_words = shared
    still = name[subset] == NAME_CODES.index("subset")
    at, whole, shared = subset[still], whole[still], np.minimum(shared[still], cap[subset[still]])
    name_w[at] = np.maximum(
        np.where(whole, np.maximum(RARITY_MIN, shared) - SUBSET_LOSS_ORDER, shared - SUBSET_LOSS_DROP),
        SUBSET_FLOOR,
    )
    # A shared word and one other word on each side: the rarer the shared word, the less "two people".
    kept = name[subset] == NAME_CODES.index("word")
    at = subset[kept]
    name_w[at] = np.clip(np.minimum(shared_words[kept], cap[at]) - WORD_LOSS, *WORD_RANGE)
    # A date shared by many (1 January, the usual placeholder for an unknown date) proves less.
    date_w = _weights(W_DATE, DATE_CODES)[date]
    same_date = date == DATE_CODES.index("same")
    date_w[same_date] = np.maximum(0.5, date_w[same_date] - crowd[same_date])
    # NIKs that agree on their birth-date digits make equal birth dates expected for anyone: counting the
    # date again would count the same evidence twice. Not for serials far apart (a reissued NIK): that level
    # (-1.5) weighs the other serial only, and the NIKs' equal date digits follow from the equal dates, so the
    # date is the one witness and counts in full (capped, field-tune and holdout missed 18 and 28 reissued
    # NIKs with a name typo or a word dropped; holdout's namesakes on a crowded 1 January keep a low date
    # weight through the crowd above).
    implied = (
        same_date
        & (nik != NIK_CODES.index("other"))
        & (nik != NIK_CODES.index("serial"))
        & (nik_pos >= 12)
        & reg.nik_date_ok[i]
        & reg.nik_date_ok[j]
    )
    date_w[implied] = np.minimum(date_w[implied], W_DATE_IMPLIED)
    # A record whose date contradicts its own NIK, when that NIK carries the other record's date and the two
    # NIKs are a typing error apart: for one person, a date typo (about one duplicate in five has one); for
    # two people, one record contradicting its own NIK (rare: the NIK rules refuse it at entry, about one
    # record in a hundred in old lists). ln(0.2 / 0.01) ≈ 3. Between NIKs far apart the shared date digits
    # may be chance, so there the weaker +1.5 stays.
    witnessed = (date == DATE_CODES.index("nik")) & (
        (nik == NIK_CODES.index("one_digit")) | (nik == NIK_CODES.index("swap"))
    )
    date_w[witnessed] = W_DATE_WITNESSED_TYPO
    # NIKs more than a typing error apart (both trusted, neither a KK): which parts agree, a learned level
    # (`contacts.LEVELS["nik"]`) that replaces the fixed weight. Not the NIKs of a man and a woman born
    # together (W_NIK_PAIRED_SEXES): read as "date_rare" they counted as one NIK with its day mistyped
    # (holdout: 6 false pairs, Dwi/Dwita Arpan).
    nik_level = np.zeros(len(i), dtype=np.int8)
    at = np.nonzero(
        ((nik == NIK_CODES.index("other")) | (nik == NIK_CODES.index("serial")))
        & ~untrusted
        & ~typed_kk
        & ~(paired_sexes & explained)
        & (reg.nik_int[i] >= 0)
        & (reg.nik_int[j] >= 0)
    )[0]
    if len(at):
        na, nb = reg.nik_int[i[at]], reg.nik_int[j[at]]
        region = na // 10**10 == nb // 10**10
        born = na // 10_000 % 1_000_000 == nb // 10_000 % 1_000_000
        serial_a, serial_b = na % 10_000, nb % 10_000
        same_serial = serial_a == serial_b
        rare = serial_a > np.maximum(MIN_PER_KECAMATAN_DAY, REGION_COMMON_SERIALS * per_kec[at])
        lv = LEVELS["nik"]
        nik_level[at] = np.select(
            [
                ~region & born & same_serial & rare,
                ~region & born & same_serial,
                region & ~born & same_serial & rare,
                region & ~born & same_serial,
                region & born & (np.abs(serial_a - serial_b) < TWIN_SERIALS),
                region & born,
                same_serial & rare,
            ],
            [lv.index(x) for x in ("region_rare", "region_common", "date_rare", "date_common", "serial_near")]
            + [lv.index("serial_far"), lv.index("serial_only")],
            lv.index("apart"),
        )
        # Both NIKs follow their own records, one of whose dates is a placeholder (1 January or 31 December
        # of the other's year): the NIK was retyped to it, so its date digits say nothing the dates do not;
        # with the region kept and another serial it is "retyped", not "apart". (Dates a typing error apart
        # are not enough: two people of one name born in one kecamatan days or years apart look like that —
        # gen: 6 more false pairs.)
        retyped = (
            region
            & ~same_serial
            & ~born
            & reg.nik_date_ok[i[at]]
            & reg.nik_date_ok[j[at]]
            & (date[at] == DATE_CODES.index("placeholder"))
        )
        nik_level[at[retyped]] = lv.index("retyped")
        # Other birth-date digits in two NIKs that each follow their own record, whose dates are no typing
        # error apart (not "near", no placeholder, no 1904 shift), and a shared serial under 10 — one that
        # most kecamatan issue on most days: the NIKs differ as the dates do, as two people's NIKs do (holdout:
        # 25 of its 123 false pairs: one name, one kecamatan, serial 0005-0009, born years apart). A higher serial
        # kept is less of a coincidence: a NIK retyped to a wholly other date (febrl3: 54 true pairs).
        dated_apart = ~born & (date[at] == DATE_CODES.index("other")) & (serial_a < NEIGHBOUR_SERIALS)
        nik_level[at[dated_apart]] = lv.index("apart")
        nik_w[at] = 0.0
        # Other region digits where each record lives in the kecamatan its own NIK names, two kecamatan: the
        # NIKs differ as the addresses do, as two people's NIKs do; one person would need the NIK's kecamatan
        # rewritten to follow a move (field-tune: 9 of 253 true pairs with the kecamatan changed and the
        # date and a rare serial kept; among two people of one name and date in two kecamatan, most). Added
        # to the level, so a rare serial kept still counts for one person (with a phone or a card shared).
        # Only where some records live outside their NIK's kecamatan: where none does (NIKs written from the
        # address, as bench/dedup_sets.py builds FEBRL's), the NIK is no witness independent of the address.
        a, b = i[at], j[at]
        own_homes = (
            (nik_away_share(reg) >= MIN_NIK_AWAY)
            & ~region
            & reg.nik_home[a]
            & reg.nik_home[b]
            & (reg.kec_id[a] != reg.kec_id[b])
        )
        nik_w[at[own_homes]] = W_NIK_REGION_HOMES
    # Disagreement levels whose weight the deployment's estimate raised (`contacts.IDENTITY_LEVELS`): the
    # larger of the two. Twins' names, and names on one family card (siblings'), keep theirs.
    name_w = np.where(
        twin_named | kk_same,
        name_w,
        np.maximum(name_w, identity_table(reg.weights, "name", NAME_CODES)[name]),
    )
    date_w = np.maximum(date_w, identity_table(reg.weights, "date", DATE_CODES)[date])
    desa_w = np.maximum(
        _weights(W_DESA, DESA_CODES)[desa], identity_table(reg.weights, "desa", DESA_CODES)[desa]
    )
    parts = {
        "nik": nik_w,
        "name": name_w,
        "date": date_w,
        "desa": desa_w,
        "sex": np.where(sex_differs, W_SEX_DIFFERENT, 0.0),
        "kk": np.where(kk_same, W_KK_SAME, 0.0) + np.where(kk_differs, W_KK_DIFFERENT, 0.0),
    }
    contact = {"nik": nik_level, **contact_codes(reg, i, j, kk_same)}
    tables = weight_tables(reg.weights)
    for name_of, codes in contact.items():
        parts[name_of] = parts.get(name_of, 0.0) + tables[name_of][codes]
    total = PRIOR + sum(parts.values())
    score = 1.0 / (1.0 + np.exp(-total))
    return Comparison(
        nik,
        nik_pos,
        note,
        name,
        date,
        desa,
        sex_differs,
        kk_same,
        kk_differs,
        rarity,
        score,
        contact,
        parts,
        twin_named,
    )
