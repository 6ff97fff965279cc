"""Turn a spreadsheet cell into a value: dates in every shape villages type them, sex, numbers, text.

Each parser returns (value, error). They are called once per cell of a million-row file, so the common shapes
take a fast path and repeated texts (birth dates, desa names) hit a cache.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from lindung.lib.names import normalize_name

# Distinct cell texts remembered per check (birth dates, sexes, desa, occupations); beyond it, computed each time.
CACHE_LIMIT = 100_000
EXCEL_EPOCH = dt.date(1899, 12, 30)
# A time after the date (P3KE and spreadsheet exports write "05/03/1990 00:00" or "1990-03-05 00:00:00") is
# dropped: a birth date has none.
_TIME = r"(?:[ tT]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?"
_DMY = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{4}|\d{2})" + _TIME + "$")
_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})" + _TIME + "$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-/.]+([a-z]+)[\s\-/.]+(\d{4}|\d{2})$")
MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "pebruari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3,
    "apr": 4, "april": 4,
    "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "agu": 8, "agt": 8, "agus": 8, "agustus": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "nopember": 11, "november": 11,
    "des": 12, "desember": 12, "dec": 12, "december": 12,
}  # fmt: skip
SEX = {
    "l": "L", "lk": "L", "laki": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "m": "L", "1": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "f": "P", "w": "P", "2": "P",
}  # fmt: skip


def is_blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, whitespace collapsed."""
    if type(value) is str:  # nearly every cell: tested first
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return " ".join(value.split())
    return " ".join(str(value).split())


def _year(two_or_four: str, today: dt.date) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


@lru_cache(maxsize=65536)
def _date_from_text(raw: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    value = raw.strip().lower()
    try:
        if m := _DMY.match(value):
            return dt.date(_year(m[3], today), int(m[2]), int(m[1])), None
        if m := _YMD.match(value):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), None
        if (m := _D_MONTH_Y.match(value)) and m[2] in MONTHS:
            return dt.date(_year(m[3], today), MONTHS[m[2]], int(m[1])), None
    except ValueError:
        return None, _("Tanggal lahir %(raw)s bukan tanggal yang ada.") % {"raw": raw}
    if value.isdigit() and len(value) == 5:  # an Excel serial number exported as text
        return _serial(int(value))
    return None, _("Tanggal lahir %(raw)s tidak terbaca; tulis dd/mm/yyyy, misalnya 05/03/1990.") % {
        "raw": raw
    }


def _serial(number: float) -> tuple[dt.date | None, str | None]:
    if not 1 <= number < 2958466:
        return None, _("Tanggal lahir %(raw)s tidak terbaca; tulis dd/mm/yyyy.") % {"raw": number}
    return EXCEL_EPOCH + dt.timedelta(days=int(number)), None


def parse_date(value: Any, today: dt.date) -> tuple[dt.date | None, str | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, _("Tanggal lahir tidak terbaca.")
    if isinstance(value, int | float):
        return _serial(value)
    if is_blank(value):
        return None, _("Tanggal lahir wajib diisi.")
    return _date_from_text(str(value), today)


def parse_sex(value: Any) -> tuple[str | None, str | None]:
    key = text(value).lower().rstrip(".")
    if not key:
        return None, _("Jenis kelamin wajib diisi (L atau P).")
    sex = SEX.get(key)
    if sex is None:
        return None, _("Jenis kelamin %(raw)s tidak dikenal; isi L atau P.") % {"raw": text(value)}
    return sex, None


def parse_int(value: Any, label: str) -> tuple[int | None, str | None]:
    """Rupiah and small counts: 1500000, 1.500.000, 'Rp 1.500.000,-', 1500000.0. `label` is translated on error."""
    if value is None:
        return None, None
    if type(value) is int and value >= 0:
        return value, None
    if type(value) is str and value.isdigit():
        return int(value), None
    if type(value) is float and value.is_integer() and value >= 0:  # a number cell of an xlsx
        return int(value), None
    if is_blank(value):
        return None, None
    label = _(label)  # only now: translating it for every row cost more than the rest of the row
    if isinstance(value, bool):
        return None, _("%(label)s harus berupa angka.") % {"label": label}
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if value != value or not value.is_integer():
            return None, _("%(label)s harus bilangan bulat.") % {"label": label}
        number = int(value)
    else:
        raw = str(value).strip().lower().removeprefix("rp").strip().removesuffix(",-").removesuffix(",00")
        if raw.endswith(".0") and raw[:-2].isdigit():
            raw = raw[:-2]
        digits = raw.replace(".", "").replace(",", "").replace(" ", "")
        if not digits.lstrip("-").isdigit():
            return None, _("%(label)s harus berupa angka, yang diisi %(raw)s.") % {
                "label": label,
                "raw": value,
            }
        number = int(digits)
    if number < 0:
        return None, _("%(label)s tidak boleh negatif.") % {"label": label}
    return number, None


_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")


def parse_phone(value: Any) -> tuple[str, str | None]:
    if type(value) is str and value.isdigit():
        # Only digits (the usual 08… text): no separators to strip, and text() would return it unchanged.
        digits = value
        if digits.startswith("62") and len(digits) > 10:
            digits = "0" + digits[2:]
        if 8 <= len(digits) <= 15:
            return digits, None
    if is_blank(value):
        return "", None
    raw = text(value)
    digits = _PHONE_SEPARATORS.sub("", raw)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) > 10:
        digits = "0" + digits[2:]
    elif digits.startswith("8") and not isinstance(value, str):
        digits = "0" + digits  # Excel dropped the leading zero of a number cell
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        return "", _("Nomor HP %(raw)s tidak benar; tulis seperti 081234567890.") % {"raw": raw}
    return digits, None


def place_key(value: Any) -> str:
    """Desa/kecamatan names compared without case, punctuation and the 'Desa'/'Kel.' prefix."""
    words = re.sub(r"[^a-z0-9]+", " ", text(value).lower()).split()
    while words and words[0] in ("desa", "kelurahan", "kel", "ds", "kecamatan", "kec"):
        words = words[1:]
    return " ".join(words)


_PLAIN_NAME = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,})*")


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return normalize_name(word)


def name_key(name: str) -> str:
    """normalize_name, word by word through a cache for the common plain names (same result, ~10× faster).

    Plain means ASCII letters, words of two letters or more, single spaces: then every word is normalised on its
    own (no commas, dots, apostrophes or one-letter 'M.' whose meaning depends on its position).
    """
    if _PLAIN_NAME.fullmatch(name):
        # filter(None, …): a title word ("Haji") has an empty key and leaves no double space.
        return " ".join(filter(None, map(_word_key, name.split(" "))))
    return normalize_name(name)


def compose_address(address: str, raw_dusun: Any, raw_rt: Any, raw_rw: Any) -> str:
    """One address from the parts a file has: "Jl. Merdeka 4, Dusun II, RT 003/RW 001" ("-" is empty)."""
    parts = [address] if address else []
    dusun = text(raw_dusun)
    if dusun and dusun != "-":
        first = dusun.split(" ", 1)[0].rstrip(".").lower()
        parts.append(dusun if first in ("dusun", "dsn", "ds", "lingkungan", "lk") else f"Dusun {dusun}")
    rt, rw = text(raw_rt), text(raw_rw)
    rt, rw = ("" if rt == "-" else rt), ("" if rw == "-" else rw)
    if rt and rw:
        parts.append(f"RT {rt}/RW {rw}")
    elif rt:
        parts.append(f"RT {rt}")
    elif rw:
        parts.append(f"RW {rw}")
    return ", ".join(parts)
