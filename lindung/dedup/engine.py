"""The duplicate engine: blocking and scoring on plain arrays, no Django models.

This module holds the records; `blocking` the keys below, `scoring` the weights below and `compare`.

Why a pair is proposed (the rules, so that they can be judged on data they were never tuned on):

**Blocking** (which pairs are compared at all). Comparing every pair of a million records is impossible, so a
pair is only scored when it shares one of these keys:

1. *NIK one edit away, with a name hint.* For each of the 16 NIK positions, the NIK with that digit blanked;
   for each of the 15 adjacent positions, the NIK with the two digits blanked plus the (unordered) two digits.
   Two NIKs share such a key exactly when they differ by one digit or by two swapped neighbours — the common
   typing errors. NIKs are dense (serials 0001, 0002… for everyone born on one day in one kecamatan), so a NIK
   one edit away is also very often a *different* person; the key is therefore combined with the first letter
   of the first or of the last core word of the name (`lindung.lib.names.core_tokens`), both in one key space:
   one typo cannot hide the pair, nor can a name written in another word order.
2. *Same birth date, similar name.* Birth date with the first three letters of the first or the last core
   word (one key space, as above), or the last three letters of the name (a duplicate entered under a wholly different NIK — wrong
   card, KK number typed as NIK; the ending survives a typo at the start of a one-word name).
3. *Same name skeleton, near birth date.* The spaceless skeleton with the birth year, or with day and month
   (a date typo in one part).
4. *Same NIK region and birth-date digits* (the first twelve) with the name hint of rule 1: a reissued NIK
   (another serial) whatever the recorded dates say.
5. *Same no. KK.* A family card holds a handful of people, so comparing them all is cheap, and it finds the
   duplicate whose NIK, name and date were all mistyped but whose family card was copied right — or whose
   NIK field holds the family card's number.
6. *Same desa* with a rare serial, or with the birth year, and the first three letters of the first or the last
   core word: two errors at once (a date mistyped or a placeholder, the NIK retyped to follow it) leave the
   desa, and the serial or the year. Likewise the desa with the day and month and that hint (a mistyped
   year and a mistyped name), and the desa with the whole birth date and no hint (a one-word name mistyped
   in its first three letters).

Within a key the records are sorted and each is compared with the next `WINDOW` records only, so a huge
block ("Siti", born 1 Jan 1980 — the date many registries use when the real one is unknown) costs linear time.

**Scoring** is a sum of log-odds (Fellegi–Sunter style) per field, turned into [0, 1] by the logistic function:
roughly ln(how much more likely the observation is for one person than for two). The weights are judgement
about Indonesian registry data, not fitted to a data set; the constants below carry them.

- NIK: equal +9; otherwise (more than one typing error apart) -5 — a NIK is the most reliable field, and
  the wholly different NIK a few duplicates carry (another person's card, the KK typed in) seldom follows the
  record's own birth date and sex, while two people's NIKs always do — but -1.5 when they share region and
  birth-date digits and only the serials differ (a reissued NIK; two people of one sex born on one day in one
  kecamatan too, hence not more), and only -1 when one of the two NIKs
  does not follow its own record's birth date (or is no possible NIK): a record whose NIK contradicts it has
  an error somewhere, so its NIK says little about who it is. A NIK field holding the family card's number (its own record's or
  the other's) counts as no NIK. One digit changed or two neighbours swapped: what it proves depends on
  where. In the birth-date digits +5 (a wrong date digit is a typo); in the region digits +2.5; in the
  serial -ln P(N ≥ the higher serial), between +0.5 and +5, with N the people of that sex born that day
  in that kecamatan, Poisson around the registry's count per kecamatan, sex and day but at least 4 (serials
  are issued in order from 0001: both being real needs that many people; a crowded date, 1 January, makes
  it likely), or the share of the registry's own serials that high where that is more (kept with the
  estimated weights: where serials run high, 0020 and 0021 are two people's as often as a typo). In the region digits of two real kecamatan, only +0.5 when the serial is one most kecamatan
  issue that day (at most twice that count): kecamatan codes are two digits, most a digit from another,
  so two people born on one day in two kecamatan have NIKs that look like a typo. A difference the records explain is no typo and counts as "different": the region digits of
  two real kecamatan codes where each person lives in the kecamatan of its NIK (or they live in two
  kecamatan and one of them in its NIK's), or the date digits of two NIKs that each follow their own birth
  date. The same holds for NIKs further apart: other birth-date digits in two NIKs that follow dates no typing
  error apart, with a shared serial under 10, count as "apart" whatever the kept region and serial say; other
  region digits in two NIKs that each name their own record's kecamatan, two kecamatan, -3 more (only where
  some of the registry's records live outside their NIK's kecamatan: else the NIK was written from the
  address). And a difference that makes one NIK impossible (digits 7–12 no date, serial 0000) is certainly the
  typo: +5 wherever it is. One NIK the other's moved by one place from a difference before the serial on (a
  digit dropped and the end padded, or doubled and the last cut) +2.5, when one of them no longer follows
  its record (the shift moves the date digits; two NIKs that both follow theirs are two people's). (The region is not used for this: a kecamatan code unknown here may predate a
  split or belong to another kabupaten.)
- Name (on the name key and skeleton of `lindung.lib.names`): agreement is worth ln(100,000 / k), where k
  records share the name key (the Fellegi–Sunter frequency weight, on the *count* of namesakes rather than
  their share: a bigger registry holds more namesakes born on any given day, so a shared name proves less),
  clipped to [2, 8] — to at most 5 for a one-word name, which comes from a far smaller pool however rare it
  looks locally. Looser agreement loses: equal spelling 0, same key after normalising 0, same skeleton or
  same without spaces 0.5, same core (without "Muhammad", a Palembang noble prefix — Kgs., Nyimas… —, a Batak
  "br." or a "bin/binti" and the father's name) 1, one typing error 1.5 — on the skeleton or on the
  spelling before the sound rules, since one typed letter can change two skeleton letters; in a name under
  five letters only a dropped letter, or a spelling twenty times rarer than the one a letter away (Rina and
  Rini, both common, are two names; "Seti" once against "Siti" a thousand times is a typo). One name's core
  words inside the other's — the same word or its initial ("Rizki A." / "Rizki Ahmad"), in any order; here
  "Muhammad" is a word like any other, so "Ahmad Ramadhan" is not "Muhammad Ramadhan" with a word dropped —
  are worth what the rarest shared word proves, ln(100,000 / k) for the k records holding it (the words of a
  name go together, so they are not added up; capped like a name): less 1 when nothing was dropped (a
  reordering, initials; as many words on both sides), less 3 when a word was dropped ("Widodo" / "Widodo
  Suparman"), never below -3 ("Siti" inside "Siti Aminah" proves nothing, but is no other name).
  Two typing errors (one on each record) in a name of at least eight letters without spaces ("Fitriani
  Utemi" / "Fidriani Utami") 3. A bare "M"/"M." is an initial (of Muhammad or of any M name), "Muhammad"
  written out a word. A shared whole word with another word on each side ("Hendra Toseland" / "Liam
  Toseland": a given name replaced, or a sibling) is worth the rarest shared word less 8, within [-7, -2]
  (a common word, Siti, leaves it a different name); twins' names stay different.
  Fixed: similar 80–90 +0.5 only when one spelling is that much rarer
  (Ahmad Saputra and Muhammad Saputra are two common names), else -7 like 60–80; below 60 -9.
- Birth date: equal +4, less the excess of a crowded date (ln(count / typical count); 1 January, the
  placeholder for unknown dates, proves little); equal but already implied by NIKs that share their date
  digits +1 (not counted twice; but in full beside serials far apart, whose level weighs the serial only); near (one digit of DDMMYYYY, day and month swapped, the year one off — it
  is often worked out from an age —, at most 3 days) +1.5; different, but both NIKs carry the same date and
  exactly one record follows its NIK (the other's recorded date is the mistyped one) +3 when the NIKs are a
  typing error apart (a date typo is common in a duplicate, a record contradicting its own NIK rare in two
  people), +1.5 when they are far apart (the shared date digits may be chance); one of them 1 January or
  31 December of the other's year, or a year up to 1900 (a date known by its year only, an empty
  spreadsheet cell) 0; exactly 1,462 days apart (a spreadsheet's 1904 date system read as 1900) +1.5;
  otherwise -5.
- Desa: same desa +2; another desa in the same kecamatan 0 (we hold no adjacency map, so "neighbouring"
  means "same kecamatan": a move nearby is neither for nor against); another kecamatan -1.
- Sex different -4; the same non-empty no. KK +4.5 (a card holds a handful of the registry's people;
  siblings and twins share it too, but they never share a name, and a different name weighs -7 or -9); two
  different non-empty KKs -1 (a KK changes when a family moves or splits, so it is only mild evidence).
- A prior of -6: most compared pairs are different people.

Twins (same KK, same birth date, NIK serials a few apart, different names) score low because a different name
outweighs the rest; where their NIKs agree up to a serial less than 10 apart, a word added ("Siti Wati" /
"Rahma Siti Wati") or a similar name counts as a different name, since twins often share a name part (a
reordering or initials still count as the same words: a reissued NIK keeps the family card). Twins' given
names often differ by one letter (Dewi/Desi, Salsa/Salma): with consecutive serials, one birth date and the
same family card or none, a "typo" in the first word only counts as a different name; so does it for a boy
and a girl of one card (or none) and one date whose given names differ in a gendered ending (Putra/Putri).
Two "Siti" with different birth dates and desa never get near the threshold.

**Consistency** (`matching.consistent`, in the scan): "same person" is transitive. When one record resembles
two others that are clearly two people, it is the duplicate of only one of them: going from the best pair
down, groups of records are joined only when the log-odds over all their cross pairs sum to "one person";
the other pairs are left out; one cross pair counts against a join by at most 5 (a copy of a copy carries
both copies' errors). A triplicate whose pairs all look alike stays whole. Pairs an operator has
decided to be two people (`scan(different=...)`) are removed first, so they hide no other pair.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lindung.lib.names import compact_skeleton, core_tokens, normalize_name

from .columns import factorize, factorize_map, nik_digits
from .contacts import ContactColumns

DEFAULT_THRESHOLD = 0.5
WINDOW = 30
# Records with a NIK and a desa needed before the registry's share living outside their NIK's kecamatan is read:
# from a sample of it, and from the whole registry (a small deployment's own share is its truth, but a handful of
# records is noise).
MIN_PLACED = 1_000
MIN_PLACED_WHOLE = 100
# Words of a name compared one by one (a longer name keeps its first ones).
MAX_WORDS = 5
_BARE_M = re.compile(r"(?:^|[\s.,])m(?:[.,\s]|$)")
# What sharing a name (or a word of it) proves is ln(NAME_SCALE / k) for k records sharing it (see `scoring`).
NAME_SCALE = 100_000


@dataclass
class Record:
    """One person as the engine sees it. `id` is the caller's key (a worker pk, a row number)."""

    id: int
    nik: str
    name: str
    birth_date: dt.date | None
    desa: str = ""
    sex: str = ""
    kk: str = ""
    name_key: str | None = None
    phone: str = ""
    address: str = ""
    birth_place: str = ""
    occupation: str = ""


