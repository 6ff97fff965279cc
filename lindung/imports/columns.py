"""The columns an import understands and the many ways village sheets spell their headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header the template uses
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help: str = ""


COLUMNS: list[Column] = [
    Column("id_sumber", "ID Sumber", ("id", "id data", "id p3ke", "id dtks", "id_sumber", "kode data")),
    Column(
        "nik",
        "NIK",
        ("no nik", "nomor nik", "nik ktp", "no ktp", "nomor ktp", "nomor induk kependudukan", "nik peserta"),
        required=True,
        help="16 digit, format kolom sebagai Teks agar digit tidak hilang.",
    ),
    Column(
        "kk", "Nomor KK", ("no kk", "kk", "nomor kartu keluarga", "no kartu keluarga", "nkk", "no kk ktp")
    ),
    Column(
        "name",
        "Nama Lengkap",
        ("nama", "nama pekerja", "nama peserta", "nama sesuai ktp", "nama lengkap sesuai ktp"),
        required=True,
    ),
    Column("birth_place", "Tempat Lahir", ("tmp lahir", "tempat lhr", "tmpt lahir")),
    Column(
        "birth_date",
        "Tanggal Lahir",
        ("tgl lahir", "tanggal lhr", "tgl lhr", "tanggal kelahiran", "tgl lahir dd mm yyyy"),
        required=True,
        help="dd/mm/yyyy, misalnya 05/03/1990.",
    ),
    Column(
        "sex",
        "Jenis Kelamin",
        ("jk", "l p", "kelamin", "jns kelamin", "jenis kelamin l p", "gender", "sex"),
        required=True,
        help="L atau P.",
    ),
    Column("address", "Alamat", ("alamat lengkap", "alamat ktp", "alamat rumah", "dusun", "alamat rt rw")),
    Column("kecamatan", "Kecamatan", ("nama kecamatan", "kec")),
    Column(
        "desa", "Desa/Kelurahan", ("desa", "kelurahan", "nama desa", "desa kelurahan", "nama desa kelurahan")
    ),
    Column(
        "desa_code",
        "Kode Desa",
        ("kode desa kelurahan", "kode wilayah", "kode kemendagri", "kode desa kemendagri"),
        help="Kode Kemendagri, misalnya 16.06.01.2001. Boleh kosong bila nama desa diisi.",
    ),
    Column(
        "phone", "Nomor HP", ("no hp", "hp", "no telp", "telepon", "no wa", "whatsapp", "nomor hp whatsapp")
    ),
    Column("occupation", "Pekerjaan", ("jenis pekerjaan", "profesi", "kode pekerjaan", "mata pencaharian")),
    Column("income", "Penghasilan per Bulan", ("penghasilan", "pendapatan", "penghasilan per bulan rp")),
    Column("segment", "Segmen", ("segmen peserta",), help="rentan atau non-ASN."),
    Column("agency", "OPD", ("kode opd", "instansi", "perangkat daerah", "unit kerja")),
    Column("desil", "Desil", ("desil p3ke", "desil dtks")),
    # P3KE: "Ya" when the row matched Dukcapil's records (a NIK/birth-date disagreement is then flagged, not refused).
    Column("dukcapil_match", "Padan Dukcapil", ("status padan dukcapil", "padan")),
]
BY_KEY = {c.key: c for c in COLUMNS}
# Headers that carry nothing to import ("No.", "Keterangan") are ignored without asking.
IGNORED = {"no", "no urut", "nomor", "nomor urut", "keterangan", "ket", "catatan", "urut"}


def header_key(text: object) -> str:
    """'No. NIK ' → 'no nik'; 'Desa/Kelurahan' → 'desa kelurahan'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _s in (_c.key, _c.label, *_c.synonyms):
        _LOOKUP[header_key(_s)] = _c.key
_LOOKUP["desa"] = "desa"


@dataclass
class HeaderMatch:
    columns: dict[str, int] = field(default_factory=dict)  # field key → column index
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)


def match_headers(headers: list[object], mapping: dict[str, str] | None = None) -> HeaderMatch:
    """Match the file's headers to fields; `mapping` (header → field key or "") overrides the guess."""
    mapping = mapping or {}
    result = HeaderMatch()
    for index, raw in enumerate(headers):
        text = str(raw).strip() if raw is not None else ""
        if not text:
            continue
        if text in mapping:
            key = mapping[text]
        else:
            hkey = header_key(text)
            key = _LOOKUP.get(hkey, "")
            if not key and hkey not in IGNORED:
                result.unknown.append(text)
                continue
        if not key:
            continue
        if key in result.columns:
            result.repeated.append(text)
            continue
        result.columns[key] = index
    for column in COLUMNS:
        if column.required and column.key not in result.columns:
            result.missing.append(column.label)
    if "desa" not in result.columns and "desa_code" not in result.columns:
        result.missing.append(str(_("Desa/Kelurahan atau Kode Desa")))
    return result


def score_header(row: list[object]) -> int:
    """How many cells of a row look like known headers (to find the header row below a title)."""
    return sum(1 for cell in row if cell is not None and header_key(cell) in _LOOKUP)
