"""The files regencies already have, recognised from their headers.

A village's OpenSID export, Disdukcapil's SIAK export, Kemenko PMK's P3KE "Individu" extract and the DTKS/
Regsosek member sheet are uploaded as their systems wrote them. Each layout names the headers that identify it
(all of them must be there), what its own headers hold when they mean something only in that layout (DTKS's
"405" is the sex), and how its status column tells a living resident from a dead, moved or missing one. The
columns a recognised layout has and Lindung does not use are ignored without asking.

Recognition runs once per file on the header row; nothing here runs per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from lindung.fieldwork import headers as odk_headers

from .cells import text


def compact(header: object) -> str:
    """A header with case, spaces, underscores, punctuation and word joins ignored: 'Tanggal Lahir',
    'tanggal_lahir' and 'tanggallahir' are all 'tanggallahir'."""
    return "".join(ch for ch in str(header).lower() if ch.isalnum() and ch.isascii())


@dataclass(frozen=True)
class Layout:
    key: str
    label: Any  # lazy translation
    identify: frozenset[str]  # compact headers that must all be present
    fields: dict[str, str] = field(default_factory=dict)  # compact header → field key, for this layout only
    alive: frozenset[str] = frozenset()  # header_key values of the status column meaning alive and resident
    status_names: dict[str, str] = field(default_factory=dict)  # a status code → its meaning, for messages
    kk_fill_down: bool = False  # the family's KK only on its first member's row


# The 43 columns OpenSID's "Ekspor Penduduk" writes, in its order ($daftar_kolom in Impor_model.php).
OPENSID_COLUMNS = (
    "alamat", "dusun", "rw", "rt", "nama", "no_kk", "nik", "sex", "tempatlahir", "tanggallahir", "agama_id",
    "pendidikan_kk_id", "pendidikan_sedang_id", "pekerjaan_id", "status_kawin", "kk_level", "warganegara_id",
    "ayah_nik", "nama_ayah", "ibu_nik", "nama_ibu", "golongan_darah_id", "akta_lahir", "dokumen_pasport",
    "tanggal_akhir_paspor", "dokumen_kitas", "akta_perkawinan", "tanggalperkawinan", "akta_perceraian",
    "tanggalperceraian", "cacat_id", "cara_kb_id", "hamil", "ktp_el", "status_rekam", "alamat_sekarang",
    "status_dasar", "suku", "tag_id_card", "id_asuransi", "no_asuransi", "lat", "lng",
)  # fmt: skip
# OpenSID's tweb_status_dasar. Its "Ekspor Penduduk Huruf" looks status_dasar up in another table
# (tweb_penduduk_status: 1 TETAP, 2 TIDAK TETAP), so there code 1 arrives as TETAP and code 2 (MATI) as TIDAK TETAP.
OPENSID_STATUS = {"1": "HIDUP", "2": "MATI", "3": "PINDAH", "4": "HILANG", "6": "PERGI", "9": "TIDAK VALID"}
DTKS_PRESENCE = {
    "1": "tinggal bersama keluarga",
    "2": "meninggal",
    "3": "pindah ke daerah lain",
    "4": "pindah ke luar negeri",
    "5": "anggota keluarga baru",
    "6": "tidak ditemukan",
}

OPENSID = Layout(
    "opensid",
    _("Ekspor Penduduk OpenSID"),
    frozenset({"alamat", "dusun", "rw", "rt", "nama", "nokk", "nik", "sex", "tanggallahir", "pekerjaanid"}),
    {"sex": "sex", "pekerjaanid": "occupation", "statusdasar": "status", "nama": "name", "alamat": "address"},
    alive=frozenset({"1", "hidup", "tetap"}),
    status_names={**OPENSID_STATUS, "tidak tetap": "MATI"},
)
SIAK = Layout(
    "siak",
    _("Ekspor SIAK Disdukcapil"),
    frozenset({"nomorkk", "nik", "namapenduduk", "status", "tanggallahir", "kelamin", "desakel", "shdk"}),
    {"status": "status", "namapenduduk": "name", "desakel": "desa"},
    alive=frozenset({"hidup"}),
)
P3KE = Layout(
    "p3ke",
    _("P3KE Individu (Kemenko PMK)"),
    frozenset({"idkeluargap3ke", "nik", "nama", "desilkesejahteraan", "tanggallahir"}),
    {
        "idindividu": "id_sumber",
        "kodekemdagri": "desa_code",
        "kodekemendagri": "desa_code",
        "desilkesejahteraan": "desil",
        "nama": "name",
    },
)
DTKS = Layout(
    "dtks",
    _("DTKS/Regsosek 2022, lembar anggota keluarga (OpenSID)"),
    frozenset({"402nama", "403nik"}),
    {
        "nokartukeluarga": "kk",
        "nokk": "kk",
        "402nama": "name",
        "403nik": "nik",
        "404": "status",
        "405": "sex",
        "406": "birth_date",
    },
    alive=frozenset({"1", "5"}),
    status_names=DTKS_PRESENCE,
    kk_fill_down=True,
)
# Submissions of Lindung's own XLSForm (lindung.fieldwork), exported by ODK Central or KoboToolbox.
ODK_CENTRAL = Layout(
    "odk_central",
    _("Ekspor ODK Central (formulir Lindung)"),
    frozenset({"submissiondate", "metainstanceid", "nik", "nama", "kodedesa"}),
    odk_headers.xml_fields(),
)
KOBO = Layout(
    "kobo",
    _("Ekspor KoboToolbox (formulir Lindung)"),
    frozenset({"uuid", "submissiontime", "nik", "nama", "kodedesa"}),
    odk_headers.xml_fields(),
)
KOBO_LABELS = Layout(
    "kobo_label",
    _("Ekspor KoboToolbox dengan label (formulir Lindung)"),
    frozenset(
        {
            "uuid",
            "submissiontime",
            *(odk_headers.compact(odk_headers.QUESTIONS[q][1]) for q in ("nik", "nama")),
        }
    ),
    odk_headers.label_fields(),
)
LAYOUTS = [OPENSID, SIAK, P3KE, DTKS, ODK_CENTRAL, KOBO, KOBO_LABELS]
BY_KEY = {layout.key: layout for layout in LAYOUTS}
# Every header that means something in some layout: used to find the header row below a title.
LAYOUT_HEADERS = {h for layout in LAYOUTS for h in layout.fields}
# A status column in a file of no known layout.
GENERAL_ALIVE = frozenset({"1", "hidup", "tetap", "aktif", "ada"})


def recognise(headers: Iterable[object]) -> Layout | None:
    keys = {compact(h) for h in headers if h is not None}
    for layout in LAYOUTS:
        if layout.identify <= keys:
            return layout
    return None


def layout_label(key: str) -> str:
    """The name shown to the user: 'Ekspor Penduduk OpenSID (kode)'."""
    base, _sep, variant = key.partition(":")
    layout = BY_KEY.get(base)
    if layout is None:
        return ""
    if variant == "huruf":
        return str(_("%(layout)s (huruf)") % {"layout": layout.label})
    if variant == "kode":
        return str(_("%(layout)s (kode)") % {"layout": layout.label})
    return str(layout.label)


def variant(layout: Layout, rows: list[tuple[int, list[Any]]], columns: dict[str, int]) -> str:
    """OpenSID writes the same headers with codes ("Ekspor Penduduk") or names ("… Huruf"): the first rows'
    sex cells tell which. Both are read either way; this only names the file correctly."""
    if layout is not OPENSID or "sex" not in columns:
        return layout.key
    at = columns["sex"]
    for _n, cells in rows[:50]:
        value = text(cells[at]) if at < len(cells) else ""
        if value:
            return f"{layout.key}:{'kode' if value.isdigit() else 'huruf'}"
    return layout.key
