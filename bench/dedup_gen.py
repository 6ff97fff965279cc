"""A synthetic registry of Indonesian-style records with known true duplicates (for bench/dedup_bench.py).

People: Zipf-distributed first and second names (many Siti, Nur, Sri, Muhammad, Ahmad; a quarter with one name
only), birth dates 1960–2007 with 3 % on 1 January (the usual placeholder), NIKs built like the real ones
(kecamatan · DDMMYY with +40 for women · serial 0001… per kecamatan and date, so neighbouring serials abound),
KK numbers shared by families, and 0.5 % twins (same KK, birth date, desa, consecutive NIK, another first name).

Duplicates (5 % of the records) copy a person and apply an error model:
- NIK: 55 % one digit changed, 30 % two neighbours swapped, 10 % identical (e.g. two import files), 5 % another
  NIK entirely (a wrong card or the KK typed as NIK);
- name: 35 % unchanged; otherwise one or two of Muhammad variant, old spelling, title added/removed, split or
  joined words, one typing error, Muhammad dropped;
- birth date: 80 % same; else a day ±1, day and month swapped, or a year digit wrong;
- desa: 70 % same, 20 % another desa in the kecamatan, 10 % another kecamatan (moved);
- KK: 60 % same, else empty or another.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

FEMALE = [
    "Siti",
    "Nur",
    "Sri",
    "Dewi",
    "Rina",
    "Fitri",
    "Yuliana",
    "Aminah",
    "Maryam",
    "Rohani",
    "Suryani",
    "Wati",
    "Ani",
    "Lina",
    "Nurul",
    "Yanti",
    "Eka",
    "Indah",
    "Ratna",
    "Rini",
    "Rosmawati",
    "Aisyah",
    "Fatimah",
    "Nurhayati",
    "Kartini",
    "Hartini",
    "Sumiati",
    "Juliana",
    "Desi",
    "Lestari",
    "Mega",
    "Putri",
    "Ayu",
    "Wulan",
    "Novi",
    "Elis",
    "Susi",
    "Yeni",
    "Diah",
    "Endang",
    "Ida",
    "Tuti",
    "Murni",
    "Halimah",
    "Zainab",
    "Khadijah",
    "Rahmawati",
    "Asmah",
    "Mardiah",
    "Sukma",
    "Nining",
    "Neneng",
    "Erna",
    "Evi",
    "Tri",
    "Dwi",
    "Umi",
    "Warni",
    "Jumiati",
    "Salmah",
    "Hasanah",
    "Rukmini",
    "Sopiah",
    "Kurniasih",
    "Yusnani",
    "Anisa",
    "Citra",
    "Dian",
    "Febri",
    "Gita",
    "Hesti",
    "Ika",
    "Jamilah",
    "Kurnia",
    "Laila",
    "Maya",
    "Nadia",
    "Okta",
    "Puji",
    "Qori",
    "Rahma",
    "Sinta",
    "Tika",
    "Ulfa",
    "Vivi",
    "Winda",
    "Yuni",
    "Zahra",
    "Astuti",
    "Badriah",
    "Cici",
    "Darmi",
    "Emi",
    "Farida",
    "Hani",
    "Ira",
    "Juleha",
    "Komariah",
    "Leni",
    "Mirna",
    "Nita",
]
MALE = [
    "Muhammad",
    "Ahmad",
    "Abdul",
    "Rudi",
    "Hendra",
    "Agus",
    "Budi",
    "Joko",
    "Syamsul",
    "Herman",
    "Iwan",
    "Yusuf",
    "Andi",
    "Dedi",
    "Eko",
    "Hasan",
    "Husin",
    "Ali",
    "Umar",
    "Ismail",
    "Ibrahim",
    "Rahmat",
    "Hidayat",
    "Sutrisno",
    "Suparman",
    "Slamet",
    "Bambang",
    "Heri",
    "Doni",
    "Rizki",
    "Fajar",
    "Arif",
    "Anton",
    "Wahyu",
    "Yanto",
    "Hadi",
    "Darmawan",
    "Zainal",
    "Zulkifli",
    "Nasir",
    "Jamal",
    "Ramli",
    "Salim",
    "Sudirman",
    "Suharto",
    "Sugianto",
    "Supriadi",
    "Taufik",
    "Firman",
    "Irwan",
    "Edi",
    "Yudi",
    "Rusdi",
    "Mulyadi",
    "Hamdan",
    "Marzuki",
    "Anwar",
    "Bahrul",
    "Khairul",
    "Amir",
    "Usman",
    "Ilham",
    "Sahrul",
    "Adi",
    "Bayu",
    "Candra",
    "Dimas",
    "Endra",
    "Feri",
    "Guntur",
    "Hari",
    "Indra",
    "Jaka",
    "Kiki",
    "Lukman",
    "Maman",
    "Nanang",
    "Oki",
    "Putra",
    "Rendi",
    "Sandi",
    "Tono",
    "Ujang",
    "Wawan",
    "Yoga",
    "Zaki",
    "Asep",
    "Bowo",
    "Cecep",
    "Dadang",
    "Engkos",
    "Firdaus",
    "Gilang",
    "Haris",
    "Imam",
    "Jefri",
    "Kamal",
    "Lutfi",
]
SECOND = [
    "Saputra",
    "Pratama",
    "Wijaya",
    "Hidayat",
    "Syahputra",
    "Setiawan",
    "Kurniawan",
    "Santoso",
    "Nugroho",
    "Firmansyah",
    "Ramadhan",
    "Hakim",
    "Siregar",
    "Harahap",
    "Nasution",
    "Lubis",
    "Efendi",
    "Sanjaya",
    "Gunawan",
    "Hermawan",
    "Susanto",
    "Prasetyo",
    "Utama",
    "Rahman",
    "Hamid",
    "Rahim",
    "Yusuf",
    "Ali",
    "Hasan",
    "Ridwan",
    "Syahrial",
    "Junaidi",
    "Aminuddin",
    "Hasanuddin",
    "Saleh",
    "Arsyad",
    "Anshori",
    "Fauzi",
    "Iskandar",
    "Abdullah",
    "Sulaiman",
    "Tanjung",
    "Rangkuti",
    "Daulay",
    "Purba",
    "Sinaga",
    "Simatupang",
    "Mustofa",
    "Kholil",
    "Maulana",
    "Rasyid",
    "Zakaria",
    "Afandi",
    "Baihaki",
    "Chaniago",
    "Dalimunthe",
    "Fahmi",
    "Ginting",
    "Habibi",
    "Irawan",
    "Jailani",
    "Kusuma",
    "Lesmana",
    "Mahendra",
    "Nainggolan",
    "Oktavian",
    "Pane",
    "Rizal",
    "Sembiring",
    "Tambunan",
    "Wibowo",
    "Yahya",
    "Zulfikar",
    "Adriansyah",
    "Budiman",
    "Darmadi",
    "Erlangga",
    "Fadli",
    "Gultom",
    "Hutapea",
    "Jayadi",
    "Kadir",
    "Manurung",
    "Napitupulu",
    "Permana",
    "Rusli",
    "Suherman",
    "Triyono",
    "Umar",
    "Wardana",
    "Yulianto",
]
SECOND_FEMALE = [
    "Wati",
    "Sari",
    "Lestari",
    "Rahayu",
    "Handayani",
    "Pertiwi",
    "Susanti",
    "Wulandari",
    "Anggraini",
    "Purnama",
    "Maharani",
    "Safitri",
    "Aminah",
    "Hayati",
    "Yanti",
    "Ningsih",
    "Rahmawati",
    "Fitriani",
    "Kurniati",
    "Oktaviani",
    "Marlina",
    "Puspita",
    "Novita",
    "Agustina",
    "Apriani",
    "Yulianti",
    "Fatimah",
    "Aisyah",
    "Zahra",
    "Azizah",
    "Khairunnisa",
    "Hasanah",
    "Juwita",
    "Permata",
    "Melati",
    "Utami",
    "Anggraeni",
    "Damayanti",
    "Kusumawati",
    "Mulyani",
    "Nurjanah",
    "Ramadhani",
    "Setiawati",
    "Sulastri",
    "Triana",
    "Wahyuni",
    "Yuliani",
    "Andriani",
    "Budiarti",
    "Cahyani",
    "Fitria",
    "Hartati",
    "Indriani",
    "Kartika",
    "Lestiani",
    "Maulida",
    "Nurmala",
    "Rosita",
    "Sundari",
]
TITLES_BEFORE = ["H.", "Hj.", "Drs.", "Ir."]
TITLES_AFTER = [", S.Pd.", ", S.E.", " S.Pd", ", S.Kom.", ", A.Md.", ", S.H."]
MUHAMMAD = ["Muhammad", "Muhamad", "Mohammad", "Mochammad", "Moh.", "Mhd.", "M."]
OLD = [("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"), ("sy", "sj")]
JOINABLE = ("Nur", "Sri", "Siti", "Abdul", "Nurul")


@dataclass
class Person:
    id: int
    nik: str
    kk: str
    name: str
    birth: dt.date
    desa: str
    sex: str
    source_ref: str


def _zipf(items: list[str], boost: dict[str, float]) -> list[float]:
    return [boost.get(x, 1.0) / (rank + 1) ** 0.9 for rank, x in enumerate(items)]


class Generator:
    def __init__(self, desa_codes: list[str], seed: int = 2026) -> None:
        self.rng = random.Random(seed)
        self.desa = desa_codes
        self.by_kec: dict[str, list[str]] = {}
        for code in desa_codes:
            self.by_kec.setdefault(code.rsplit(".", 1)[0], []).append(code)
        self.kecs = sorted(self.by_kec)
        self.wf = _zipf(FEMALE, {"Siti": 6, "Nur": 3, "Sri": 2.5})
        self.wm = _zipf(MALE, {"Muhammad": 6, "Ahmad": 2})
        self.w2 = _zipf(SECOND, {})
        self.w2f = _zipf(SECOND_FEMALE, {})
        self.serials: dict[str, int] = {}
        self.niks: set[str] = set()

    def name(self, sex: str) -> str:
        rng = self.rng
        first = rng.choices(FEMALE if sex == "P" else MALE, self.wf if sex == "P" else self.wm)[0]
        shape = rng.random()
        if shape < 0.25 and first != "Muhammad":
            return first
        pool, weights = (SECOND_FEMALE, self.w2f) if sex == "P" else (SECOND, self.w2)
        second = rng.choices(pool, weights)[0]
        if shape < 0.85:
            return f"{first} {second}"
        middle = rng.choices(FEMALE if sex == "P" else MALE, self.wf if sex == "P" else self.wm)[0]
        return f"{first} {middle} {second}"

    def birth(self) -> dt.date:
        year = self.rng.randint(1960, 2007)
        if self.rng.random() < 0.03:
            return dt.date(year, 1, 1)
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def nik(self, kec: str, birth: dt.date, sex: str) -> str:
        day = birth.day + (40 if sex == "P" else 0)
        head = kec.replace(".", "") + f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        self.serials[head] = self.serials.get(head, 0) + 1
        nik = f"{head}{self.serials[head]:04d}"
        self.niks.add(nik)
        return nik

    def person(self, pid: int) -> Person:
        rng = self.rng
        sex = rng.choice("LP")
        kec = rng.choice(self.kecs)
        desa = rng.choice(self.by_kec[kec])
        birth = self.birth()
        nik_kec = kec if rng.random() < 0.9 else rng.choice(self.kecs)
        kk = kec.replace(".", "") + f"{rng.randrange(10**10):010d}"
        return Person(pid, self.nik(nik_kec, birth, sex), kk, self.name(sex), birth, desa, sex, f"SRC-{pid}")

    def twin(self, pid: int, of: Person) -> Person:
        name = self.name(of.sex)
        while name.split()[0] == of.name.split()[0]:
            name = self.name(of.sex)
        kec = of.nik[:2] + "." + of.nik[2:4] + "." + of.nik[4:6]
        nik = self.nik(kec, of.birth, of.sex)
        return Person(pid, nik, of.kk, name, of.birth, of.desa, of.sex, f"SRC-{pid}")

    # --- the error model --------------------------------------------------------------------------------
    def _nik_error(self, nik: str) -> str:
        rng = self.rng
        for _ in range(50):
            roll = rng.random()
            if roll < 0.55:
                pos = rng.randrange(16)
                new = nik[:pos] + rng.choice([d for d in "0123456789" if d != nik[pos]]) + nik[pos + 1 :]
            elif roll < 0.85:
                pos = rng.randrange(15)
                if nik[pos] == nik[pos + 1]:
                    continue
                new = nik[:pos] + nik[pos + 1] + nik[pos] + nik[pos + 2 :]
            elif roll < 0.95:
                return nik
            else:
                new = nik[:6] + f"{rng.randrange(10**10):010d}"
            if new not in self.niks:
                self.niks.add(new)
                return new
        return nik

    def _name_error(self, name: str, sex: str) -> str:
        rng = self.rng
        kinds = ["muhammad", "old", "title", "split", "typo", "drop_m"]
        for kind in rng.sample(kinds, 2 if rng.random() < 0.25 else 1):
            words = name.split()
            if kind == "muhammad" and words[0] in MUHAMMAD:
                words[0] = rng.choice(MUHAMMAD)
            elif kind == "drop_m" and words[0] in MUHAMMAD and len(words) > 1:
                words = words[1:]
            elif kind == "old":
                old, new = rng.choice(OLD)
                words = [w.replace(old, new) for w in words]
            elif kind == "title":
                if rng.random() < 0.5:
                    words.insert(0, "H." if sex == "L" else "Hj.")
                else:
                    words[-1] += rng.choice(TITLES_AFTER)
            elif kind == "split":
                joined = [w for w in JOINABLE if name.startswith(w + " ")]
                if joined and len(words) > 1:
                    words = [words[0] + words[1].lower(), *words[2:]]
                else:
                    for i, w in enumerate(words):
                        for prefix in JOINABLE:
                            if w.startswith(prefix) and len(w) > len(prefix) + 2:
                                words[i : i + 1] = [prefix, w[len(prefix) :].capitalize()]
                                break
            elif kind == "typo":
                i = rng.randrange(len(words))
                w = words[i]
                if len(w) > 3:
                    p = rng.randrange(1, len(w) - 1)
                    op = rng.random()
                    if op < 0.4:
                        w = w[:p] + rng.choice("aiueonrstk") + w[p + 1 :]
                    elif op < 0.6:
                        w = w[:p] + w[p + 1 :]
                    elif op < 0.8:
                        w = w[:p] + rng.choice("aiueohn") + w[p:]
                    else:
                        w = w[: p - 1] + w[p] + w[p - 1] + w[p + 1 :]
                words[i] = w
            name = " ".join(words)
        return name

    def _date_error(self, birth: dt.date) -> dt.date:
        rng = self.rng
        roll = rng.random()
        if roll < 0.8:
            return birth
        try:
            if roll < 0.87:
                return birth + dt.timedelta(days=rng.choice([-1, 1]))
            if roll < 0.93 and birth.day <= 12:
                return birth.replace(day=birth.month, month=birth.day)
            return birth.replace(year=birth.year + rng.choice([-10, -1, 1, 10]))
        except ValueError:
            return birth

    def duplicate(self, pid: int, of: Person) -> Person:
        rng = self.rng
        name = of.name if rng.random() < 0.35 else self._name_error(of.name, of.sex)
        roll = rng.random()
        kec = of.desa.rsplit(".", 1)[0]
        if roll < 0.7:
            desa = of.desa
        elif roll < 0.9:
            desa = rng.choice(self.by_kec[kec])
        else:
            desa = rng.choice(self.by_kec[rng.choice(self.kecs)])
        kk = (
            of.kk
            if rng.random() < 0.6
            else rng.choice(["", kec.replace(".", "") + f"{rng.randrange(10**10):010d}"])
        )
        return Person(
            pid, self._nik_error(of.nik), kk, name, self._date_error(of.birth), desa, of.sex, f"SRC-{pid}"
        )


def generate(
    n: int, desa_codes: list[str], *, dup_share: float = 0.05, twin_share: float = 0.005, seed: int = 2026
) -> tuple[list[Person], set[tuple[int, int]]]:
    """n records and the set of true duplicate pairs (smaller id first)."""
    gen = Generator(desa_codes, seed)
    people: list[Person] = []
    n_dups = int(n * dup_share)
    n_twins = int(n * twin_share)
    base = n - n_dups - n_twins
    for pid in range(1, base + 1):
        people.append(gen.person(pid))
    for _ in range(n_twins):
        people.append(gen.twin(len(people) + 1, gen.rng.choice(people[:base])))
    truth: set[tuple[int, int]] = set()
    originals = gen.rng.sample(range(base), n_dups)
    for k in originals:
        dup = gen.duplicate(len(people) + 1, people[k])
        people.append(dup)
        truth.add((people[k].id, dup.id))
    # Identical NIKs (10 % of the error model) are kept for the in-memory scan; a database forbids them.
    order = list(range(len(people)))
    gen.rng.shuffle(order)
    return [people[i] for i in order], truth


def phones(ids: list[int], kks: list[str], truth: set[tuple[int, int]], seed: int = 7) -> list[str]:
    """Phone numbers for a generated registry, drawn after the fact (the cached registries stay as they were).

    80 % of people give a number; one in three people on a family card (twins included) gives the first
    member's; 2 % give a kader's number (one per 2,000 records, so each is given by a few dozen records). A
    duplicate gives its original's number written 08…, +62…, 62… or with spaces (65 %), a new one (20 %) or
    none (15 %), as in dedup_fieldset.py; one without a number gives a new one 30 % of the time.
    """
    rng = random.Random(seed)
    kaders = [_phone(rng) for _ in range(max(1, len(ids) // 2000))]
    original = {dup: orig for orig, dup in truth}
    by_id: dict[int, str] = {}
    family: dict[str, str] = {}
    for pid, kk in sorted(zip(ids, kks, strict=True)):
        if pid in original:
            continue
        roll = rng.random()
        if roll < 0.02:
            phone = rng.choice(kaders)
        elif roll < 0.2:
            phone = ""
        elif kk in family and rng.random() < 1 / 3:
            phone = family[kk]
        else:
            phone = _phone(rng)
        family.setdefault(kk, phone)
        by_id[pid] = phone
    for pid in sorted(original):
        by_id[pid] = duplicate_phone(rng, by_id.get(original[pid], ""))
    return [by_id[pid] for pid in ids]


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["11", "12", "13", "21", "22", "52", "53", "77", "78", "95", "96"])
    return "08" + prefix + "".join(str(rng.randrange(10)) for _ in range(rng.choice([7, 8, 8])))


def new_phone(rng: random.Random) -> str:
    """The number a new person gives: 80 % one."""
    return _phone(rng) if rng.random() < 0.8 else ""


def duplicate_phone(rng: random.Random, phone: str) -> str:
    """The number a duplicate of someone with `phone` gives (see `phones`)."""
    roll = rng.random()
    if not phone:
        return _phone(rng) if roll < 0.3 else ""
    if roll >= 0.85:
        return ""
    if roll >= 0.65:
        return _phone(rng)
    style = rng.choice(["same", "plus", "62", "spaces"])
    if style == "plus":
        return "+62" + phone[1:]
    if style == "62":
        return "62" + phone[1:]
    if style == "spaces":
        return f"{phone[:4]} {phone[4:8]} {phone[8:]}"
    return phone
