"""How a person of bench/dedup_villageset.py's village registry becomes rows: each record renders the person
through one hand (the name's spellings and slips, the birth place, date, address and phone in the sheet's or the
form's style) and carries the NIK kind of the record (a typo, a swap, a re-issued serial, a second NIK on a wrong
birth date …). The shares and what each kind means are in that module's docstring; the draws come from the
generator's one random stream, in the order it makes them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from village_names import (  # bench/ is on sys.path when this runs
    CHILD_OF,
    JOINS,
    MONTHS,
    NEIGHBOURS,
    NOBLE_LONG,
    OCCUPATION_SAID,
    OCCUPATIONS,
    PLACE_VARIANTS,
    SPLITS,
    VARIANTS,
)

if TYPE_CHECKING:
    from dedup_villageset import Generator, Person

# The day ages are counted on (as the import counts them on the day it runs), and the span the records fall in.
REFERENCE = dt.date(2026, 12, 8)
START, END = dt.date(2025, 1, 6), dt.date(2026, 11, 27)


@dataclass
class Record:
    ref: str
    person: int
    nik: str
    kk: str
    name: str
    birth_place: str
    birth_text: str
    birth_date: dt.date
    sex: str
    address: str
    desa_code: str
    phone: str
    occupation: str
    when: dt.date
    kind: str  # "anchor" (the NIK as issued) or the NIK kind of the record
    source: str = "sheet"  # or "form"
    expect: str = ""  # "" registered, or why the import refuses it
    notes: list[str] = field(default_factory=list)


# ---- rendering a person through one hand -------------------------------------------------------------------
def _spell(rng: random.Random, word: str, javanese: bool) -> str:
    if word in VARIANTS:
        return rng.choice([v for v in VARIANTS[word] if v != word] or [word])
    rules = [
        ("oe", lambda w: w.replace("u", "oe", 1) if javanese and "u" in w else w),
        ("dj", lambda w: w.replace("j", "dj", 1).replace("J", "Dj", 1)),
        ("tj", lambda w: w.replace("c", "tj", 1).replace("C", "Tj", 1)),
        ("y", lambda w: w.replace("y", "j", 1).replace("Y", "J", 1)),
        ("kh", lambda w: w.replace("kh", "ch", 1).replace("Kh", "Ch", 1)),
        ("sy", lambda w: w.replace("sy", "sj", 1).replace("Sy", "Sj", 1)),
        ("dd", lambda w: w.replace("dd", "d", 1) if "dd" in w else w.replace("din", "ddin", 1)),
        ("iy", lambda w: w[:-1] + "y" if w.endswith("i") else w[:-1] + "i" if w.endswith("y") else w),
        ("fp", lambda w: w.replace("f", "p", 1)),
        ("ah", lambda w: w[:-1] if w.endswith("ah") else w),
    ]
    for _ in range(3):
        changed = rng.choice(rules)[1](word)
        if changed != word:
            return changed
    return word


def _slip(rng: random.Random, text: str) -> str:
    """One typing slip in a letter of the name."""
    spots = [k for k, c in enumerate(text) if c.isalpha()]
    if len(spots) < 4:
        return text
    k = rng.choice(spots[1:])
    kind = rng.randrange(4)
    if kind == 0:
        return text[:k] + text[k + 1 :]
    if kind == 1:
        return text[:k] + text[k] + text[k:]
    if kind == 2 and k + 1 < len(text) and text[k + 1].isalpha():
        return text[:k] + text[k + 1] + text[k] + text[k + 2 :]
    low = text[k].lower()
    new = NEIGHBOURS.get(low, low)
    return text[:k] + (new.upper() if text[k].isupper() else new) + text[k + 1 :]


def render_name(rng: random.Random, p: Person, case: str, slips: float) -> str:
    words = list(p.words)
    joined = " ".join(words)
    for whole, part in [*SPLITS.items(), *JOINS.items()]:
        if whole in joined and rng.random() < 0.15:
            joined = joined.replace(whole, part)
    words = joined.split()
    if len(words) >= 2 and words[0] in ("Muhammad", "Ahmad", "Siti", "Nur") and rng.random() < 0.06:
        words = words[1:]
    if len(words) >= 3 and rng.random() < 0.08:
        words[1] = words[1][0] + "."
    elif len(words) >= 3 and rng.random() < 0.04:
        words = words[:-1]
    words = [_spell(rng, w, p.javanese) if rng.random() < 0.15 else w for w in words]
    if p.noble and rng.random() < 0.7:
        words.insert(0, NOBLE_LONG.get(p.noble, p.noble) if rng.random() < 0.3 else p.noble)
    if p.title and rng.random() < 0.6:
        words.insert(0, p.title)
    if rng.random() < 0.05:
        words += ["bin" if p.sex == "L" else "binti", p.father]
    name = " ".join(words)
    if p.degree and rng.random() < 0.6:
        name += f", {p.degree}" if rng.random() < 0.7 else f" {p.degree.rstrip('.')}"
    if rng.random() < slips:
        name = _slip(rng, name)
    if case == "upper":
        return name.upper()
    if case == "lower":
        return name.lower()
    return name


def render_date(born: dt.date, style: str) -> str:
    if style == "dmy":
        return born.strftime("%d/%m/%Y")
    if style == "dmy-":
        return born.strftime("%d-%m-%Y")
    if style == "ymd":
        return born.isoformat()
    return f"{born.day} {MONTHS[born.month - 1]} {born.year}"


ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def render_address(address: tuple[str, int, int, int], style: dict[str, str], case: str) -> str:
    street, dusun, rt, rw = address
    parts = [f"{style['street']} {street}"] if street else []
    if not street:
        parts.append(style["dusun"].format(roman=ROMAN[dusun - 1], n=dusun))
    parts.append(style["rt"].format(rt=rt, rw=rw))
    text = " ".join(parts)
    return text.upper() if case == "upper" else text


def render_phone(rng: random.Random, phone: str, form: bool) -> str:
    if not form:
        return phone if rng.random() < 0.85 else f"{phone[:4]}-{phone[4:8]}-{phone[8:]}"
    roll = rng.random()
    if roll < 0.6:
        return phone
    return ("+62 " if roll < 0.8 else "62") + phone[1:]


def render_place(rng: random.Random, place: str, case: str) -> str:
    if rng.random() < 0.25:
        for a, b in PLACE_VARIANTS:
            if a in place:
                place = place.replace(a, b)
                break
            if b in place:
                place = place.replace(b, a)
                break
    return place.upper() if case == "upper" else place


# ---- NIK and date errors ------------------------------------------------------------------------------------
NIK_KINDS = ["nik-same", "nik-typo", "nik-swap", "nik-serial", "nik-kecamatan", "nik-second", "date-only",
             "nik-from-kk", "nik-typo2"]  # fmt: skip
NIK_SHARES = [22, 22, 10, 14, 7, 15, 4, 2, 4]


def wrong_date(rng: random.Random, born: dt.date) -> tuple[dt.date, str]:
    roll = rng.random()
    if roll < 0.25 and born.day <= 12 and born.day != born.month:
        return dt.date(born.year, born.day, born.month), "day/month swapped"
    if roll < 0.5:
        year = born.year + rng.choice([-1, 1])
        return dt.date(year, born.month, min(born.day, 28 if born.month == 2 else 31)), "year off by one"
    if roll < 0.65 and (born.month, born.day) != (12, 31):
        return dt.date(born.year, 12, 31), "31 December"
    if (born.month, born.day) != (1, 1):
        return dt.date(born.year, 1, 1), "1 January"
    return dt.date(born.year, 12, 31), "31 December"


def decode(nik: str) -> tuple[dt.date, str] | None:
    """The birth date and sex a NIK's digits 7-12 say (the century nearest below REFERENCE), None if no date."""
    try:
        day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
        sex = "P" if day > 40 else "L"
        year = 2000 + yy if 2000 + yy <= REFERENCE.year else 1900 + yy
        return dt.date(year, month, day - 40 if day > 40 else day), sex
    except ValueError:
        return None


