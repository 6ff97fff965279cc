"""A registry as it reaches the regency from village sheets and the public form over two years: a duplicate test
set with its own names and its own error model, held out of all tuning.

    .venv/bin/python bench/dedup_villageset.py village-a     # what the set holds: rows, refusals, pairs per kind
    .venv/bin/python bench/dedup_sets.py --sets village-a     # the engine and Splink on it

Frozen on 2026-12-08, before any engine ran on it: village-a = 60,000 persons, seed 4419; village-big = 240,000
persons, seed 8819. Ages are counted on REFERENCE (2026-12-08), as the import counts them on the day it runs:
a run in a later year refuses more rows for age.

The people. Households of Musi Banyuasin's 242 desa (the Kemendagri codes of `wilayah_indonesia`): a head (85%
men), a spouse (up to 7 years older or 11 younger) in 65% of them, 0-2 adult children; everyone 18-65. Names
come from this module's own lists: Palembang/Malay and Arabic-derived names (Muhammad, Ahmad, Abdul …, Siti,
Nur …) and, for transmigrant families (55% of households in Sungai Lilin, Keluang, Lalan, Tungkal Jaya and
Babat Supat, 12% elsewhere), Javanese ones (Slamet, Sri Wahyuni …, and one-word names built as they are: a
prefix, a root, a male or female ending: Su-kir-man, Tu-ki-yem); one word for about a fifth of people, else two
or three, no surnames; weights falling with the rank so that common names recur (6,700 distinct names over
60,000 people). 3% of men carry a Palembang title (Kgs., Mgs., Kms., R.; women Nyimas, Nyayu), 8% of people
over 40 are hajis (H./Hj.), 3% have a degree (S.Pd., S.E., …). The NIK region is the household's for 80% of
its members: the kecamatan of the desa, or 35% of the time for residents of a split-off kecamatan its parent's
code (registered before the split; an assumed split history, CHILD_OF), or another Muba kecamatan (6%), or
another kabupaten of Sumatera Selatan, Lampung or Java (4%); serials count up per region and date from a
random offset. 4% of people born before 1975 have 1 January as their recorded birth date (NIK and papers
alike). KK = the desa's kecamatan + an issue date + a serial, shared by the household.

Who is recorded how often: 85% of persons once, 12% twice, 3% three times. A first record comes from the desa's
sheet (80%) or the public form (20%); a repeat from a later sheet of the same desa (45%), the form (40%), or the
sheet of the desa the person moved to (15%; 70% within the kecamatan). Each desa's sheets have their operator's
style: capitals or title case, date as dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd or "5 Maret 1990", sex as L/P or
LAKI-LAKI/PEREMPUAN, the address as "Jl. …"/"JALAN …", "RT 002 RW 001"/"RT.02/RW.01", "Dusun II"/"Dsn. 2";
the form is typed by the person (title case, sometimes lower case, more typing slips, the phone as 08…, +62 8… or
62 8…, KK left empty 45% of the time).

Every record renders the person through its hand: per word 15% a spelling of the same name (a table of
equivalents: Muhammad/Muhamad/Mohammad/Mochammad/Moh./M./Mhd., Ahmad/Achmad, Nur/Noer, Siti/St., Abdul/Abd.,
Rahmat/Rachmat, Khairul/Chairul, Yusuf/Jusuf/Yusup, Rizki/Rizky/Risky/Rizqi …; else a rule: old spelling
oe/u, dj/j, tj/c, j/y, ch/kh, sj/sy, a doubled or undoubled consonant, final i/y, f/p, a dropped final h);
compounds joined or split (Nur Hayati/Nurhayati, Abdul Rahman/Abdurrahman) 15%; a leading Muhammad/Ahmad/Siti/
Nur dropped 6%; a middle word cut to its initial 8%, the last of three words dropped 4%; "bin/binti" + the
father's name appended 5%; title and degree shown 60%, a Palembang title 70%; a typing slip (a letter dropped,
doubled, swapped with the next, or a neighbouring key) 4% on sheets, 8% on the form. The birth place is
written two ways (Sungai/Sei, Lubuk Linggau/Lubuklinggau, Palembang/Plg, Muara/Muaro) 25% of the time; the
occupation changes 20% of the time between records; the phone: 70% of people have one, sheets write it 55% of
the time, the form 92%, 15% of repeats bring a new number; a spouse gives the head's phone 60% of the time.

The NIK of a repeat (one record of each repeated person, drawn at random, carries the NIK as issued; each
other record one of these kinds, with the share):
  nik-same 22%        the same NIK: the import refuses it as a NIK already in the file, as it should;
  nik-typo 22%        one digit mistyped anywhere; in the date digits the operator filled the birth date from
                      the NIK half of the time (the row agrees with itself), else the import refuses it;
  nik-swap 10%        two neighbouring digits swapped, date digits handled as for nik-typo;
  nik-serial 14%      the serial re-issued by Dukcapil after a KK change;
  nik-kecamatan 7%    the kecamatan digits of the other side of a split (old for new or new for old), or of
                      another Muba kecamatan for people of an unsplit one;
  nik-second 15%      a second NIK of a second registration (NIK ganda) on a wrongly recorded birth date,
                      consistent in the row: 1 January (35%) or 31 December (15%) of the year, day and month
                      swapped (up to 25%: when the day is 12 or less), else the year off by one; a new serial, the
                      kecamatan of the desa the person lived in then;
  date-only 4%        the same wrong dates with the NIK unchanged: refused by the import (NIK date mismatch);
  nik-from-kk 2%      the KK number typed in the NIK column: refused (its date part is the KK's issue date);
  nik-typo2 4%        two digits mistyped in the region and serial digits.
On top of its NIK kind a repeat may move desa (13% within the kecamatan, 6% elsewhere), come with a new KK
(moves, family splits: 6%), no KK, another phone, another occupation, and its own rendering of the name.

Hard negatives (different people that look alike): twins (1.5% of child slots; same KK, date, desa, address,
consecutive serials, names that differ by a word or rhyme: Hasan/Husin, Rini/Rina, Rizki/Rizka); sons carrying
their father's exact name (4% of sons; other date, same KK); namesakes (1.5% of heads take the name and birth
date of an earlier head, each at most once, with a common name in another desa: Muhammad Rizki, Ahmad, Siti
Aminah, Nurhayati, Slamet …); spouses sharing KK, address and often the phone; siblings.

Truth is by person; a row's expected fate is computed here by the import's published rules (NIK of 16 digits
with a known province and kabupaten, its date and sex equal to the row's, serial not 0000; age 18-65 on
REFERENCE; a NIK already met among valid rows; a comma in a name only before a degree: a typing slip inside
the degree, ", .Pd.", makes the name refused): `summary()` prints the refusals per reason and the pairs between
rows expected to be registered, per kind.

The people and their households are made here; how a person becomes rows (the hands that render it, the NIK
kinds, how often and from where a person is recorded) is in bench/village_records.py, the name lists in
bench/village_names.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from village_names import (  # bench/ is on sys.path when this runs
    ABDUL_TAIL,
    CHILD_OF,
    COMMON,
    DEGREES,
    FEMALE_FIRST,
    FEMALE_ONE,
    FEMALE_SECOND,
    JAVA_END_FEMALE,
    JAVA_END_MALE,
    JAVA_FEMALE,
    JAVA_MALE,
    JAVA_PLACES,
    JAVA_PREFIX,
    JAVA_ROOT,
    MALE_FIRST,
    MALE_ONE,
    MALE_SECOND,
    NOBLE_FEMALE,
    NOBLE_MALE,
    OCCUPATIONS,
    OTHER_KABUPATEN,
    STREETS,
    SUMSEL_PLACES,
    TRANSMIGRANT_KEC,
    TWIN_SWAP,
)
from village_records import REFERENCE, START, Record, decode, records_of

FROZEN = {"village-a": {"persons": 60_000, "seed": 4419}, "village-big": {"persons": 240_000, "seed": 8819}}


@dataclass
class Person:
    pid: int
    sex: str
    words: list[str]
    birth: dt.date
    nik: str
    kk: str
    desa: str
    address: tuple[str, int, int, int]  # street or "", dusun, rt, rw
    phone: str
    birth_place: str
    occupation: str
    father: str
    javanese: bool
    title: str = ""  # H./Hj.
    noble: str = ""
    degree: str = ""
    role: str = ""  # twin, junior (carries the father's name), namesake, spouse


class Household(NamedTuple):
    kk: str
    address: tuple[str, int, int, int]
    region: str  # the NIK digits 1-6 most of its members carry


def _regions() -> tuple[dict[str, str], set[str]]:
    text = resources.files("wilayah_indonesia").joinpath("csv/base.csv").read_text(encoding="utf-8")
    desa, upper = {}, set()
    for line in text.splitlines():
        code, _, name = line.partition(",")
        if code.startswith("16.06.") and code.count(".") == 3:
            desa[code] = name
        elif code.count(".") <= 1:
            upper.add(code.replace(".", ""))
    return desa, upper


def _pick(rng: random.Random, names: list[str]) -> str:
    """A name, the first of the list most often (weight 1/(rank + 6))."""
    return rng.choices(names, weights=[1 / (k + 6) for k in range(len(names))])[0]


def _javanese(rng: random.Random, sex: str) -> str:
    """A one-word Javanese name as they are built: a prefix, a root, a male or female ending (Su-kir-man,
    Tu-ki-yem, Wa-gi-man, War-ti-ni); the common ones of JAVA_MALE/JAVA_FEMALE a third of the time."""
    if rng.random() < 0.33:
        return _pick(rng, JAVA_MALE if sex == "L" else JAVA_FEMALE)
    ending = _pick(rng, JAVA_END_MALE if sex == "L" else JAVA_END_FEMALE)
    return _pick(rng, JAVA_PREFIX) + _pick(rng, JAVA_ROOT) + ending


def nik_date(born: dt.date, sex: str) -> str:
    return f"{born.day + (40 if sex == 'P' else 0):02d}{born.month:02d}{born.year % 100:02d}"


class Generator:
    def __init__(self, persons: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.target = persons
        self.desa_names, self.upper = _regions()
        self.desas = sorted(self.desa_names)
        self.by_kec: dict[str, list[str]] = {}
        for code in self.desas:
            self.by_kec.setdefault(code[6:8], []).append(code)
        self.serial: Counter[str] = Counter()
        self.kk_serial: Counter[str] = Counter()
        self.people: list[Person] = []
        self.commons: dict[str, list[Person]] = {}  # heads with a common name, not yet given a namesake
        self.desa_style = {d: self._style() for d in self.desas}
        # A third of the desa have another operator's hand in 2026: capitals for title case or the reverse.
        self.changed_2026 = {d for d in self.desas if self.rng.random() < 0.3}

    # ---- people -------------------------------------------------------------------------------------------
    def _style(self) -> dict[str, str]:
        rng = self.rng
        return {
            "case": rng.choice(["upper", "upper", "upper", "title", "title"]),
            "date": rng.choices(["dmy", "dmy-", "ymd", "long"], [6, 2, 1, 1])[0],
            "sex": rng.choice(["L/P", "word"]),
            "street": rng.choice(["Jl.", "Jalan", "JL"]),
            "rt": rng.choice(["RT {rt:03d} RW {rw:03d}", "RT.{rt:02d}/RW.{rw:02d}", "Rt {rt} Rw {rw}"]),
            "dusun": rng.choice(["Dusun {roman}", "Dsn. {n}", "Dusun {n}", "DSN {roman}"]),
        }

    def _nik(self, region: str, born: dt.date, sex: str, offset: bool = True) -> str:
        stem = region + nik_date(born, sex)
        if stem not in self.serial and offset:
            self.serial[stem] = self.rng.randrange(0, 25)
        self.serial[stem] += 1
        return stem + f"{self.serial[stem]:04d}"

    def _nik_region(self, desa: str) -> str:
        rng, kec = self.rng, desa[6:8]
        roll = rng.random()
        if kec in CHILD_OF and roll < 0.35:
            kec = CHILD_OF[kec]
        elif roll < 0.06:
            kec = rng.choice(list(self.by_kec))
        elif roll < 0.10:
            return rng.choice(OTHER_KABUPATEN).replace(".", "") + f"{rng.randint(1, 20):02d}"
        return "1606" + kec

    def _birth(self, low: int, high: int) -> dt.date:
        """A birth date giving an age in [low, high] on REFERENCE (a little inside, to leave the limits alone)."""
        rng = self.rng
        days = rng.randint(int(low * 365.25) + 20, int((high + 1) * 365.25) - 20)
        born = REFERENCE - dt.timedelta(days=days)
        if born.year < 1975 and rng.random() < 0.04:
            born = dt.date(born.year, 1, 1)
        return born

    def _name(self, sex: str, javanese: bool) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if sex == "L":
            if javanese and roll < 0.45:
                return [_javanese(rng, sex)] + ([_pick(rng, MALE_SECOND)] if rng.random() < 0.3 else [])
            if roll < 0.15:
                return [_pick(rng, MALE_ONE)]
            first = _pick(rng, MALE_FIRST)
            if first == "Abdul":
                tail = _pick(rng, ABDUL_TAIL)
                return ["Abdurrahman"] if tail == "Rahman" and rng.random() < 0.4 else [first, tail]
            tail = [_pick(rng, MALE_SECOND)]
            if rng.random() < 0.2 and first in ("Muhammad", "Ahmad"):
                tail = [_pick(rng, MALE_FIRST[3:]), *tail]
            return [first, *tail]
        if javanese and roll < 0.45:
            return _javanese(rng, sex).split()
        if roll < 0.2:
            return [_pick(rng, FEMALE_ONE)]
        first = _pick(rng, FEMALE_FIRST)
        words = [first, _pick(rng, FEMALE_SECOND)]
        if first in ("Siti", "Nur") and rng.random() < 0.25:
            words.insert(1, "Nur" if first == "Siti" else rng.choice(["Aini", "Laila"]))
        return words

    def _person(self, sex: str, born: dt.date, desa: str, household: Household, javanese: bool) -> Person:
        rng = self.rng
        words = self._name(sex, javanese)
        age = (REFERENCE - born).days // 365
        place_roll = rng.random()
        if javanese and born.year < 1985:
            place = rng.choice(JAVA_PLACES)
        elif place_roll < 0.4:
            place = self.desa_names[desa]
        elif place_roll < 0.8:
            place = rng.choice(
                ["Sekayu", "Sungai Lilin", "Babat Toman", "Bayung Lencir", self.desa_names[desa]]
            )
        else:
            place = rng.choice(SUMSEL_PLACES)
        person = Person(
            pid=len(self.people),
            sex=sex,
            words=words,
            birth=born,
            nik=self._nik(household.region if rng.random() < 0.8 else self._nik_region(desa), born, sex),
            kk=household.kk,
            desa=desa,
            address=household.address,
            phone=self._phone() if rng.random() < 0.7 else "",
            birth_place=place,
            occupation=rng.choice(OCCUPATIONS),
            father=_javanese(rng, "L") if javanese else _pick(rng, MALE_ONE + MALE_FIRST[3:]),
            javanese=javanese,
        )
        if age > 40 and rng.random() < 0.08:
            person.title = "H." if sex == "L" else "Hj."
        if not javanese and rng.random() < 0.03:
            person.noble = rng.choice(NOBLE_MALE if sex == "L" else NOBLE_FEMALE)
        if rng.random() < 0.03:
            person.degree = rng.choice(DEGREES)
        self.people.append(person)
        return person

    def _phone(self) -> str:
        rng = self.rng
        prefix = rng.choice(
            ["0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0819", "0877", "0895"]
        )
        return prefix + "".join(str(rng.randrange(10)) for _ in range(rng.choice([7, 8, 8])))

    def _household(self) -> None:
        rng = self.rng
        desa = rng.choice(self.desas)
        kec = desa[6:8]
        javanese = rng.random() < (0.55 if kec in TRANSMIGRANT_KEC else 0.12)
        issued = START - dt.timedelta(days=rng.randint(0, 365 * 15))
        stem = "1606" + kec + issued.strftime("%d%m%y")
        self.kk_serial[stem] += 1
        street = rng.choice(STREETS) if desa[9] == "1" or rng.random() < 0.2 else ""
        household = Household(
            stem + f"{self.kk_serial[stem]:04d}",
            (street, rng.randint(1, 6), rng.randint(1, 12), rng.randint(1, 4)),
            self._nik_region(desa),
        )
        head_sex = "L" if rng.random() < 0.85 else "P"
        married = rng.random() < 0.65
        children = rng.choices([0, 1, 2], [6, 3, 1])[0]
        low = 18 + (18 if children else 0)
        head_born = self._birth(low, 65)
        head = self._person(head_sex, head_born, desa, household, javanese)
        pool = self.commons.get(head_sex, [])
        if pool and rng.random() < 0.015:  # the namesake of an earlier head with a common name elsewhere
            other = pool.pop(rng.randrange(len(pool)))
            if other.desa != desa:
                head.words, head.birth, head.role = list(other.words), other.birth, "namesake"
                head.nik = self._nik(head.nik[:6], other.birth, head_sex)
        elif head.words in [c[1] for c in COMMON if c[0] == head_sex]:
            self.commons.setdefault(head_sex, []).append(head)
        if married:  # a spouse up to 7 years older or 11 years younger, inside the ages
            oldest = (REFERENCE - dt.timedelta(days=int(65.9 * 365.25)) - head_born).days
            youngest = (REFERENCE - dt.timedelta(days=int(18.1 * 365.25)) - head_born).days
            low, high = max(-2500, oldest), min(4000, youngest)
            spouse_born = head_born + dt.timedelta(days=rng.randint(low, high)) if low < high else head_born
            spouse = self._person("P" if head_sex == "L" else "L", spouse_born, desa, household, javanese)
            spouse.role = "spouse"
            if head.phone and rng.random() < 0.6:
                spouse.phone = head.phone
        born_child = head_born + dt.timedelta(days=int(rng.uniform(19, 30) * 365.25))
        for _ in range(children):
            youngest = REFERENCE - dt.timedelta(days=int(18.1 * 365.25))
            if born_child > youngest:
                break
            sex = "L" if rng.random() < 0.6 else "P"
            child = self._person(sex, born_child, desa, household, javanese)
            if sex == "L" and head_sex == "L" and rng.random() < 0.04:
                child.words, child.role = list(head.words), "junior"
            if rng.random() < 0.015 and len(self.people) < self.target:  # twins: consecutive serials
                twin = self._person(sex, born_child, desa, household, javanese)
                twin.nik = child.nik[:12] + f"{int(child.nik[12:]) + 1:04d}"
                self.serial[child.nik[:12]] += 1
                twin.words = [TWIN_SWAP.get(w, w) for w in child.words]
                last = child.words[-1]
                if twin.words == child.words and last[-1] in "ia" and rng.random() < 0.5:  # Rini, Rina
                    twin.words = [*child.words[:-1], last[:-1] + ("a" if last[-1] == "i" else "i")]
                if twin.words == child.words:
                    twin.words = [*child.words[:-1], self._name(sex, javanese)[-1]]
                child.role = twin.role = "twin"
            born_child += dt.timedelta(days=rng.randint(500, 3000))

    def people_all(self) -> list[Person]:
        while len(self.people) < self.target:
            self._household()
        del self.people[self.target :]
        return self.people


def expected_fate(records: list[Record], upper: set[str]) -> None:
    """Each row's fate by the import's published rules, in file order. A row whose NIK passes claims it even
    when the row is refused for its name or age: a later row with that NIK counts as one already in the file."""
    seen: set[str] = set()
    degrees = {d.upper() for d in DEGREES}
    for r in records:
        nik = r.nik
        said = decode(nik) if len(nik) == 16 and nik.isdigit() else None
        sex = "L" if r.sex[0] in "Ll" else "P"
        born = r.birth_date
        age = REFERENCE.year - born.year - ((REFERENCE.month, REFERENCE.day) < (born.month, born.day))
        if said is None or nik[:2] not in upper or nik[:4] not in upper or nik[12:] == "0000":
            r.expect = "NIK invalid (region or date digits)"
        elif said != (born, sex):
            r.expect = "NIK date/sex differs from the row"
        elif nik in seen:
            r.expect = "NIK already in the file"
        else:
            seen.add(nik)
            if "," in r.name and r.name.split(",", 1)[1].strip().upper() not in degrees:
                r.expect = "name: a comma before no degree"  # a typing slip in the degree (", .Pd.")
            elif not 18 <= age <= 65:
                r.expect = "age outside 18-65"


def generate(persons: int, seed: int) -> tuple[list[Record], list[Person]]:
    g = Generator(persons, seed)
    people = g.people_all()
    records = [r for p in people for r in records_of(g, p)]
    records.sort(key=lambda r: (r.when, r.desa_code))
    counters: Counter[str] = Counter()
    for r in records:  # the form numbers its submissions, a sheet its rows (desa, month, row)
        key = "FORM" if r.source == "form" else r.desa_code.replace(".", "")
        counters[key] += 1
        r.ref = f"{key}-{r.when:%y%m}-{counters[key]:05d}"
    expected_fate(records, g.upper)
    return records, people


# ---- what the set holds -------------------------------------------------------------------------------------
def _plain(name: str) -> str:
    return " ".join(name.lower().replace(".", " ").replace(",", " ").split())


def summary(name: str) -> None:
    records, people = generate(**FROZEN[name])
    registered = [r for r in records if not r.expect]
    per_person = Counter(Counter(r.person for r in records).values())
    print(
        f"{name}: {len(people):,} persons, {len(records):,} rows; rows per person {sorted(per_person.items())}"
    )
    print(f"  sources: {dict(Counter(r.source for r in records))}")
    print(f"  expected registered {len(registered):,}; refused:")
    for (why, kind), n in sorted(Counter((r.expect, r.kind) for r in records if r.expect).items()):
        print(f"    {why:40} {kind:14} {n:6,}")
    groups: dict[int, list[Record]] = {}
    for r in registered:
        groups.setdefault(r.person, []).append(r)
    kinds: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    for rows in groups.values():
        for k, a in enumerate(rows):
            for b in rows[k + 1 :]:
                pair = sorted(x.kind for x in (a, b))
                kinds[pair[1] if pair[0] == "anchor" else "two erroneous: " + "+".join(pair)] += 1
                notes.update(set(a.notes + b.notes))
                fields["name differs (case and dots aside)"] += _plain(a.name) != _plain(b.name)
                fields["birth date differs"] += a.birth_date != b.birth_date
                fields["desa differs"] += a.desa_code != b.desa_code
                fields["kecamatan differs"] += a.desa_code[:8] != b.desa_code[:8]
                fields["NIK kecamatan digits differ"] += a.nik[:6] != b.nik[:6]
                fields["both KK given and differ"] += bool(a.kk and b.kk and a.kk != b.kk)
                fields["both phones given and same"] += (
                    bool(a.phone and b.phone) and a.phone[-9:] == b.phone[-9:]
                )
    print(f"  true pairs between expected registered rows: {sum(kinds.values()):,}")
    for kind, n in kinds.most_common():
        print(f"    {kind:40} {n:6,}")
    print("  notes on those pairs: " + "; ".join(f"{k} {n:,}" for k, n in notes.most_common()))
    print("  fields over those pairs: " + "; ".join(f"{k} {n:,}" for k, n in fields.items()))
    kept = {r.person for r in registered}
    roles = Counter(p.role for p in people if p.pid in kept and p.role)
    print(f"  hard negatives among registered persons: {dict(roles)}")
    by_name_date: dict[tuple[str, dt.date], set[int]] = {}
    for p in people:
        if p.pid in kept:
            by_name_date.setdefault((" ".join(p.words), p.birth), set()).add(p.pid)
    same = sum(len(v) * (len(v) - 1) // 2 for v in by_name_date.values())
    by_kk: dict[str, set[int]] = {}
    for p in people:
        if p.pid in kept:
            by_kk.setdefault(p.kk, set()).add(p.pid)
    kk_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_kk.values())
    print(
        f"  pairs of different registered persons with the same name and birth date: {same:,}; sharing a KK: {kk_pairs:,}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="+", choices=list(FROZEN))
    for chosen in parser.parse_args().sets:
        summary(chosen)