@dataclass
class Candidate:
    a: int  # the caller's id of the first record (the checked one in check_one)
    b: int
    score: float
    reasons: list[str] = field(default_factory=list)


class Registry:
    """The records to search, as column arrays plus the derived name keys."""

    def __init__(
        self,
        ids: Sequence[int],
        niks: Sequence[str],
        names: Sequence[str],
        births: Sequence[dt.date | None],
        desas: Sequence[str],
        sexes: Sequence[str] | None = None,
        kks: Sequence[str] | None = None,
        name_keys: Sequence[str] | None = None,
        name_counts: Sequence[int] | None = None,
        population: int | None = None,
        date_counts: Sequence[int] | None = None,
        known_kecamatan: Iterable[str] | None = None,
        word_counts: Mapping[str, int] | None = None,
        phones: Sequence[str] | None = None,
        addresses: Sequence[str] | None = None,
        birth_places: Sequence[str] | None = None,
        occupations: Sequence[str] | None = None,
        weights: Mapping[str, Mapping[str, float]] | None = None,
        phone_counts: Sequence[int] | None = None,
        whole: bool = False,
    ) -> None:
        """`whole`: these are all the registry's records (a scan), not a sample of it (one applicant's check)."""
        n = len(ids)
        # Phone, address, birth place, occupation (`contacts`), and their estimated weights (`learning`).
        self.contacts = ContactColumns(n, phones, addresses, birth_places, occupations, phone_counts)
        self.addresses = list(addresses) if addresses is not None else [""] * n
        self.birth_places = list(birth_places) if birth_places is not None else [""] * n
        self.occupations = [str(o or "") for o in occupations] if occupations is not None else [""] * n
        self.raw_phones = list(phones) if phones is not None else [""] * n
        self.weights = weights
        self.n = n
        # How many records the name frequencies are counted among (the whole registry, for a sample).
        self.population = max(population or n, 1)
        self.ids = np.asarray(ids, dtype=np.int64)
        self.niks = list(niks)
        self.names = list(names)
        self.desas = list(desas)
        self.kks = list(kks) if kks is not None else [""] * n
        self.digits, self.nik_int = nik_digits(self.niks)
        # Dates: ordinals in one pass, day/month/year with numpy.
        self.birth = np.fromiter((d.toordinal() if d else 0 for d in births), dtype=np.int64, count=n)
        days = (np.where(self.birth > 0, self.birth, 719163) - 719163).astype("datetime64[D]")
        months = days.astype("datetime64[M]")
        self.year = np.where(self.birth > 0, days.astype("datetime64[Y]").astype(np.int64) + 1970, 0)
        self.month = np.where(self.birth > 0, months.astype(np.int64) % 12 + 1, 0)
        self.day = np.where(self.birth > 0, (days - months).astype(np.int64) + 1, 0)
        sexes = sexes if sexes is not None else [""] * n
        self.sex = np.fromiter(({"L": 1, "P": 2}.get(s, 0) for s in sexes), dtype=np.int8, count=n)
        # Places: per distinct desa its kecamatan and the six NIK digits of that kecamatan.
        self.desa_id, desa_index = factorize_map(self.desas)
        u_desa = list(desa_index)
        u_kec = [d.rsplit(".", 1)[0] if d.count(".") >= 3 else "" for d in u_desa]
        self.u_kec = u_kec
        u_kec_id = np.append(factorize(u_kec), -1)
        u_code6 = np.append(
            np.asarray(
                [int(k.replace(".", "")) if len(k.replace(".", "")) == 6 else -2 for k in u_kec],
                dtype=np.int64,
            ),
            -2,
        )
        self.kec_id = u_kec_id[self.desa_id]
        nik_region = np.where(self.nik_int >= 0, self.nik_int // 10**10, -1)
        self.nik_home = (self.nik_int >= 0) & (u_code6[self.desa_id] == nik_region)
        # The share of records (with a NIK and a desa) living outside the kecamatan their NIK names; None for
        # fewer than MIN_PLACED such records of a sample (it says nothing about the registry), or fewer than
        # MIN_PLACED_WHOLE of the whole registry.
        placed = (self.nik_int >= 0) & (self.desa_id >= 0)
        self.nik_away: float | None = (
            float(1.0 - self.nik_home[placed].mean())
            if placed.sum() >= (MIN_PLACED_WHOLE if whole else MIN_PLACED)
            else None
        )
        # Whether the NIK names a kecamatan that exists (given, or else one somebody here lives in).
        known = (
            {int(k.replace(".", "")) for k in known_kecamatan if len(k.replace(".", "")) == 6}
            if known_kecamatan is not None
            else set(u_code6.tolist())
        )
        # How many kecamatan the NIKs of this kabupaten can name: the people of a day spread over them.
        self.n_kecamatan = max(1, len({k for k in known if k >= 0} - {-2}))
        self.nik_region_known = np.isin(nik_region, np.fromiter(known, dtype=np.int64, count=len(known)))
        dd = self.digits[:, 6].astype(np.int64) * 10 + self.digits[:, 7]
        mm = self.digits[:, 8].astype(np.int64) * 10 + self.digits[:, 9]
        yy = self.digits[:, 10].astype(np.int64) * 10 + self.digits[:, 11]
        # Whether the NIK follows the recorded birth date (and sex: +40 on the day for women; either when
        # the sex is unknown).
        self.nik_date_ok = (
            (self.nik_int >= 0)
            & (self.birth > 0)
            & (
                (dd == self.day + np.where(self.sex == 2, 40, 0))
                | ((self.sex == 0) & ((dd == self.day) | (dd == self.day + 40)))
            )
            & (mm == self.month)
            & (yy == self.year % 100)
        )
        # Whether the NIK could have been issued at all: digits 7–12 a calendar date, a serial from 0001. (Not
        # the region: a kecamatan code unknown here may be an old one, from before a split, or from another
        # kabupaten.) A NIK one typing error from another that could not have been issued is the typo.
        nik_day = np.where(dd > 40, dd - 40, dd)
        month_days = np.asarray([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
        real_date = (mm >= 1) & (mm <= 12) & (nik_day >= 1) & (nik_day <= month_days[np.clip(mm, 0, 12)])
        self.nik_issuable = (self.nik_int >= 0) & real_date & (self.nik_int % 10_000 >= 1)
        self.nik_trusted = self.nik_issuable & self.nik_date_ok
        self.kk_id = factorize(self.kks)
        # The KK as a number (-1 unless 16 digits), and whether a NIK field holds some family card's number
        # (the KK typed as NIK).
        self.kk_int = nik_digits(self.kks)[1]
        cards = np.unique(self.kk_int[self.kk_int >= 0])
        self.nik_is_kk = (self.nik_int >= 0) & np.isin(self.nik_int, cards)
        # Names: the work is done once per distinct spelling, then spread over the records by index.
        self.raw_id, raw_index = factorize_map(self.names)
        u_raw = list(raw_index)
        if name_keys is not None:
            keys_of_raw: list[str] | None = None
            self.key_id, self.key_index = factorize_map(name_keys, missing=None)
        else:
            keys_of_raw = [normalize_name(r) for r in u_raw]
            key_of_raw, self.key_index = factorize_map(keys_of_raw, missing=None)
            self.key_id = np.append(key_of_raw, -1)[self.raw_id]
        self.u_keys = list(self.key_index)
        toks = [core_tokens(k) or [""] for k in self.u_keys]
        self.u_core = toks
        self.u_compact = [compact_skeleton(k) for k in self.u_keys]
        self.u_key_compact = [k.replace(" ", "") for k in self.u_keys]
        self.u_key_len = np.fromiter(
            (len(k) for k in self.u_key_compact), dtype=np.int64, count=len(self.u_keys)
        )
        self.u_tokens = [" ".join(t) for t in toks]
        self.u_tokens_compact = ["".join(t) for t in toks]
        u_compact_id, self.compact_index = factorize_map(self.u_compact)
        u_tokens_id = factorize(self.u_tokens_compact)

        def spread(values: Iterable[Any], *, as_ids: bool = False) -> np.ndarray:
            array = factorize(values) if as_ids else np.fromiter(values, dtype=np.int64)
            return np.append(array, -1)[self.key_id]

        self.compact_id = np.append(u_compact_id, -1)[self.key_id]
        self.tokens_id = np.append(u_tokens_id, -1)[self.key_id]
        # First and last word hints share one numbering, so that they can be compared with each other.
        hints: dict[str, int] = {}
        self.first1 = spread(hints.setdefault(t[0][:1], len(hints)) for t in toks)
        self.last1 = spread(hints.setdefault(t[-1][:1], len(hints)) for t in toks)
        self.first3 = spread(hints.setdefault(t[0][:3], len(hints)) for t in toks)
        self.last3 = spread(hints.setdefault(t[-1][:3], len(hints)) for t in toks)
        self.first_word = spread(hints.setdefault(t[0], len(hints)) for t in toks)
        self.end3 = spread(("".join(t)[-3:] for t in toks), as_ids=True)
        # The core words after the first: twins differ in the first (the given name) and share the rest.
        self.rest_id = spread((" ".join(t[1:]) for t in toks), as_ids=True)
        self.n_words = spread(k.count(" ") + 1 for k in self.u_keys)
        self.n_tokens = spread(len([w for w in t if w]) for t in toks)
        self.compact_len = spread(len(c) for c in self.u_compact)
        if name_counts is not None:
            self.name_count = np.asarray(name_counts, dtype=np.int64)
        else:
            counts = np.bincount(np.maximum(self.key_id, 0), minlength=1)
            self.name_count = np.where(self.key_id >= 0, counts[np.maximum(self.key_id, 0)], 1)
        # A bare "M"/"M." in a spelling is an initial (of Muhammad, or of any name in M) that the key writes as
        # "muhammad": the words of such a spelling read it as the initial "m" ("Wirda M." / "Wirda Mustofa").
        # One row of word arrays per name key and whether its spelling has a bare M.
        bare_m = np.fromiter(
            (bool(_BARE_M.search(r.lower())) for r in u_raw), dtype=np.int64, count=len(u_raw)
        )
        combo = np.where(self.key_id >= 0, self.key_id * 2 + np.append(bare_m, 0)[self.raw_id], -1)
        rows, inverse = np.unique(combo[combo >= 0], return_inverse=True)
        self.words_id = np.full(n, -1, dtype=np.int64)
        self.words_id[combo >= 0] = inverse
        self._word_arrays(
            [core_tokens(self.u_keys[c // 2], muhammad="m" if c % 2 else "muhamad") for c in rows.tolist()],
            word_counts,
        )
        if date_counts is not None:
            self.date_count = np.asarray(date_counts, dtype=np.int64)
        else:
            by_day = np.bincount(self.birth, minlength=1)
            self.date_count = np.where(self.birth > 0, by_day[self.birth], 1)
        self._sorted: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _word_arrays(self, toks: list[list[str]], word_counts: Mapping[str, int] | None) -> None:
        """The core words of every distinct name key (and bare-M reading, `words_id`) as ids in a (keys × MAX_WORDS) array (-1 pads), whether
        each is an initial, its first letter, and per word id the weight of sharing it: ln(NAME_SCALE / k)
        with k the records whose name holds the word (as for whole names, a count and not a share)."""
        index: dict[str, int] = {}
        n_keys = len(toks)
        self.u_word = np.full((n_keys, MAX_WORDS), -1, dtype=np.int32)
        self.u_letter = np.full((n_keys, MAX_WORDS), -1, dtype=np.int16)
        self.u_initial = np.zeros((n_keys, MAX_WORDS), dtype=bool)
        for k, words in enumerate(toks):
            for at, word in enumerate(w for w in words[:MAX_WORDS] if w):
                self.u_word[k, at] = index.setdefault(word, len(index))
                self.u_letter[k, at] = ord(word[0])
                self.u_initial[k, at] = len(word) == 1
        self.word_index = index
        # The whole words only, for comparing: initials and padding never equal anything (-1 / -2 by side).
        self.u_whole = np.where(self.u_initial | (self.u_word < 0), -1, self.u_word)
        self.u_whole_other = np.where(self.u_whole < 0, -2, self.u_whole)
        if word_counts is None:
            per_key = np.bincount(self.words_id[self.words_id >= 0], minlength=n_keys)
            flat = self.u_word.ravel()
            present = flat >= 0
            counts = np.bincount(
                flat[present], weights=np.repeat(per_key, MAX_WORDS)[present], minlength=len(index)
            )
            self.word_count = counts.astype(np.int64)
            word_counts = dict(zip(index, self.word_count.tolist(), strict=True))
        else:
            self.word_count = np.fromiter(
                (word_counts.get(w, 1) for w in index), dtype=np.int64, count=len(index)
            )
        self.word_counts = word_counts
        self.word_weight = np.log(NAME_SCALE / (np.maximum(self.word_count, 1) + 0.5))

    def kecamatan_codes(self) -> set[str]:
        return {k for k in self.u_kec if k}

    def key_of(self, row: int) -> str:
        return self.u_keys[self.key_id[row]] if self.key_id[row] >= 0 else ""

    def compact_of(self, row: int) -> str:
        return self.u_compact[self.key_id[row]] if self.key_id[row] >= 0 else ""

    def sorted_by(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted values, row order) of a column, built once, for searchsorted look-ups."""
        if column not in self._sorted:
            values = getattr(self, column)
            order = np.argsort(values, kind="stable")
            self._sorted[column] = (values[order], order)
        return self._sorted[column]

    def rows_equal(self, column: str, value: int) -> np.ndarray:
        values, order = self.sorted_by(column)
        lo, hi = np.searchsorted(values, value, "left"), np.searchsorted(values, value, "right")
        return order[lo:hi]

    @classmethod
    def from_records(
        cls,
        records: Sequence[Record],
        name_counts: Sequence[int] | None = None,
        population: int | None = None,
        date_counts: Sequence[int] | None = None,
        known_kecamatan: Iterable[str] | None = None,
        word_counts: Mapping[str, int] | None = None,
        weights: Mapping[str, Mapping[str, float]] | None = None,
        phone_counts: Sequence[int] | None = None,
        whole: bool = False,
    ) -> Registry:
        return cls(
            ids=[r.id for r in records],
            niks=[r.nik for r in records],
            names=[r.name for r in records],
            births=[r.birth_date for r in records],
            desas=[r.desa for r in records],
            sexes=[r.sex for r in records],
            kks=[r.kk for r in records],
            name_keys=[r.name_key if r.name_key is not None else normalize_name(r.name) for r in records],
            name_counts=name_counts,
            population=population,
            date_counts=date_counts,
            known_kecamatan=known_kecamatan,
            word_counts=word_counts,
            phones=[r.phone for r in records],
            addresses=[r.address for r in records],
            birth_places=[r.birth_place for r in records],
            occupations=[r.occupation for r in records],
            weights=weights,
            phone_counts=phone_counts,
            whole=whole,
        )

    def record(self, row: int) -> Record:
        day = self.birth[row]
        return Record(
            id=int(self.ids[row]),
            nik=self.niks[row],
            name=self.names[row],
            birth_date=dt.date.fromordinal(int(day)) if day else None,
            desa=self.desas[row],
            sex={1: "L", 2: "P"}.get(int(self.sex[row]), ""),
            kk=self.kks[row],
            name_key=self.key_of(row),
            phone=self.raw_phones[row],
            address=self.addresses[row],
            birth_place=self.birth_places[row],
            occupation=self.occupations[row],
        )
