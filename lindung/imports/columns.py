"""The columns an import understands and the many ways village sheets spell their headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layouts import LAYOUT_HEADERS, LAYOUTS, Layout, compact, recognise


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
        (
            "nama",
            "nama pekerja",
            "nama peserta",
            "nama sesuai ktp",
            "nama lengkap sesuai ktp",
            "nama penduduk",
        ),
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
    Column("address", "Alamat", ("alamat lengkap", "alamat ktp", "alamat rumah", "alamat rt rw")),
    Column("dusun", "Dusun", ("nama dusun", "dusun lingkungan", "lingkungan")),
    Column("rt", "RT", ("no rt", "nomor rt")),
    Column("rw", "RW", ("no rw", "nomor rw")),
    Column("kecamatan", "Kecamatan", ("nama kecamatan", "kec")),
    Column(
        "desa",
        "Desa/Kelurahan",
        ("desa", "kelurahan", "nama desa", "desa kelurahan", "nama desa kelurahan", "desa kel", "kel desa"),
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
    Column("desil", "Desil", ("desil p3ke", "desil dtks", "desil kesejahteraan")),
    # P3KE: "Ya" when the row matched Dukcapil's records (a NIK/birth-date disagreement is then flagged, not refused).
    Column("dukcapil_match", "Padan Dukcapil", ("status padan dukcapil", "padan")),
    Column(
        "status",
        "Status Dasar",
        ("status penduduk", "status hidup", "status_dasar"),
        help="Hidup (atau 1). Baris meninggal, pindah, atau hilang tidak diimpor sebagai pekerja baru.",
    ),
]
BY_KEY = {c.key: c for c in COLUMNS}
# Headers that carry nothing to import ("No.", "Keterangan") are ignored without asking.
IGNORED = {"no", "no urut", "nomor", "nomor urut", "keterangan", "ket", "catatan", "urut"}


def header_key(text: object) -> str:
    """'No. NIK ' → 'no nik'; 'Desa/Kelurahan' → 'desa kelurahan'. For values (occupations, segments)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


# Headers are compared compacted (layouts.compact): case, spaces, underscores, punctuation and word joins aside.
_LOOKUP: dict[str, str] = {}
for _c in COLUMNS:
    for _s in (_c.key, _c.label, *_c.synonyms):
        _LOOKUP[compact(_s)] = _c.key
_LOOKUP["desa"] = "desa"
_IGNORED = {compact(h) for h in IGNORED}
_NIK_HEADERS = {h for h, key in _LOOKUP.items() if key == "nik"} | {
    h for layout in LAYOUTS for h, key in layout.fields.items() if key == "nik"
}


@dataclass
class HeaderMatch:
    columns: dict[str, int] = field(default_factory=dict)  # field key → column index
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)
    layout: Layout | None = None  # the recognised layout, if any
    needs_desa: bool = False  # no desa column: the desa is asked once for the whole file


def match_headers(headers: list[object], mapping: dict[str, str] | None = None) -> HeaderMatch:
    """Match the file's headers to fields; `mapping` (header → field key or "") overrides the guess.

    A file of a recognised layout has no unknown headers: what Lindung does not use is ignored, and a header
    repeated further along (DTKS repeats its name and NIK columns on every section) is the first one's copy.
    """
    mapping = mapping or {}
    layout = recognise(headers)
    own = layout.fields if layout else {}
    result = HeaderMatch(layout=layout)
    for index, raw in enumerate(headers):
        text = str(raw).strip() if raw is not None else ""
        if not text:
            continue
        if text in mapping:
            key = mapping[text]
        else:
            ckey = compact(text)
            # A layout may say that a header means nothing in its files ("" ), e.g. Kobo's _status.
            key = own[ckey] if ckey in own else _LOOKUP.get(ckey, "")
            if not key and layout is None and ckey not in _IGNORED:
                result.unknown.append(text)
                continue
        if not key:
            continue
        if key in result.columns:
            if layout is None:
                result.repeated.append(text)
            continue
        result.columns[key] = index
    for column in COLUMNS:
        if column.required and column.key not in result.columns:
            result.missing.append(column.label)
    if "desa" not in result.columns and "desa_code" not in result.columns:
        result.needs_desa = True
    return result


def score_header(row: list[object]) -> int:
    """How many cells of a row look like known headers (to find the header row below a title)."""
    return sum(
        1 for cell in row if cell is not None and ((c := compact(cell)) in _LOOKUP or c in LAYOUT_HEADERS)
    )


def has_nik_header(row: list[object]) -> bool:
    """Whether a row holds a NIK header: the sheet that carries people in a workbook of several."""
    return any(cell is not None and compact(cell) in _NIK_HEADERS for cell in row)
