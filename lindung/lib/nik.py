"""NIK (Nomor Induk Kependudukan) and no. KK rules.

A NIK is 16 digits: province (2) · kabupaten/kota (2) · kecamatan (2) · birth date DDMMYY with 40 added
to the day for women · serial (4, from 0001). This module touches no database: callers pass the set of
known region codes. Every message is one Indonesian sentence a village operator understands.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container
from dataclasses import dataclass, field

_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE][+]?\d+$")
_SEPARATORS = re.compile(r"[\s.\-_/']")
# Above 2**53 a float cannot hold every integer: Excel may already have changed the last digits.
_FLOAT_EXACT_LIMIT = 2**53


@dataclass
class NikResult:
    raw: str
    nik: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    sex: str | None = None  # "L" or "P"
    # With tolerate_mismatch: the birth date or sex the NIK encodes disagrees with the stated one (not an error).
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def province_code(self) -> str:
        return self.nik[:2]

    @property
    def kabupaten_code(self) -> str:
        return f"{self.nik[:2]}.{self.nik[2:4]}"

    @property
    def kecamatan_code(self) -> str:
        return f"{self.nik[:2]}.{self.nik[2:4]}.{self.nik[4:6]}"


def clean_digits(raw: object) -> tuple[str, str | None]:
    """Return (digits, error) from whatever a form or a spreadsheet cell held."""
    if raw is None:
        return "", "wajib diisi."
    if isinstance(raw, bool):
        return "", "bukan angka."
    if isinstance(raw, int):
        return str(raw), None
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return "", "bukan angka."
        if not raw.is_integer():
            return "", "berisi pecahan; ketik ulang sebagai teks."
        if abs(raw) >= _FLOAT_EXACT_LIMIT:
            return "", (
                "tersimpan sebagai angka di Excel sehingga digit terakhirnya bisa berubah; "
                "format kolom sebagai Teks lalu ketik ulang."
            )
        if abs(raw) >= 10**15 and int(raw) % 10 == 0:
            # Excel keeps 15 significant digits: a 16-digit number typed into a number cell ends in 0 whatever
            # was typed. A program may have written the real digits, but the two cannot be told apart.
            return "", (
                "tersimpan sebagai angka di Excel, yang hanya menyimpan 15 digit, sehingga digit terakhirnya "
                "mungkin sudah berubah menjadi 0; format kolom sebagai Teks lalu ketik ulang."
            )
        return str(int(raw)), None
    text = str(raw).strip()
    if not text:
        return "", "wajib diisi."
    if _SCIENTIFIC.match(text.replace(" ", "")):
        return "", (
            f"tertulis sebagai angka ilmiah ({text}) oleh Excel sehingga digitnya hilang; "
            "format kolom sebagai Teks lalu ketik ulang."
        )
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit():
        return "", "hanya boleh berisi angka."
    return digits, None


def _decode_birth(nik: str, reference: dt.date | None) -> tuple[dt.date | None, str | None, str | None]:
    """Return (birth date, sex, error) encoded in a NIK's digits 7–12."""
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > 40:
        day -= 40
        sex = "P"
    if reference is not None and reference.year % 100 == yy:
        year = reference.year
    else:
        this_year = dt.date.today().year
        year = 2000 + yy if 2000 + yy <= this_year else 1900 + yy
    try:
        return dt.date(year, month, day), sex, None
    except ValueError:
        return None, None, f"tanggal lahir di dalam NIK ({nik[6:12]}) bukan tanggal yang ada."