def _typo(rng: random.Random, nik: str, spots: range | list[int]) -> str:
    k = rng.choice(list(spots))
    digit = rng.choice([d for d in "0123456789" if d != nik[k]])
    return nik[:k] + digit + nik[k + 1 :]


def apply_nik_kind(g: Generator, p: Person, kind: str, desa: str) -> tuple[str, dt.date, list[str]]:
    """The NIK and birth date a record of kind `kind` carries, and notes on what happened."""
    rng = g.rng
    nik, born = p.nik, p.birth
    if kind == "nik-typo":
        nik = _typo(rng, nik, range(16))
    elif kind == "nik-typo2":
        nik = _typo(rng, _typo(rng, nik, [4, 5, 12, 13, 14, 15]), [2, 3, 4, 5, 12, 13, 14, 15])
    elif kind == "nik-swap":
        spots = [k for k in range(15) if nik[k] != nik[k + 1]]
        k = rng.choice(spots)
        nik = nik[:k] + nik[k + 1] + nik[k] + nik[k + 2 :]
    elif kind == "nik-serial":
        g.serial[nik[:12]] += 1
        nik = nik[:12] + f"{g.serial[nik[:12]]:04d}"
    elif kind == "nik-kecamatan":
        kec = nik[4:6]
        parents = {v: k for k, v in CHILD_OF.items()}
        if nik[:4] == "1606" and kec in CHILD_OF:
            new = CHILD_OF[kec]
        elif nik[:4] == "1606" and desa[6:8] in CHILD_OF and CHILD_OF[desa[6:8]] == kec:
            new = desa[6:8]
        elif nik[:4] == "1606" and kec in parents:
            new = parents[kec]
        else:
            new = rng.choice([k for k in g.by_kec if k != kec])
        nik = nik[:4] + new + nik[6:]
    elif kind in ("nik-second", "date-only"):
        born, how = wrong_date(rng, p.birth)
        if kind == "nik-second":
            nik = g._nik("1606" + desa[6:8], born, p.sex, offset=False)
        return nik, born, [how]
    elif kind == "nik-from-kk":
        nik = p.kk
    notes = []
    if kind in ("nik-typo", "nik-swap") and nik[6:12] != p.nik[6:12]:
        said = decode(nik)
        if said is not None and said[1] == p.sex and rng.random() < 0.5:
            born = said[0]
            notes.append("date taken from the mistyped NIK")
        else:
            notes.append("date digits mistyped")
    return nik, born, notes


