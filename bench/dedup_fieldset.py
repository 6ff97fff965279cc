"""A third duplicate test set, written without reading the engine's scoring code, with another name source
(Faker's id_ID provider, not lindung.lib.names nor the name lists of dedup_gen.py / dedup_holdout.py) and another
error model: the mistakes a village operator makes when the same person is registered twice.

    .venv/bin/python bench/dedup_fieldset.py --people 60000 --seed 1906     # prints a summary and samples

Used by bench/dedup_sets.py. The sets the benchmark names are FROZEN here (FROZEN below: seed, number of people,
every rate in this file) and were fixed on 2026-12-07 before any change to the engine was measured against them:
  - "field-tune" (seed 1906) may be looked at while tuning the engine;
  - "field-holdout" (seed 2026) is never looked at pair by pair while tuning: only its P/R/F1 are reported.
Changing a rate or the name source makes a new set; give it a new name rather than editing a frozen one.

People (Kabupaten Musi Banyuasin 16.06, desa codes from wilayah_indonesia): households of 1-4 adults with one KK,
one address and one desa; names from Faker id_ID (given name + family word, with the provider's titles on 6 %);
siblings share the family word; a spouse and the children sometimes use the head's phone (so a shared phone is
not proof). Birth dates 1962-2007 (the program's 18-65), 5 % on 1 January. NIK = 16 06 + kecamatan of the first
registration (12 % another Muba kecamatan than the desa's) + DDMMYY (day + 40 for women) + serial.

Hard negatives (different people the engine must keep apart):
  - twins, 1.2 % of households: same birth date, KK, address and desa, serials n and n+1, often the same initial
    ("Rina"/"Rini" style pairs are left to chance: Faker's list gives what it gives);
  - namesakes, 1 % of people: a second person with the same name and birth date in another kecamatan, with their
    own NIK (other kecamatan digits, other serial), KK, phone and address;
  - relatives sharing KK, address, phone and the family word.

Duplicates (7 % of people recorded twice, a tenth of those three times). Each extra record draws independently:
  - name (65 %): old spelling (u→oe, j→dj, c→tj, y→j, sy→sj), cut to one word, first word + initial or initial
    + last word, title dropped or added, one letter changed (vowel, t/d, b/p, a doubled letter), Muhammad
    written another way; 35 % of extra records are typed in upper case.
  - NIK (55 %): kecamatan digits changed with the serial kept, a reissued serial, one digit off, two digits off,
    two adjacent digits transposed (a change that lands in the date part makes the row fail the import's check,
    as it would in the field);
  - birth date (15 %): day and month swapped, 1 January placeholder or a year off by one; half the time the NIK
    is re-typed to agree (an officer copying a wrong date onto a new card), half the time not (the import
    rejects those rows);
  - desa (25 %, 60 % in the same kecamatan): with a new KK (70 %) and a new address;
  - phone: the same number written 08…, +62…, 62… or with spaces (65 %), a new number (20 %), none (15 %);
  - KK: the same (60 %), none (20 %), another (20 %); address: the same words reformatted (Jalan/Jl., RT/RW
    spelled differently), birth place kept (75 %), left out (20 %) or abbreviated (5 %); sex flipped (1 %).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from importlib import resources

# FROZEN 2026-12-07: the sets bench/dedup_sets.py reports. Do not edit; add a new set instead.
FROZEN = {
    "field-tune": {"people": 60_000, "seed": 1906},
    "field-holdout": {"people": 60_000, "seed": 2026},
}

KABUPATEN = "16.06"
OCCUPATIONS = [
    "Petani/pekebun", "Buruh tani/kebun", "Penyadap karet", "Pekerja kebun sawit", "Nelayan", "Pengemudi ojek",
    "Pedagang keliling", "Buruh harian lepas", "Tukang bangunan", "Asisten rumah tangga", "Guru ngaji",
    "Pedagang kaki lima", "Sopir angkutan", "Lainnya",
]  # fmt: skip
PLACES = [
    "Sekayu", "Palembang", "Lais", "Babat Toman", "Sungai Lilin", "Bayung Lencir", "Lubuk Linggau", "Muara Enim",
    "Prabumulih", "Lahat", "Jambi", "Bandung", "Surabaya", "Semarang", "Yogyakarta", "Medan", "Lampung",
]  # fmt: skip
STREETS = [
    "Jalan Merdeka",
    "Jalan Lintas Sekayu",
    "Jalan Kolonel Wahid Udin",
    "Jalan Sudirman",
    "Lorong Damai",
]
OLD_SPELLING = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"), ("sy", "sj")]
MUHAMMAD = ["Muhammad", "Muhamad", "Mohammad", "Moh.", "M.", "Mhd."]


@dataclass
class Rec:
    ref: str
    person: int
    nik: str
    kk: str
    name: str
    birth_place: str
    birth_date: dt.date
    sex: str
    address: str
    desa_code: str
    phone: str
    occupation: str
    tags: list[str] = field(default_factory=list)


def desa_codes() -> list[str]:
    text = resources.files("wilayah_indonesia").joinpath("csv/base.csv").read_text(encoding="utf-8")
    codes = [line.split(",")[0] for line in text.splitlines()]
    return [c for c in codes if c.startswith(KABUPATEN + ".") and c.count(".") == 3]


class FieldSet:
    def __init__(self, seed: int) -> None:
        from faker import Faker
        from faker.providers.person.id_ID import Provider

        self.rng = random.Random(seed)
        self.faker = Faker("id_ID")
        self.faker.seed_instance(seed)
        self.male = list(Provider.first_names_male)
        self.female = list(Provider.first_names_female)
        self.family = list(Provider.last_names_male) + list(Provider.last_names_female)
        self.prefixes = list(Provider.prefixes_male)
        self.suffixes = list(Provider.suffixes)
        self.desas = desa_codes()
        self.kecamatan = sorted({d.rsplit(".", 1)[0] for d in self.desas})
        self.serials: dict[str, int] = {}
        self.niks: set[str] = set()
        self.records: list[Rec] = []
        self.person = 0

    # --- identity numbers ---
    def birth(self) -> dt.date:
        if self.rng.random() < 0.05:
            return dt.date(self.rng.randint(1962, 2007), 1, 1)
        return dt.date(1962, 1, 1) + dt.timedelta(days=self.rng.randrange(46 * 365))

    def nik(self, kec: str, born: dt.date, sex: str, serial: int | None = None) -> str:
        day = born.day + (40 if sex == "P" else 0)
        head = kec.replace(".", "") + f"{day:02d}{born.month:02d}{born.year % 100:02d}"
        if serial is None:
            serial = self.serials.get(head, self.rng.randint(0, 40)) + 1
        while head + f"{serial:04d}" in self.niks:
            serial += 1
        self.serials[head] = max(self.serials.get(head, 0), serial)
        nik = head + f"{serial:04d}"
        self.niks.add(nik)
        return nik

    def kk(self, desa: str) -> str:
        issued = dt.date(2005, 1, 1) + dt.timedelta(days=self.rng.randrange(19 * 365))
        return desa.replace(".", "")[:6] + issued.strftime("%d%m%y") + f"{self.rng.randint(1, 9999):04d}"

    def phone(self) -> str:
        return (
            "08"
            + self.rng.choice(["11", "12", "13", "21", "22", "52", "53", "77", "78", "95", "96"])
            + "".join(str(self.rng.randrange(10)) for _ in range(self.rng.choice([7, 8, 8])))
        )

    def address(self) -> str:
        if self.rng.random() < 0.5:
            return f"Dusun {self.rng.choice(['I', 'II', 'III', 'IV'])} RT {self.rng.randint(1, 20):03d} RW {self.rng.randint(1, 6):03d}"
        return f"{self.rng.choice(STREETS)} No. {self.rng.randint(1, 150)} RT {self.rng.randint(1, 20):02d}"

    def home_kecamatan(self, desa: str) -> str:
        if self.rng.random() < 0.12:
            return self.rng.choice(self.kecamatan)
        return desa.rsplit(".", 1)[0]

    def given(self, sex: str) -> str:
        return self.rng.choice(self.male if sex == "L" else self.female)

    def full_name(self, sex: str, family: str) -> str:
        words = [self.given(sex)]
        if self.rng.random() < 0.3:
            words.append(self.given(sex))
        if family and self.rng.random() < 0.8:
            words.append(family)
        name = " ".join(words)
        if self.rng.random() < 0.06:
            name = self.rng.choice(self.prefixes) + " " + name
        if self.rng.random() < 0.04:
            name = name + ", " + self.rng.choice(self.suffixes)
        return name

    # --- people ---
    def add(self, rec: Rec) -> Rec:
        self.records.append(rec)
        return rec

    def new_person(self, **kw: object) -> int:
        self.person += 1
        return self.person

    def household(self) -> list[Rec]:
        desa = self.rng.choice(self.desas)
        kk = self.kk(desa)
        address = self.address()
        family = self.rng.choice(self.family)
        head_phone = self.phone()
        members = self.rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
        out = []
        twins = self.rng.random() < 0.012 and members >= 2
        for k in range(members):
            sex = self.rng.choice("LP") if k != 1 else ("P" if out[0].sex == "L" else "L")
            born = self.birth()
            kec = self.home_kecamatan(desa)
            serial = None
            tags = []
            if twins and k == 1:
                first = out[0]
                born, sex, kec = first.birth_date, self.rng.choice("LP"), first.nik[:4] + "." + first.nik[4:6]
                kec = f"{first.nik[:2]}.{first.nik[2:4]}.{first.nik[4:6]}"
                serial = int(first.nik[12:]) + 1
                tags = ["twin"]
                first.tags.append("twin")
            phone = (
                head_phone if k == 0 else self.rng.choices([self.phone(), head_phone, ""], [55, 30, 15])[0]
            )
            rec = Rec(
                ref="",
                person=self.new_person(),
                nik=self.nik(kec, born, sex, serial),
                kk=kk,
                name=self.full_name(sex, family),
                birth_place=self.rng.choice(PLACES) if self.rng.random() < 0.9 else "",
                birth_date=born,
                sex=sex,
                address=address,
                desa_code=desa,
                phone=phone,
                occupation=self.rng.choice(OCCUPATIONS),
                tags=tags,
            )
            out.append(self.add(rec))
        return out

    def namesake(self, other: Rec) -> Rec:
        """Another person with the same name and birth date, elsewhere."""
        other_kec = other.desa_code.rsplit(".", 1)[0]
        desa = self.rng.choice([d for d in self.desas if not d.startswith(other_kec + ".")][:400])
        kec = self.home_kecamatan(desa)
        if kec == f"{other.nik[:2]}.{other.nik[2:4]}.{other.nik[4:6]}":
            kec = desa.rsplit(".", 1)[0]
        other.tags.append("namesake")
        return self.add(
            Rec(
                ref="",
                person=self.new_person(),
                nik=self.nik(kec, other.birth_date, other.sex),
                kk=self.kk(desa),
                name=other.name,
                birth_place=self.rng.choice(PLACES),
                birth_date=other.birth_date,
                sex=other.sex,
                address=self.address(),
                desa_code=desa,
                phone=self.phone(),
                occupation=self.rng.choice(OCCUPATIONS),
                tags=["namesake"],
            )
        )

    # --- errors ---
    def name_error(self, name: str) -> tuple[str, str]:
        words = name.replace(",", " ").split()
        plain = [w for w in words if w not in self.prefixes and w not in self.suffixes]
        kind = self.rng.choice(["old", "one_word", "initial", "title", "letter", "letter", "muhammad"])
        if kind == "old":
            low = name
            for modern, old in self.rng.sample(OLD_SPELLING, len(OLD_SPELLING)):
                if modern in low:
                    return low.replace(modern, old, 1), "name_old"
            kind = "letter"
        if kind == "one_word" and len(plain) > 1:
            return self.rng.choice([plain[0], plain[-1]]), "name_one_word"
        if kind == "initial" and len(plain) > 1:
            if self.rng.random() < 0.5:
                return f"{plain[0]} {plain[-1][0]}.", "name_initial"
            return f"{plain[0][0]}. {' '.join(plain[1:])}", "name_initial"
        if kind == "title":
            if plain != words or "," in name:
                return " ".join(plain), "name_title_dropped"
            return self.rng.choice(["H.", "Hj.", "Drs."]) + " " + name, "name_title_added"
        if kind == "muhammad":
            if plain and plain[0] in MUHAMMAD:
                return " ".join([self.rng.choice(MUHAMMAD), *plain[1:]]), "name_muhammad"
            kind = "letter"
        # one letter changed
        target = self.rng.randrange(len(plain))
        word = plain[target]
        swaps = [
            ("a", "e"),
            ("i", "e"),
            ("u", "o"),
            ("t", "d"),
            ("d", "t"),
            ("b", "p"),
            ("f", "p"),
            ("y", "i"),
        ]
        self.rng.shuffle(swaps)
        for a, b in swaps:
            if a in word[1:]:
                pos = word.index(a, 1)
                word = word[:pos] + b + word[pos + 1 :]
                break
        else:
            pos = self.rng.randrange(1, max(len(word), 2))
            word = word[:pos] + word[pos - 1 : pos] + word[pos:]
        plain[target] = word
        return " ".join(plain), "name_letter"

    def nik_error(self, rec: Rec) -> tuple[str, str]:
        nik = rec.nik
        kind = self.rng.choices(
            ["kecamatan", "reissue", "one_digit", "two_digits", "transpose"], [25, 20, 25, 10, 20]
        )[0]
        if kind == "kecamatan":
            kec = self.rng.choice([k for k in self.kecamatan if k.replace(".", "") != nik[:6]])
            return kec.replace(".", "") + nik[6:], "nik_kecamatan"
        if kind == "reissue":
            return nik[:12] + f"{self.rng.randint(1, 300):04d}", "nik_reissue"
        digits = list(nik)
        if kind == "transpose":
            pos = self.rng.randrange(4, 15)
            digits[pos], digits[pos + 1] = digits[pos + 1], digits[pos]
            return "".join(digits), "nik_transpose"
        for pos in self.rng.sample(range(4, 16), 1 if kind == "one_digit" else 2):
            digits[pos] = self.rng.choice([d for d in "0123456789" if d != digits[pos]])
        return "".join(digits), "nik_" + kind

    def date_error(self, born: dt.date) -> tuple[dt.date, str]:
        kind = self.rng.choice(["swap", "placeholder", "year"])
        if kind == "swap" and born.day <= 12 and born.day != born.month:
            return dt.date(born.year, born.day, born.month), "date_swap"
        if kind == "year":
            year = born.year + self.rng.choice([-1, 1])
            if 1962 <= year <= 2007:
                try:
                    return born.replace(year=year), "date_year"
                except ValueError:
                    pass
        return dt.date(born.year, 1, 1), "date_placeholder"

    def phone_written(self, phone: str) -> str:
        if not phone:
            return phone
        style = self.rng.choice(["same", "plus", "62", "spaces"])
        if style == "plus":
            return "+62" + phone[1:]
        if style == "62":
            return "62" + phone[1:]
        if style == "spaces":
            return f"{phone[:4]} {phone[4:8]} {phone[8:]}"
        return phone

    def address_written(self, address: str) -> str:
        out = address.replace("Jalan", "Jl.") if self.rng.random() < 0.5 else address
        out = re.sub(r"RT (\d+) RW (\d+)", lambda m: f"RT.{int(m[1])}/RW.{int(m[2])}", out)
        return out.upper() if self.rng.random() < 0.3 else out

    def duplicate(self, rec: Rec) -> Rec:
        r = self.rng.random
        tags: list[str] = []
        name, nik, born, desa, kk, address = (
            rec.name,
            rec.nik,
            rec.birth_date,
            rec.desa_code,
            rec.kk,
            rec.address,
        )
        sex = rec.sex
        if r() < 0.65:
            name, tag = self.name_error(name)
            tags.append(tag)
        if r() < 0.35:
            name = name.upper()
        if r() < 0.55:
            nik, tag = self.nik_error(rec)
            tags.append(tag)
        if r() < 0.15:
            born, tag = self.date_error(born)
            tags.append(tag)
            if r() < 0.5:
                day = born.day + (40 if sex == "P" else 0)
                nik = nik[:6] + f"{day:02d}{born.month:02d}{born.year % 100:02d}" + nik[12:]
                tags.append("nik_follows_date")
        if r() < 0.25:
            old_kec = desa.rsplit(".", 1)[0]
            same = [d for d in self.desas if d.startswith(old_kec + ".") and d != desa]
            desa = self.rng.choice(same) if same and r() < 0.6 else self.rng.choice(self.desas)
            tags.append("desa_moved")
            if r() < 0.7:
                kk = self.kk(desa)
            address = self.address()
        phone = self.rng.choices(
            [self.phone_written(rec.phone), self.phone(), ""], [65, 20, 15] if rec.phone else [0, 30, 70]
        )[0]
        kk = self.rng.choices([kk, "", self.kk(desa)], [60, 20, 20])[0]
        place = self.rng.choices([rec.birth_place, "", rec.birth_place[:3]], [75, 20, 5])[0]
        if r() < 0.01:
            sex = "P" if sex == "L" else "L"
            tags.append("sex_flip")
        return self.add(
            Rec(
                ref="",
                person=rec.person,
                nik=nik,
                kk=kk,
                name=name,
                birth_place=place,
                birth_date=born,
                sex=sex,
                address=self.address_written(address),
                desa_code=desa,
                phone=phone,
                occupation=rec.occupation if r() < 0.8 else self.rng.choice(OCCUPATIONS),
                tags=tags or ["exact"],
            )
        )


def generate(people: int, seed: int) -> list[Rec]:
    """The records in file order (shuffled), each with a ref "F<n>" and the person it belongs to."""
    gen = FieldSet(seed)
    originals: list[Rec] = []
    while gen.person < people:
        originals.extend(gen.household())
        if gen.rng.random() < 0.01 * 2.5:  # households average 2.05 people: 1 % of people are namesakes
            gen.namesake(gen.rng.choice(originals))
    for rec in list(originals):
        if gen.rng.random() < 0.07:
            gen.duplicate(rec)
            if gen.rng.random() < 0.1:
                gen.duplicate(rec)
    records = gen.records
    gen.rng.shuffle(records)
    for n, rec in enumerate(records, start=1):
        rec.ref = f"F{n}"
    return records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=FROZEN["field-tune"]["people"])
    parser.add_argument("--seed", type=int, default=FROZEN["field-tune"]["seed"])
    args = parser.parse_args()
    records = generate(args.people, args.seed)
    persons: dict[int, list[Rec]] = {}
    for rec in records:
        persons.setdefault(rec.person, []).append(rec)
    pairs = sum(len(v) * (len(v) - 1) // 2 for v in persons.values())
    print(f"{len(records):,} records, {len(persons):,} people, {pairs:,} true pairs")
    for group in [v for v in persons.values() if len(v) > 1][:8]:
        for rec in group:
            print(f"  {rec.person:6} {rec.nik} {rec.birth_date} {rec.name!r:36} {rec.phone:16} {rec.tags}")
        print()


if __name__ == "__main__":
    main()