def check_nik(
    raw: object,
    *,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    known_regions: Container[str] | None = None,
    kecamatan_listed: Container[str] | None = None,
    tolerate_mismatch: bool = False,
) -> NikResult:
    """Check a NIK against its structure, the known regions and the person's birth date and sex.

    `known_regions` holds every province and kabupaten/kota code of the country and the kecamatan codes of the
    kabupaten whose kecamatan are loaded, listed in `kecamatan_listed` (None: all of them). A NIK issued in
    another kabupaten is valid: the person may live here now, and the domicile rule of eligibility decides.

    `tolerate_mismatch` (imports of Dukcapil's own records only): a birth date or sex that disagrees with the
    NIK goes to `mismatches` instead of `errors`; the public form and field entry keep refusing it.
    """
    digits, problem = clean_digits(raw)
    result = NikResult(raw="" if raw is None else str(raw), nik=digits)
    if problem:
        result.errors.append(f"NIK {problem}")
        return result
    if len(digits) != 16:
        hint = " Angka nol di depan mungkin hilang karena Excel." if len(digits) < 16 else ""
        result.errors.append(f"NIK harus 16 digit, yang diisi {len(digits)} digit.{hint}")
        return result

    if known_regions is not None:
        if result.province_code not in known_regions:
            result.errors.append(
                f"Kode provinsi {result.province_code} pada NIK tidak ada dalam daftar wilayah Kemendagri; "
                "periksa NIK pada KTP."
            )
        elif result.kabupaten_code not in known_regions:
            result.errors.append(
                f"Kode kabupaten/kota {result.kabupaten_code} pada NIK tidak ada dalam daftar wilayah "
                "Kemendagri; periksa NIK pada KTP."
            )
        elif result.kecamatan_code not in known_regions and (
            kecamatan_listed is None or result.kabupaten_code in kecamatan_listed
        ):
            result.warnings.append(
                f"Kode kecamatan {result.kecamatan_code} pada NIK tidak ada dalam daftar wilayah; "
                "mungkin kecamatan lama sebelum pemekaran. Periksa KTP."
            )

    encoded_date, encoded_sex, date_error = _decode_birth(digits, birth_date)
    if date_error:
        result.errors.append(f"NIK: {date_error}")
    else:
        result.birth_date, result.sex = encoded_date, encoded_sex
        disagree = result.mismatches if tolerate_mismatch else result.errors
        if birth_date is not None and encoded_date != birth_date:
            disagree.append(
                f"Tanggal lahir di NIK ({encoded_date:%d-%m-%Y}) tidak sama dengan tanggal lahir "
                f"yang diisi ({birth_date:%d-%m-%Y})."
            )
        if sex in ("L", "P") and encoded_sex != sex:
            if encoded_sex == "P":
                disagree.append(
                    "NIK ini milik perempuan (tanggal lahir ditambah 40), tetapi jenis kelamin diisi laki-laki."
                )
            else:
                disagree.append("NIK ini milik laki-laki, tetapi jenis kelamin diisi perempuan.")

    if digits[12:] == "0000":
        result.errors.append("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")
    return result


def check_kk(raw: object) -> tuple[str, str | None]:
    """Return (cleaned no. KK, error or None). An empty KK is allowed; callers decide if it is required."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "", None
    digits, problem = clean_digits(raw)
    if problem:
        return digits, f"Nomor KK {problem}"
    if len(digits) != 16:
        return digits, f"Nomor KK harus 16 digit, yang diisi {len(digits)} digit."
    return digits, None


NIK_MASK = "••••••••••"


def mask_nik(nik: str) -> str:
    """The one masked form of a NIK everywhere (pages, API, files, PDF, notices): 160601••••••••••.

    Only the region (digits 1–6, where the person was first registered) stays visible. Digits 7–12 follow
    from the birth date and sex, which the same screens show, so hiding only those gives the NIK back
    whenever the serial (13–16) is shown: the serial is hidden too, and with it the birth date.
    """
    if len(nik) != 16:
        return "•" * len(nik)
    return nik[:6] + NIK_MASK


def make_nik(kecamatan_code: str, birth_date: dt.date, sex: str, serial: int) -> str:
    """Compose a NIK from its parts (demo data and tests)."""
    region = kecamatan_code.replace(".", "")
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