# ---- records --------------------------------------------------------------------------------------------
def _when(rng: random.Random, after: dt.date | None = None) -> dt.date:
    low = after + dt.timedelta(days=14) if after else START
    low = min(low, END - dt.timedelta(days=1))
    return low + dt.timedelta(days=rng.randrange((END - low).days))


def _record(g: Generator, p: Person, when: dt.date, source: str, desa: str, kind: str) -> Record:
    rng = g.rng
    form = source == "form"
    style = g._style() if form else g.desa_style[desa]  # the form: each person's own way of writing
    if not form and when.year == 2026 and desa in g.changed_2026:
        style = {**style, "case": "title" if style["case"] == "upper" else "upper"}
    case = rng.choices(["title", "lower", "upper"], [70, 15, 15])[0] if form else style["case"]
    nik, born, notes = (p.nik, p.birth, []) if kind == "anchor" else apply_nik_kind(g, p, kind, desa)
    if form:
        sex = "Laki-laki" if p.sex == "L" else "Perempuan"
    else:
        sex = p.sex if style["sex"] == "L/P" else ("LAKI-LAKI" if p.sex == "L" else "PEREMPUAN")
    said = OCCUPATION_SAID.get(p.occupation, p.occupation.title())
    return Record(
        ref="",
        person=p.pid,
        nik=nik,
        kk=p.kk if rng.random() < (0.55 if form else 0.92) else "",
        name=render_name(rng, p, case, 0.08 if form else 0.04),
        birth_place=render_place(rng, p.birth_place, case) if form or rng.random() < 0.9 else "",
        birth_text=render_date(born, "ymd" if form else style["date"]),
        birth_date=born,
        sex=sex,
        address=render_address(p.address, style, case) if form or rng.random() < 0.85 else "",
        desa_code=desa,
        phone=render_phone(rng, p.phone, form) if p.phone and rng.random() < (0.92 if form else 0.55) else "",
        occupation=said if form else p.occupation,
        when=when,
        kind=kind,
        source=source,
        notes=notes,
    )


def _moved(g: Generator, p: Person) -> tuple[str, str]:
    """A desa the person moved to, and the note."""
    rng = g.rng
    if rng.random() < 0.7:
        choices = [d for d in g.by_kec[p.desa[6:8]] if d != p.desa]
        return rng.choice(choices), "moved within the kecamatan"
    return rng.choice([d for d in g.desas if d[6:8] != p.desa[6:8]]), "moved to another kecamatan"


def records_of(g: Generator, p: Person) -> list[Record]:
    rng = g.rng
    count = rng.choices([1, 2, 3], [85, 12, 3])[0]
    anchor = rng.randrange(count)
    first_when = _when(rng)
    out = []
    for k in range(count):
        kind = "anchor" if k == anchor else rng.choices(NIK_KINDS, NIK_SHARES)[0]
        if k == 0:
            rec = _record(g, p, first_when, "form" if rng.random() < 0.2 else "sheet", p.desa, kind)
            out.append(rec)
            continue
        when = _when(rng, first_when)
        roll, desa, note = rng.random(), p.desa, ""
        source = "sheet" if roll < 0.45 else "form" if roll < 0.85 else "moved"
        if source == "moved" or (source == "form" and rng.random() < 0.1):
            desa, note = _moved(g, p)
        saved = (p.kk, p.address, p.phone, p.occupation)
        if note or rng.random() < 0.06:
            issued = when - dt.timedelta(days=rng.randint(10, 200))
            stem = "1606" + desa[6:8] + issued.strftime("%d%m%y")
            g.kk_serial[stem] += 1
            p.kk = stem + f"{g.kk_serial[stem]:04d}"
            if note:
                p.address = ("", rng.randint(1, 6), rng.randint(1, 12), rng.randint(1, 4))
        if p.phone and rng.random() < 0.15:
            p.phone = g._phone()
        if rng.random() < 0.2:
            p.occupation = rng.choice(OCCUPATIONS)
        rec = _record(g, p, when, "form" if source == "form" else "sheet", desa, kind)
        p.kk, p.address, p.phone, p.occupation = saved
        if note:
            rec.notes.append(note)
        out.append(rec)
    return out
