"""The error model of the kobo-a duplicate set: how a person's record looks from each source, and what goes wrong
when the same person is recorded again (see bench/dedup_koboset.py for the list of kinds)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

import kobo_names as kn

if TYPE_CHECKING:
    from dedup_koboset import People, Person, Record

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember")  # fmt: skip
ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}
VOWELS = set("aeiouAEIOU")
NAME_PREFIXES = ("Muhammad", "Siti", "Nur", "Sri", "Ahmad", "Abdul", "M.", "I", "Ni")
ALL_TITLES = set(kn.TITLES_M + kn.TITLES_F) | {"Ki.", "Agus"}


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), list(table.values()))[0]


class Typist:
    """Writes the records of the set: one first record per person and the later ones with their error kinds."""

    def __init__(self, rng: random.Random, world: People) -> None:
        self.rng = rng
        self.world = world
        self.niks = {p.nik for p in world.people}  # a typo must not land on another person's NIK

    # the record as a source writes it ------------------------------------------------------------------------
    def first_record(self, p: Person) -> Record:
        source = self.rng.choices(("kobo", "p3ke", "desa"), (40, 35, 25))[0]
        return self.render(
            p, source, p.nik, p.birth, p.sex, p.name, p.phone, p.kk, p.address, p.desa, None, ()
        )

    def render(
        self, p: Person, source: str, nik: str, birth: dt.date, sex: str, name: str, phone: str, kk: str,
        address: str, desa: str, birth_text: str | None, kinds: tuple[str, ...],
    ) -> Record:  # fmt: skip
        from dedup_koboset import Record

        rng = self.rng
        if source == "kobo":
            case = rng.random()
            name = name.upper() if case < 0.3 else name.lower() if case < 0.55 else name
            text = birth_text or birth.isoformat()  # the ODK date widget's value
            sex_text = sex
            phone = self.phone_form(phone, ("08", "62", "+62"))
            code = desa
            place = (
                self.world.desas[desa] if rng.random() < 0.6 else rng.choice(kn.OUTSIDE_BIRTH_PLACES[p.group])
            )
            place = place.lower() if rng.random() < 0.25 else place
            job = rng.choice(kn.KOBO_JOBS)
        elif source == "p3ke":
            name = name.upper()
            text = birth_text or (birth.isoformat() if rng.random() < 0.75 else f"{birth:%d/%m/%Y} 00:00")
            sex_text = "Laki-laki" if sex == "L" else "Perempuan"
            phone = "" if rng.random() < 0.6 else self.phone_form(phone, ("08",))
            code = desa.replace(".", "")
            address = address.upper()
            place = ""
            job = rng.choice(kn.P3KE_JOBS)
        else:  # a village sheet typed in Excel
            name = name.upper() if rng.random() < 0.5 else name
            form = rng.random()
            text = birth_text or (
                f"{birth:%d/%m/%Y}"
                if form < 0.6
                else f"{birth:%d-%m-%Y}"
                if form < 0.85
                else f"{birth.day} {MONTHS_ID[birth.month - 1]} {birth.year}"
            )
            sex_text = rng.choice(("LK", "L")) if sex == "L" else rng.choice(("PR", "P"))
            phone = self.phone_form(phone, ("08", "08-", "08 "))
            code = desa
            place = (
                self.world.desas[desa] if rng.random() < 0.6 else rng.choice(kn.OUTSIDE_BIRTH_PLACES[p.group])
            )
            place = place.upper()
            job = rng.choice(kn.KOBO_JOBS + kn.P3KE_JOBS)
        return Record(
            "", p.pid, source, nik, kk, name, place, text, sex_text, address, code, phone, job, kinds
        )

    def phone_form(self, phone: str, forms: tuple[str, ...]) -> str:
        if not phone or not phone.startswith("0"):
            return phone
        form = self.rng.choice(forms)
        if form == "62":
            return "62" + phone[1:]
        if form == "+62":
            return "+62" + phone[1:]
        if form == "08-":
            return f"{phone[:4]}-{phone[4:8]}-{phone[8:]}"
        if form == "08 ":
            return f"{phone[:4]} {phone[4:8]} {phone[8:]}"
        return phone

    # a later record of the same person -----------------------------------------------------------------------
    def second_record(self, p: Person, previous: str) -> Record:
        from dedup_koboset import NIK_KINDS, OTHER_KINDS

        rng = self.rng
        source = (
            rng.choice([s for s in ("kobo", "p3ke", "desa") if s != previous])
            if rng.random() < 0.7
            else previous
        )
        kinds: list[str] = []
        nik_kind = weighted(rng, NIK_KINDS)
        if nik_kind == "nik_date_from_typo":
            source = "kobo"  # the form that reads the birth date from the NIK
        nik, birth, sex, nik_kind = self.nik_error(p, nik_kind)
        kinds.append(nik_kind)
        name, phone, kk, address, desa = p.name, p.phone, p.kk, p.address, p.desa
        birth_text: str | None = None
        wanted = rng.choices((0, 1, 2, 3), (20, 40, 28, 12))[0]
        groups_used: set[str] = {"date"} if birth != p.birth or sex != p.sex else set()
        tries = 0
        while wanted and tries < 20:
            tries += 1
            kind = weighted(rng, OTHER_KINDS)
            group = kind.split("_")[0]
            if group in ("sex", "date"):
                group = "date"
            if (group in groups_used and group != "name") or kind in kinds:
                continue
            if group == "name":
                name, kind = self.name_error(p, name, kind)
            elif group == "phone":
                if not phone and kind != "phone_other":
                    continue
                phone = self.phone_error(phone, kind)
                if kind == "phone_excel":
                    source = "desa"
            elif kind == "kk_missing":
                kk = ""
            elif kind == "kk_new":
                kk = self.world.new_kk(desa)
            elif kind == "kk_excel_0":
                if kk.endswith("0"):
                    continue
                kk = kk[:15] + "0"
            elif kind == "desa_moved":
                desa = self.moved(desa)
                address = self.world.new_address(desa)
            elif kind == "address_missing":
                address = ""
            elif kind == "date_mmdd":
                birth_text = f"{birth.month:02d}/{birth.day:02d}/{birth.year}"
            elif kind == "date_year_only":
                placeholder = rng.choice(((1, 7), (1, 1)))
                if (birth.day, birth.month) == placeholder:
                    continue
                birth_text = f"{placeholder[0]:02d}/{placeholder[1]:02d}/{birth.year}"
            elif kind == "sex_wrong":
                sex = "P" if sex == "L" else "L"
            groups_used.add(group)
            kinds.append(kind)
            wanted -= 1
        if rng.random() < 0.6:
            address = self.address_form(address)
        return self.render(
            p, source, nik, birth, sex, name, phone, kk, address, desa, birth_text, tuple(kinds)
        )

    # NIK -----------------------------------------------------------------------------------------------------
    def keypad(self, digits: str, positions: range | tuple[int, ...]) -> str:
        at = self.rng.choice(positions)
        return digits[:at] + self.rng.choice(kn.KEYPAD_NEAR[digits[at]]) + digits[at + 1 :]

    def fresh(self, nik: str) -> bool:
        """A typed NIK that is nobody's and that the serial rule allows (the serial is never 0000)."""
        return nik not in self.niks and nik[12:] != "0000"

    def nik_error(self, p: Person, kind: str) -> tuple[str, dt.date, str, str]:
        """The NIK of a later record, the birth date and sex that record carries, and the kind actually made."""
        rng, nik = self.rng, p.nik
        for _ in range(30):
            birth, sex = p.birth, p.sex
            if kind == "nik_keypad_serial":
                new = self.keypad(nik, range(12, 16))
            elif kind == "nik_two_serial":
                first = self.keypad(nik, range(12, 16))
                new = self.keypad(first, range(12, 16))
                if sum(a != b for a, b in zip(new, nik, strict=True)) != 2:
                    continue
            elif kind == "nik_transpose_serial":
                spots = [i for i in range(12, 15) if nik[i] != nik[i + 1]]
                if not spots:
                    kind = "nik_keypad_serial"
                    continue
                i = rng.choice(spots)
                new = nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]
            elif kind == "nik_keypad_kecamatan":
                new = self.keypad(nik, (4, 5))
                if not 1 <= int(new[4:6]) <= 15:
                    continue
            elif kind == "nik_excel_0":
                if nik.endswith("0"):
                    kind = "nik_keypad_serial"
                    continue
                new = nik[:15] + "0"
            elif kind.startswith("nik_second"):
                second = self.second_birth(p.birth, kind)
                if second is None:
                    kind = "nik_second_placeholder" if kind != "nik_second_placeholder" else "nik_second"
                    continue
                birth = second
                kec = p.desa[6:8] if rng.random() < 0.3 else f"{rng.randint(1, 15):02d}"
                new = self.world.nik("1606" + kec, birth, sex)
            elif kind == "nik_date_from_typo":
                new = self.keypad(nik, range(6, 12))
                decoded = self.decode(new)
                if decoded is None:
                    continue
                birth, sex = decoded
            elif kind == "nik_date_typo":
                new = self.keypad(nik, range(6, 12))
            elif kind == "nik_prefix_typo":
                new = self.keypad(nik, range(4))
            elif kind == "nik_same":
                return nik, birth, sex, kind
            elif kind == "nik_is_kk":
                return p.kk, birth, sex, kind
            else:
                raise ValueError(kind)
            if self.fresh(new):
                self.niks.add(new)
                return new, birth, sex, kind
        kind = "nik_keypad_serial"
        while True:
            new = self.keypad(nik, range(12, 16))
            if self.fresh(new):
                self.niks.add(new)
                return new, p.birth, p.sex, kind

    def second_birth(self, birth: dt.date, kind: str) -> dt.date | None:
        """The birth date a second Dukcapil registration carries (None where the kind cannot change it)."""
        from dedup_koboset import FIRST_BIRTH, LAST_BIRTH

        if kind == "nik_second":
            return birth
        if kind == "nik_second_placeholder":
            new = dt.date(birth.year, *self.rng.choice(((1, 1), (7, 1), (12, 31))))
        elif kind == "nik_second_swap":
            if birth.day > 12 or birth.day == birth.month:
                return None
            new = dt.date(birth.year, birth.day, birth.month)
        else:  # the year off by one
            year = birth.year + self.rng.choice((-1, 1))
            new = dt.date(year, birth.month, min(birth.day, 28 if birth.month == 2 else birth.day))
        return new if new != birth and FIRST_BIRTH <= new <= LAST_BIRTH else None

    @staticmethod
    def decode(nik: str) -> tuple[dt.date, str] | None:
        """The birth date and sex a form computes from a NIK's digits 7-12 (None for a date that does not exist)."""
        from dedup_koboset import FIRST_BIRTH, LAST_BIRTH

        day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
        sex = "P" if day > 40 else "L"
        day -= 40 if day > 40 else 0
        try:
            born = dt.date(2000 + yy if yy <= 26 else 1900 + yy, month, day)
        except ValueError:
            return None
        return (born, sex) if FIRST_BIRTH <= born <= LAST_BIRTH else None

    # name ----------------------------------------------------------------------------------------------------
    def name_error(self, p: Person, name: str, kind: str) -> tuple[str, str]:
        rng = self.rng
        words = name.split()
        if kind == "name_autocorrect":
            spots = [i for i, w in enumerate(words) if w in kn.AUTOCORRECT]
            if spots:
                i = rng.choice(spots)
                words[i] = kn.AUTOCORRECT[words[i]]
                return " ".join(words), kind
            kind = "name_keyboard"
        if kind == "name_spelling":
            variants = [
                (i, b if w == a else a) for i, w in enumerate(words) for a, b in kn.SPELLINGS if w in (a, b)
            ]
            if variants:
                i, new = rng.choice(variants)
                words[i] = new
                return " ".join(words), kind
            kind = "name_keyboard"
        if kind == "name_nospace":
            if len(words) >= 2 and not words[0].endswith("."):
                return " ".join([words[0] + words[1], *words[2:]]), kind
            kind = "name_double"
        if kind == "name_partial":
            if len([w for w in words if w not in ALL_TITLES]) >= 2:
                drop = 0 if words[0] in NAME_PREFIXES and len(words) > 2 else rng.randrange(len(words))
                if words[0] in ("I", "Ni") or words[drop] in ALL_TITLES:
                    drop = len(words) - 1
                return " ".join(words[:drop] + words[drop + 1 :]), kind
            kind = "name_keyboard"
        if kind == "name_bin":
            for link in (" bin ", " binti "):
                if link in name:
                    return name.split(link)[0], kind
            father = p.father or rng.choice(kn.MALAY_M)
            return f"{name} {'bin' if p.sex == 'L' else 'binti'} {father}", kind
        if kind == "name_title":
            rest = words[2:] if words[:2] == ["Ki.", "Agus"] else words[1:]
            if words[0] in ALL_TITLES and rest:
                return " ".join(rest), kind
            titles = (
                (kn.TITLES_M if p.sex == "L" else kn.TITLES_F)
                if p.group == "malay"
                else (("H.",) if p.sex == "L" else ("Hj.",))
            )
            return f"{rng.choice(titles)} {name}", kind
        if kind == "name_nickname":
            return self.nickname(p, words), kind
        if kind == "name_double":
            i = self.long_word(words)
            w = words[i]
            doubled = [k for k in range(1, len(w)) if w[k] == w[k - 1]]
            if doubled and rng.random() < 0.6:
                k = rng.choice(doubled)
                words[i] = w[:k] + w[k + 1 :]
            else:
                k = rng.randrange(1, len(w))
                words[i] = w[:k] + w[k] + w[k:]
            return " ".join(words), kind
        # name_keyboard: a neighbouring key for one letter
        i = self.long_word(words)
        w = words[i]
        k = rng.randrange(1, len(w)) if len(w) > 1 else 0
        words[i] = w[:k] + self.near_key(w[k]) + w[k + 1 :]
        return " ".join(words), "name_keyboard"

    def long_word(self, words: list[str]) -> int:
        spots = [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()]
        return self.rng.choice(spots) if spots else 0

    def near_key(self, ch: str) -> str:
        low = ch.lower()
        for r, row in enumerate(kn.QWERTY_ROWS):
            at = row.find(low)
            if at < 0:
                continue
            near = [row[j] for j in (at - 1, at + 1) if 0 <= j < len(row)]
            for other in (r - 1, r + 1):
                if 0 <= other < len(kn.QWERTY_ROWS):
                    near += [
                        kn.QWERTY_ROWS[other][j] for j in (at - 1, at) if 0 <= j < len(kn.QWERTY_ROWS[other])
                    ]
            new = self.rng.choice(near)
            return new.upper() if ch.isupper() else new
        return ch

    def nickname(self, p: Person, words: list[str]) -> str:
        rng = self.rng
        given = [w for w in words if w not in NAME_PREFIXES and w not in ALL_TITLES] or words
        if not given:
            return " ".join(words)
        base = given[0]
        nick = rng.choice(kn.NICKNAMES[base]) if base in kn.NICKNAMES else self.last_syllables(base)
        form = rng.random()
        titles = kn.KIN_TITLES_M if p.sex == "L" else kn.KIN_TITLES_F
        if form < 0.3:
            return f"{rng.choice(titles)} {nick}"
        if form < 0.5:
            return nick
        if form < 0.75:
            return f"{' '.join(words)} ({nick})"
        return f"{nick} {given[-1]}" if len(given) > 1 else f"{rng.choice(titles)} {nick}"

    @staticmethod
    def last_syllables(word: str) -> str:
        starts = [i for i in range(len(word) - 1) if word[i] not in VOWELS and word[i + 1] in VOWELS]
        if len(starts) >= 2:
            return word[starts[-2] :].capitalize()
        return word

    # other fields --------------------------------------------------------------------------------------------
    def phone_error(self, phone: str, kind: str) -> str:
        if kind == "phone_missing":
            return ""
        if kind == "phone_other" or not phone:
            return self.world.new_phone()
        if kind == "phone_excel":
            return phone[1:]
        return self.keypad(phone, range(4, len(phone)))

    def moved(self, desa: str) -> str:
        codes = self.world.codes
        same = [c for c in codes if c[:8] == desa[:8] and c != desa]
        if same and self.rng.random() < 0.6:
            return self.rng.choice(same)
        return self.rng.choice([c for c in codes if c != desa])

    def address_form(self, address: str) -> str:
        """The same address as another hand writes it."""
        rng = self.rng
        words = address.split()
        out = []
        for w in words:
            up = w.upper()
            if up == "DUSUN":
                out.append(rng.choice(("Dsn.", "Dusun", "DS")))
            elif up in ROMAN and rng.random() < 0.5:
                out.append(ROMAN[up])
            elif w.isdigit():
                out.append(str(int(w)) if rng.random() < 0.6 else w)
            elif up == "JL.":
                out.append(rng.choice(("Jalan", "Jl", "JL.")))
            elif up in ("RT", "RW") and rng.random() < 0.4:
                out.append(w + ".")
            else:
                out.append(w)
        return " ".join(out).replace(". ", ".") if rng.random() < 0.2 else " ".join(out)
