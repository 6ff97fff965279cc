"""Holdout test of the duplicate engine: a second registry generator, written without bench/dedup_gen.py.

    .venv/bin/python bench/dedup_holdout.py --size 100000        # or --size 1000000; --seed N, --no-explain

The generated registry is cached in /tmp/dedup_holdout_{size}_{seed}*.pkl. The full scan (`matching.scan` at the
default threshold) runs in a child process on in-memory columns, as in bench/dedup_bench.py, so that its wall,
CPU and peak RSS are its own; then precision / recall / F1 against the true pairs (predicted pairs of a record with
itself are counted apart), recall per error label with the stage where each missed pair was lost (never
compared by the blocking, scored under the threshold, or dropped by the consistency step) and the false matches
by what relates the two people.

People (Kabupaten Musi Banyuasin, 16.06; desa codes from wilayah_indonesia/csv/base.csv): Malay-Palembang 52 %
(noble prefixes Kgs./Mgs./Ki./R./Nyimas/Masayu, bin/binti), Javanese transmigrants 24 % (40 % single names, some in
old spelling), Sundanese 8 %, Batak 9 % (marga, br.), Chinese-Indonesian 7 %. Households of 1-4 workers share a KK
and a desa (siblings share a marga, a surname or a word, never a given name); 0.9 % are twins (same date and KK,
serials n and n+1, or the same serial for a boy and a girl; names like Hasan/Husin, Dewi/Desi, Putra/Putri); 0.6 %
are namesakes (a very common name, 1 January, same kecamatan, own KK). Birth dates: 4 % on 1 January, 1 % on
31 December. NIK: 16 06 kecamatan (15 % another kecamatan, 2 % an unknown one; 12 % of transmigrants keep a
Jawa/Sumut NIK), DDMMYY (+40 for women), serial from a mixture (60 % 1-10ish, 30 % up to 300, 10 % up to 9999);
3 % of genuine records have a NIK whose birth part does not match the birth date at all; 10 % no KK; 40 % upper case.

Duplicates (about 5 % of records; 12 % of the duplicated people twice) carry labels:
- NIK (70 %): nik_key (keyboard neighbour, numpad or top row), nik_dropfix (a digit dropped or doubled, then
  "fixed" to 16 digits), nik_ocr (1/7, 3/8, 0/6, 5/6), nik_swap (adjacent transposition), nik_kk (the KK typed in),
  nik_reissue (a second serial for the same person);
- name (65 %): name_phon (f/p, v/f, z/j, kh/h, sy/s, dh/d, double letters, old spelling), name_title (H., Hj.,
  Kgs., S.Pd., Amd. ...), name_bin (bin/binti + father added or dropped), name_order, name_initial ("M. Rizki",
  "Rizki A."), name_typo (neighbour key, a space lost or added), name_drop (a word dropped);
- date (30 %): date_excel (1900/1904 system, leap-year bug), date_placeholder (1 Jan / 31 Dec), date_swap
  (day/month), date_year (+-1), date_day (day digit), date_from_nik (the date read from a NIK that disagrees);
- desa_move (25 %: 60 % same kecamatan), kk_missing / kk_other (30 %), sex_flip (1.5 %).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import pickle
import random
import re
import resource
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# fmt: off
KAB = "16.06"
W = str.split
MALAY_M = W("Ahmad Abdul Muhammad Rizal Herman Zainal Syamsul Firdaus Hendra Rudi Iskandar Fauzi Hasan Husin Yusuf "
            "Zulkifli Khairul Syahrial Mansyur Jamaluddin Amirudin Darmawan Efendi Hamdan Ismail Idris Rozali Saipul "
            "Usman Fahrurrozi Akhmad Ramadhan Arpan Nopriansyah Febriansyah Alpian Zulpikar Abdullah Romli")
MALAY_F = W("Siti Nurhayati Yusnani Aminah Rohani Maimunah Zubaidah Fatimah Khadijah Nurlela Rosmala Halimah Aisyah "
            "Zainab Rahmawati Ernawati Yuliana Herlina Marlina Fitriani Nurjanah Syarifah Rosita Mardiah Yulita "
            "Novita Zuraida Hafsah Asmawati Rusmini")
MALAY_PRE_M, MALAY_PRE_F = ["Kgs.", "Mgs.", "Ki.", "R."], ["Nyimas", "Masayu", "Nyayu"]
JAVA_M = W("Sutrisno Suparman Slamet Sugiyanto Wahyudi Joko Budi Supriyadi Eko Agus Bambang Heru Sugeng Paijo Ponijan "
           "Karno Darmaji Sukardi Mulyono Suroto Tukimin Jumadi Wagimin Triyono Purwanto Sunarto Widodo Prasetyo "
           "Setiawan Susilo Harjono Tjipto Djoko Soeparman")
JAVA_F = W("Sri Sumarni Suwarni Tri Dwi Handayani Wahyuni Sumini Tukiyem Suminah Lestari Rahayu Sulastri Endang "
           "Sutarmi Parsini Katinem Wartini Ngatini Sulistyowati Purwanti Soewarni Djumiati Sujiati")
SUNDA_M = W("Asep Ujang Cecep Dadang Yayan Nandang Saepudin Komarudin Dede Ade Jajang Engkos Iwan Aep Dedi Tatang "
            "Usep Hidayat Permana Sunarya Suryana Sopian Rahmat")
SUNDA_F = W("Euis Neneng Iis Entin Ai Imas Cucu Enok Yeni Nining Lilis Tuti Titin Kurniasih Nurhasanah Sumiati "
            "Rahmawati Yuyun Teti")
BATAK_M = W("Tumpal Parlindungan Marulak Hotma Lamhot Ganda Poltak Sahat Binsar Mangasi Togar Jonggi Martua Bonar "
            "Hasudungan Robert Jhonson Fernando")
BATAK_F = W("Rosmawati Hotnida Tiurma Rumondang Nurmaida Lasmaria Dameria Sondang Rotua Taruli Rohani Masniari")
MARGA = W("Simanjuntak Siregar Nasution Sitompul Harahap Sihombing Lubis Hutapea Situmorang Pardede Manurung "
          "Simatupang Panjaitan Sinaga Tambunan Hasibuan Pohan Batubara")
CHINA_M = W("Hendra Susanto Rudy Budi Acai Ahong Akiong Ameng Johan Steven Andi Wiliam Hengky Sanjaya")
CHINA_F = W("Lina Yanti Lily Meiliana Susi Linda Mei Fenny Vivi Yenny Lanny Siu")
CHINA_SUR = W("Wijaya Tanoto Halim Gunawan Kurniawan Setiawan Santoso Salim Tanu Lim Tan Oey Liem Tjoa Sutanto "
              "Hartono Lukito")
ETHNIC = {"malay": (MALAY_M, MALAY_F, 0.10, 52), "java": (JAVA_M, JAVA_F, 0.40, 24), "sunda": (SUNDA_M, SUNDA_F, 0.20, 8),
          "batak": (BATAK_M, BATAK_F, 0.02, 9), "china": (CHINA_M, CHINA_F, 0.05, 7)}  # male, female, single, %
HOME = {"java": ["3301", "3310", "3505", "3403"], "sunda": ["3205", "3207"], "batak": ["1202", "1212"]}
COMMON = [("Muhammad Rizki", "L"), ("Siti Aminah", "P"), ("Nurhayati", "P"), ("Sutrisno", "L"), ("Ahmad", "L"),
          ("Slamet", "L"), ("Siti Fatimah", "P"), ("Agus Setiawan", "L"), ("Sri Wahyuni", "P"), ("Dedi", "L")]
TWINS = {  # first twin, second twin; by their sexes
    "LL": [("Hasan", "Husin"), ("Hasan", "Husein"), ("Ikhwan", "Ikhsan"), ("Agus", "Agung"), ("Dimas", "Damar")],
    "PP": [("Nur Aini", "Nur Aisyah"), ("Rina", "Rani"), ("Dewi", "Desi"), ("Salsa", "Salma"), ("Nia", "Nita")],
    "LP": [("Putra", "Putri"), ("Rizki", "Rizka"), ("Fitra", "Fitri"), ("Rahmat", "Rahmah"), ("Dwi", "Dwita")],
    "PL": [("Putri", "Putra"), ("Rizka", "Rizki"), ("Fitri", "Fitra"), ("Rahmah", "Rahmat"), ("Dwita", "Dwi")],
}
TITLES_PRE = {"L": ["H.", "Drs.", "Kgs.", "R."], "P": ["Hj.", "Nyimas", "Dra."]}
TITLES_SUF = ["S.Pd.", "Amd.", "S.E.", "S.Kom.", "A.Md.Keb.", "S.H.", "S.Pd.I."]
PREFIXES = {*TITLES_PRE["L"], *TITLES_PRE["P"], *MALAY_PRE_M, *MALAY_PRE_F}
PHON = [("f", "p"), ("p", "f"), ("v", "f"), ("z", "j"), ("j", "z"), ("kh", "h"), ("^h", "kh"), ("sy", "s"),
        ("dh", "d"), ("ll", "l"), ("mm", "m"), ("dd", "d"), ("l", "ll"), ("oe", "u"), ("dj", "j"), ("tj", "c"),
        ("ch", "kh"), ("i$", "y"), ("y$", "i"), ("q", "k"), ("u", "o"), ("ie", "i"), ("th", "t")]
NUMPAD = {"1": "24", "2": "135", "3": "26", "4": "157", "5": "2468", "6": "359", "7": "48", "8": "579", "9": "68",
          "0": "12"}
TOP_ROW = {c: "1234567890"[max(0, k - 1) : k] + "1234567890"[k + 1 : k + 2] for k, c in enumerate("1234567890")}
OCR = {"1": "7", "7": "1", "3": "8", "8": "3", "0": "6", "6": "05", "5": "6"}
QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NIK_ERR = {"nik_key": 30, "nik_dropfix": 15, "nik_ocr": 20, "nik_swap": 10, "nik_kk": 10, "nik_reissue": 15}
NAME_ERR = {"name_phon": 28, "name_title": 15, "name_bin": 10, "name_order": 10, "name_initial": 12,
            "name_typo": 15, "name_drop": 10}
DATE_ERR = {"date_excel": 15, "date_placeholder": 25, "date_swap": 20, "date_year": 20, "date_day": 20}
Rec = list  # [nik, kk, name, birth, desa, sex]
# fmt: on


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


class Holdout:
    def __init__(self, desas: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.desas = desas
        self.by_kec: dict[str, list[str]] = collections.defaultdict(list)
        for d in desas:
            self.by_kec[d[:8]].append(d)
        self.kecs = sorted(self.by_kec)
        self.niks: set[str] = set()
        self.kk_serial = 0

    # --- genuine people -------------------------------------------------------------------------------
    def birth(self, lo: int = 1960, hi: int = 2007) -> dt.date:
        r = self.rng
        year, u = r.randint(lo, hi), r.random()
        return dt.date(year, 1, 1) + dt.timedelta(
            days=0 if u < 0.04 else 364 if u < 0.05 else r.randrange(365)
        )

    def name(self, ethnic: str, sex: str, family: str = "") -> str:
        """`family` is a word siblings share: a marga, a surname, a father's or grandfather's name."""
        r = self.rng
        males, females, single, _share = ETHNIC[ethnic]
        pool = males if sex == "L" else females
        other = MARGA if ethnic == "batak" else CHINA_SUR if ethnic == "china" else males + pool
        second = family or r.choice(other)
        words = [r.choice(pool)] if r.random() < single else [r.choice(pool), second]
        if ethnic == "malay" and r.random() < 0.08:
            words.insert(0, r.choice(MALAY_PRE_M if sex == "L" else MALAY_PRE_F))
        if ethnic == "malay" and r.random() < 0.15:
            words += ["bin" if sex == "L" else "binti", r.choice(MALAY_M)]
        if ethnic == "batak" and sex == "P" and len(words) == 2 and r.random() < 0.4:
            words.insert(1, "br.")
        if ethnic == "china" and r.random() < 0.15:
            words = [second, r.choice(["Siu", "Ah", "Kim", "Mei"]), r.choice(["Lan", "Kiat", "Hong", "Fung"])]
        return " ".join(words)

    def nik(self, kec: str, birth: dt.date, sex: str, serial: int | None = None) -> str:
        r, u = self.rng, self.rng.random()
        region = "1606" + (
            kec[-2:] if u > 0.17 else r.choice(self.kecs)[-2:] if u > 0.02 else r.choice(["16", "17", "20"])
        )
        day = birth.day + (40 if sex == "P" else 0)
        head = f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        while True:
            if serial is None:
                v = r.random()
                s = 1 + int(r.expovariate(0.45)) if v < 0.6 else r.randint(1, 300 if v < 0.9 else 9999)
            else:
                s, serial = serial, None
            nik = f"{head}{min(s, 9999):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik

    def kk(self, desa: str) -> str:
        self.kk_serial += 1
        issued = dt.date(2005, 1, 1) + dt.timedelta(days=self.rng.randrange(7000))
        return f"1606{desa[6:8]}{issued:%d%m%y}{self.kk_serial % 10000:04d}"

    def household(self) -> list[tuple[Rec, dict]]:
        """1-4 workers sharing a KK and a desa; returns (record, facts) with facts for the labels."""
        r = self.rng
        ethnic = r.choices(list(ETHNIC), [e[3] for e in ETHNIC.values()])[0]
        desa = r.choice(self.desas)
        kk = self.kk(desa) if r.random() > 0.10 else ""
        size = r.choices([1, 2, 3, 4], [55, 30, 10, 5])[0]
        family = {"batak": r.choice(MARGA), "china": r.choice(CHINA_SUR)}.get(ethnic, "")
        if ethnic in ("malay", "java") and r.random() < 0.3:
            family = r.choice(MALAY_M if ethnic == "malay" else JAVA_M)
        out, names = [], set()
        head_birth = self.birth(1960, 1990)
        for k in range(size):
            sex = "L" if (k == 0 and r.random() < 0.85) or (k > 1 and r.random() < 0.5) else "P"
            if k == 1:
                sex = "P" if out[0][0][5] == "L" else "L"
            role = "head" if k == 0 else "spouse" if k == 1 and size == 2 and r.random() < 0.6 else "child"
            born = head_birth if k == 0 else self.birth(head_birth.year - 5, head_birth.year + 3)
            if role == "child":
                born = self.birth(min(head_birth.year + 18, 2007), 2007)
            for _ in range(9):  # siblings never share a given name
                name = self.name(ethnic, sex, family if role != "spouse" else "")
                given = next(w for w in name.split() if w not in PREFIXES)
                if given not in names:
                    break
            names.add(given)
            out.append(self.genuine(name, born, desa, sex, kk, ethnic, role))
        if out[-1][1]["role"] == "child" and r.random() < 0.03:  # the last child has a twin
            base = out[-1][0]
            sex = base[5] if r.random() < 0.6 else "P" if base[5] == "L" else "L"
            a, b = r.choice(TWINS[base[5] + sex])
            rest = [w for w in base[2].split()[1:] if w not in ("bin", "binti")][:1] or [r.choice(MALAY_M)]
            base[2] = " ".join([a, *rest])
            twin = self.genuine(" ".join([b, *rest]), base[3], desa, sex, kk, ethnic, "twin")
            day = int(base[0][6:8]) % 40 + (40 if sex == "P" else 0)
            serial = int(base[0][-4:]) + 1 if sex == base[5] else int(base[0][-4:])
            nik = f"{base[0][:6]}{day:02d}{base[0][8:12]}{min(serial, 9999):04d}"
            if nik not in self.niks:  # serials n and n+1 (or the same serial under the other sex)
                self.niks.add(nik)
                twin[0][0] = nik
            out.append(twin)
        return out

    def genuine(self, name: str, born: dt.date, desa: str, sex: str, kk: str, ethnic: str, role: str):
        kec = desa[:8]
        nik_date = born
        if self.rng.random() < 0.03:  # the NIK's birth part from another date altogether
            nik_date = born + dt.timedelta(days=self.rng.randint(-2500, 2500))
        if ethnic in ("java", "sunda", "batak") and self.rng.random() < 0.12:
            nik = self.rng.choice(HOME[ethnic]) + self.nik(kec, nik_date, sex)[4:]
            self.niks.add(nik)
        else:
            nik = self.nik(kec, nik_date, sex)
        return [nik, kk, name, born, desa, sex], {"ethnic": ethnic, "role": role, "nik_off": nik_date != born}

    def namesakes(self) -> list[tuple[Rec, dict]]:
        r = self.rng
        name, sex = r.choice(COMMON)
        kec = r.choice(self.kecs)
        born = dt.date(r.randint(1960, 2005), 1, 1)
        desas, kk = self.by_kec[kec], self.kk(kec + ".2001")
        group = [self.genuine(name, born, r.choice(desas), sex, kk, "malay", "namesake") for _ in range(3)]
        for rec, _facts in group:
            rec[1] = self.kk(rec[4])  # each their own family card
        return group[: r.choice([2, 2, 3])]

    # --- duplicates -----------------------------------------------------------------------------------
    def duplicate(self, rec: Rec, facts: dict) -> tuple[Rec, list[str]]:
        r = self.rng
        nik, kk, name, born, desa, sex = rec
        tags = []
        if r.random() < 0.70:
            kind = pick(r, NIK_ERR)
            nik = self.nik_error(nik, kk, kind)
            tags.append(kind if nik != rec[0] else "nik_same")
        if r.random() < 0.65 or not tags:
            kind = pick(r, NAME_ERR)
            new = self.name_error(name, kind, sex, facts["ethnic"])
            if new.lower() != name.lower():
                name = new
                tags.append(kind)
        if r.random() < 0.30:
            kind = "date_from_nik" if facts["nik_off"] and r.random() < 0.5 else pick(r, DATE_ERR)
            new = self.date_error(born, kind, rec[0])
            if new != born and new.year >= 1940:
                born = new
                tags.append(kind)
        if r.random() < 0.25:
            kec = desa[:8] if r.random() < 0.6 else r.choice(self.kecs)
            desa = r.choice([d for d in self.by_kec[kec] if d != desa] or [desa])
            tags.append("desa_move")
        if r.random() < 0.30:
            kk, tag = ("", "kk_missing") if r.random() < 0.6 or not kk else (self.kk(desa), "kk_other")
            tags.append(tag)
        if r.random() < 0.015:
            sex = "P" if sex == "L" else "L"
            tags.append("sex_flip")
        return [nik, kk, name, born, desa, sex], tags or ["exact"]

    def nik_error(self, nik: str, kk: str, kind: str) -> str:
        r = self.rng
        d = list(nik)
        if kind == "nik_key":
            i = r.randrange(16)
            d[i] = r.choice(NUMPAD[d[i]]) if r.random() < 0.6 else r.choice(TOP_ROW[d[i]])
        elif kind == "nik_dropfix":
            i = r.randrange(4, 16)
            if r.random() < 0.5:  # dropped, then padded: a 0 or the last digit at the end, or a 0 inside
                del d[i]
                v = r.random()
                d = [*d, "0"] if v < 0.4 else [*d, d[-1]] if v < 0.7 else [*d[:12], "0", *d[12:]]
            else:  # doubled, then the last digit cut
                d = [*d[:i], d[i], *d[i:]][:16]
        elif kind == "nik_ocr":
            spots = [i for i, c in enumerate(d) if c in OCR]
            for i in r.sample(spots, min(len(spots), r.choice([1, 1, 2]))):
                d[i] = r.choice(OCR[d[i]])
        elif kind == "nik_swap":
            i = r.randrange(15)
            d[i], d[i + 1] = d[i + 1], d[i]
        elif kind == "nik_kk" and kk:
            return kk
        elif kind == "nik_reissue":
            return nik[:12] + f"{r.randint(1, 9999):04d}"
        return "".join(d)

    def name_error(self, name: str, kind: str, sex: str, ethnic: str) -> str:
        r = self.rng
        words = name.split()
        if kind == "name_phon":
            hits = [(i, a, b) for i, w in enumerate(words) for a, b in PHON if re.search(a, w.lower())]
            if hits:
                i, a, b = r.choice(hits)
                new = re.sub(a, b, words[i].lower(), count=1)
                words[i] = new.capitalize() if words[i][0].isupper() else new
                return " ".join(words)
            kind = "name_typo"
        if kind == "name_title":
            if words[0] in PREFIXES and len(words) > 1:
                return " ".join(words[1:])
            if r.random() < 0.5:
                return f"{r.choice(TITLES_PRE[sex])} {name}"
            return f"{name}, {r.choice(TITLES_SUF)}" if r.random() < 0.6 else f"{name} {r.choice(TITLES_SUF)}"
        if kind == "name_bin":
            low = [w.lower() for w in words]
            for tie in ("bin", "binti", "br.", "boru"):
                if tie in low and low.index(tie) > 0:
                    return " ".join(words[: low.index(tie)])
            father = r.choice(ETHNIC[ethnic][0])
            return f"{name} {'Bin' if sex == 'L' else 'Binti'} {father}"
        if len(words) < 2 and kind in ("name_order", "name_initial", "name_drop"):
            kind = "name_typo"
        if kind == "name_order":
            return " ".join(words[1:] + words[:1])
        if kind == "name_initial":
            if r.random() < 0.5:
                return " ".join([words[0][0] + ".", *words[1:]])
            return " ".join([*words[:-1], words[-1][0] + "."])
        if kind == "name_drop":
            return " ".join(words[1:] if r.random() < 0.5 else words[:-1])
        v, s = r.random(), list(name)
        i = r.randrange(1, len(s))
        if v < 0.25 and " " in name:
            return name.replace(" ", "", 1)
        if v < 0.35 and len(words[0]) > 6:
            return words[0][:3] + " " + words[0][3:] + name[len(words[0]) :]
        row = next((row for row in QWERTY if s[i].lower() in row), "")
        if v < 0.7 and row:
            j = row.index(s[i].lower()) + r.choice([-1, 1])
            s[i] = row[abs(j) if j < len(row) else j - 2]
        elif v < 0.85:
            del s[i]
        else:
            s.insert(i, s[i - 1])
        return "".join(s)

    def date_error(self, born: dt.date, kind: str, nik: str) -> dt.date:
        r = self.rng
        try:
            if kind == "date_excel":
                return born + dt.timedelta(days=r.choice([1462, -1462, 1, -1, 2]))
            if kind == "date_placeholder":
                return dt.date(born.year, 1, 1) if r.random() < 0.8 else dt.date(born.year, 12, 31)
            if kind == "date_swap" and born.day <= 12:
                return dt.date(born.year, born.day, born.month)
            if kind in ("date_year", "date_swap"):
                return born.replace(year=born.year + r.choice([1, -1]))
            if kind == "date_day":
                tens, ones = divmod(born.day, 10)
                day = tens * 10 + int(r.choice(NUMPAD[str(ones)])) if r.random() < 0.6 else ones * 10 + tens
                return born.replace(day=day)
            if kind == "date_from_nik":
                yy = int(nik[10:12])
                return dt.date(1900 + yy if yy > 10 else 2000 + yy, int(nik[8:10]), int(nik[6:8]) % 40)
        except ValueError:
            pass
        return born


def desa_codes() -> list[str]:
    text = resources.files("wilayah_indonesia").joinpath("csv/base.csv").read_text(encoding="utf-8")
    codes = (line.split(",")[0] for line in text.splitlines())
    return [c for c in codes if c.startswith(KAB + ".") and c.count(".") == 3]


def generate(size: int, seed: int) -> tuple[dict, set, dict]:
    """Columns for Registry, the true pairs and the labels (per record: person, household, facts, tags)."""
    g = Holdout(desa_codes(), seed)
    r = g.rng
    n_dup = int(size * 0.05)
    people: list[tuple[Rec, dict, int]] = []  # record, facts, household
    hh = 0
    while len(people) < size - n_dup:
        hh += 1
        group = g.namesakes() if r.random() < 0.004 else g.household()
        people += [(rec, facts, hh) for rec, facts in group]
    people = people[: size - n_dup]
    rows: list[tuple[Rec, int, list[str]]] = [(rec, p, []) for p, (rec, _f, _h) in enumerate(people)]
    while len(rows) < size:
        p = r.randrange(len(people))
        for _ in range(2 if r.random() < 0.12 else 1):
            rec, tags = g.duplicate(people[p][0], people[p][1])
            rows.append((rec, p, tags))
    rows = rows[:size]
    r.shuffle(rows)
    for rec, _p, _t in rows:
        if r.random() < 0.4:
            rec[2] = rec[2].upper()
    cluster: dict[int, list[int]] = collections.defaultdict(list)
    for i, (_rec, p, _t) in enumerate(rows):
        cluster[p].append(i + 1)
    truth = {(a, b) for ids in cluster.values() for k, a in enumerate(ids) for b in ids[k + 1 :]}
    fields = ("niks", "kks", "names", "births", "desas", "sexes")
    columns = {
        "ids": list(range(1, size + 1)),
        **{f: [row[0][k] for row in rows] for k, f in enumerate(fields)},
    }
    for rec, facts, household in people:
        facts.update(household=household, birth=rec[3])
    labels = {"tags": [t for _r, _p, t in rows], "facts": [people[p][1] for _r, p, _t in rows]}
    return columns, truth, labels


def paths(size: int, seed: int) -> list[Path]:
    return [Path(f"/tmp/dedup_holdout_{size}_{seed}{part}.pkl") for part in ("", "_labels", "_found")]


def stage_scan(size: int, seed: int, explain: bool) -> None:
    """In a child process, so that the peak RSS is the scan's (columns loaded, registry, blocking, scoring)."""
    from lindung.dedup.blocking import candidate_pairs
    from lindung.dedup.engine import DEFAULT_THRESHOLD, Registry
    from lindung.dedup.matching import scan
    from lindung.dedup.scoring import DATE_CODES, NAME_CODES, NIK_CODES, compare

    data, labels_path, found_path = paths(size, seed)
    started, cpu = time.perf_counter(), time.process_time()
    with data.open("rb") as handle:
        reg = Registry(**pickle.load(handle))
    found = scan(reg)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    why = {}
    if explain:  # where each missed pair was lost: blocking, scoring, or the consistency step after scoring
        with labels_path.open("rb") as handle:
            missed = sorted(pickle.load(handle)[0] - {(min(c.a, c.b), max(c.a, c.b)) for c in found})
        i, j = (np.asarray([pair[k] - 1 for pair in missed], dtype=np.int64) for k in (0, 1))  # id = row + 1
        left, right = candidate_pairs(reg)
        blocked = np.isin(i * reg.n + j, np.minimum(left, right) * reg.n + np.maximum(left, right))
        cmp = compare(reg, i, j)
        for k, pair in enumerate(missed):
            stage = "scoring" if cmp.score[k] < DEFAULT_THRESHOLD else "consistency"
            nik, name, date = NIK_CODES[cmp.nik[k]], NAME_CODES[cmp.name[k]], DATE_CODES[cmp.date[k]]
            why[pair] = (
                stage if blocked[k] else "blocking",
                float(cmp.score[k]),
                f"nik {nik}, name {name}, date {date}",
            )
    pairs = {(min(c.a, c.b), max(c.a, c.b)): (c.score, c.reasons) for c in found}
    with found_path.open("wb") as handle:
        pickle.dump({"pairs": pairs, "why": why, "wall": wall, "cpu": cpu, "peak": peak}, handle)


def relation(i: int, j: int, cols: dict, tags: list, facts: list) -> str:
    """Why two records (rows) of different people look alike."""
    roles, dup = {facts[i]["role"], facts[j]["role"]}, "+dup" if tags[i] or tags[j] else ""
    if facts[i]["household"] == facts[j]["household"]:
        kind = "twins" if "twin" in roles else "namesakes" if "namesake" in roles else "household"
        return kind + ("_spouse" if "spouse" in roles else "") + dup
    same_name = "_name" if cols["names"][i].lower() == cols["names"][j].lower() else ""
    return "unrelated" + same_name + ("_date" if facts[i]["birth"] == facts[j]["birth"] else "") + dup


def report(size: int, seed: int) -> None:
    from lindung.dedup.engine import DEFAULT_THRESHOLD

    loaded = []
    for path in paths(size, seed):
        with path.open("rb") as handle:
            loaded.append(pickle.load(handle))
    cols, (truth, labels), found = loaded
    tags, facts = labels["tags"], labels["facts"]
    selfs = {pair for pair in found["pairs"] if pair[0] == pair[1]}
    predicted = set(found["pairs"]) - selfs
    hits = len(predicted & truth)
    p, rc = hits / max(len(predicted), 1), hits / max(len(truth), 1)
    dups, single = sum(map(bool, tags)), {(a, b) for a, b in truth if not (tags[a - 1] and tags[b - 1])}
    print(f"holdout full scan, {size:,} records ({dups:,} duplicates), threshold {DEFAULT_THRESHOLD}")
    print(f"  true pairs {len(truth):,}  predicted {len(predicted):,}  correct {hits:,}")
    print(f"  precision {p:.4f}  recall {rc:.4f}  F1 {2 * p * rc / max(p + rc, 1e-9):.4f}")
    print(f"  left out above: {len(selfs):,} predicted pairs of a record with itself (NIK = its own KK)")
    print(f"  recall without pairs of two duplicates {len(predicted & single) / len(single):.4f}")
    print(f"  wall {found['wall']:.1f} s  cpu {found['cpu']:.1f} s  peak RSS {found['peak']:,.0f} MB")
    total, missed, lost, codes = (collections.Counter() for _ in range(4))
    examples: dict[str, list] = collections.defaultdict(list)
    for a, b in truth:
        ta, tb = tags[a - 1], tags[b - 1]
        labels_ = sorted(set(ta) | set(tb)) if ta and tb else ta or tb
        extra = ["dup_dup"] * bool(ta and tb) + ["base_nik_off"] * facts[a - 1]["nik_off"]
        extra += ["single_word"] * (len(cols["names"][a - 1].split()) == 1) + [
            f"ethnic_{facts[a - 1]['ethnic']}"
        ]
        pair_tags = [*labels_, *extra, f"errors_{len(labels_)}"]
        total.update(pair_tags)
        if (a, b) not in predicted:
            stage, score, what = found["why"].get((a, b), ("?", 0.0, "?"))
            missed.update(pair_tags)
            lost.update((t, stage) for t in pair_tags)
            codes[stage, what] += 1
            for t in labels_:
                examples[t].append((a, b, f"lost in {stage}, score {score:.3f}, {what}"))
    n_miss = max(len(truth) - hits, 1)
    print(f"\nrecall by label ({n_miss:,} missed pairs; a pair counts under each of its labels)")
    print(
        f"  {'label':<18}{'pairs':>8}{'missed':>8}{'recall':>8}{'share':>7}  lost in blocking/scoring/consistency"
    )
    for tag, n in sorted(total.items(), key=lambda kv: (-missed[kv[0]], kv[0])):
        where = "/".join(str(lost[tag, s]) for s in ("blocking", "scoring", "consistency"))
        share = missed[tag] / n_miss
        print(f"  {tag:<18}{n:>8,}{missed[tag]:>8,}{1 - missed[tag] / n:>8.3f}{share:>7.1%}  {where}")
    print("\nmissed pairs by stage and the engine's field codes for the pair")
    for (stage, what), n in codes.most_common(20):
        print(f"  {n:>6,}  {stage:<12} {what}")
    false = collections.Counter()
    fp_examples: dict[str, list] = collections.defaultdict(list)
    for a, b in sorted(predicted - truth):
        kind = relation(a - 1, b - 1, cols, tags, facts)
        false[kind] += 1
        fp_examples[kind].append((a, b, *found["pairs"][(a, b)]))
    print(f"\nfalse matches by what relates the two people ({sum(false.values()):,})")
    for kind, n in false.most_common():
        print(f"  {kind:<28}{n:>7,}")

    def show(i: int) -> str:
        fields = [str(cols[k][i - 1] or "-") for k in ("niks", "kks", "births", "sexes", "desas")]
        return f"      {' '.join(fields)} {cols['names'][i - 1]!r} {tags[i - 1] or 'original'}"

    rng = random.Random(1)
    print("\nexamples of misses")
    for tag, _n in missed.most_common(12):
        for a, b, what in rng.sample(examples[tag], min(2, len(examples[tag]))):
            print(f"  [{tag}] {what}\n{show(a)}\n{show(b)}")
    print("\nexamples of false matches")
    for kind, _n in false.most_common(6):
        for a, b, score, reasons in rng.sample(fp_examples[kind], min(2, len(fp_examples[kind]))):
            print(f"  [{kind}] score {score:.3f} {'; '.join(reasons)[:200]}\n{show(a)}\n{show(b)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-explain", action="store_true", help="do not locate the missed pairs")
    parser.add_argument("--stage", choices=["all", "scan"], default="all")
    args = parser.parse_args()
    if args.stage == "scan":
        return stage_scan(args.size, args.seed, not args.no_explain)
    data, labels_path, _found = paths(args.size, args.seed)
    if not data.exists():
        started = time.perf_counter()
        columns, truth, labels = generate(args.size, args.seed)
        for path, value in ((data, columns), (labels_path, (truth, labels))):
            with path.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        took = time.perf_counter() - started
        print(f"generated {args.size:,} records, {len(truth):,} true pairs in {took:.0f} s")
        del columns, truth, labels
    command = [sys.executable, __file__, *f"--size {args.size} --seed {args.seed} --stage scan".split()]
    subprocess.run(command + ["--no-explain"] * args.no_explain, check=True)
    report(args.size, args.seed)


if __name__ == "__main__":
    main()
