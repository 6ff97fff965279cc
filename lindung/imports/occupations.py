"""What an occupation cell of an import means: the alias table first (the importing kabupaten's own aliases, then
the deployment's), then the catalogue's own names.

Both are loaded once per job into dicts (OccupationMatcher.__init__); Checker remembers the outcome per distinct
cell text, so a row costs one dict look-up. A value found nowhere is recorded as Lainnya, and the import counts
it by its text so that Admin Dinas can complete the alias table (/data-induk/padanan-pekerjaan/).

OpenSID's "Ekspor Penduduk" writes the code of one of Dukcapil's 89 occupations (pekerjaan_id), its "Huruf"
variant and SIAK the name: `outside_occupation` turns a code into its name first, so that messages and the
"fell to Lainnya" counts name the occupation, not a number.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db.models import F, Q
from django.utils.translation import gettext as _

from lindung.regions.models import Region
from lindung.workers.models import FlagKind, NotWorking, Occupation, OccupationAlias, alias_key

from .cells import is_blank, text
from .columns import header_key

FALLBACK = "lainnya"

# Dukcapil's occupation list as OpenSID numbers it (tweb_penduduk_pekerjaan, the same codes SIAK uses).
_NAMES = [
    "BELUM/TIDAK BEKERJA", "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA", "PENSIUNAN",
    "PEGAWAI NEGERI SIPIL (PNS)", "TENTARA NASIONAL INDONESIA (TNI)", "KEPOLISIAN RI (POLRI)",
    "PERDAGANGAN", "PETANI/PEKEBUN", "PETERNAK", "NELAYAN/PERIKANAN", "INDUSTRI", "KONSTRUKSI",
    "TRANSPORTASI", "KARYAWAN SWASTA", "KARYAWAN BUMN", "KARYAWAN BUMD", "KARYAWAN HONORER",
    "BURUH HARIAN LEPAS", "BURUH TANI/PERKEBUNAN", "BURUH NELAYAN/PERIKANAN", "BURUH PETERNAKAN",
    "PEMBANTU RUMAH TANGGA", "TUKANG CUKUR", "TUKANG LISTRIK", "TUKANG BATU", "TUKANG KAYU",
    "TUKANG SOL SEPATU", "TUKANG LAS/PANDAI BESI", "TUKANG JAHIT", "TUKANG GIGI", "PENATA RIAS",
    "PENATA BUSANA", "PENATA RAMBUT", "MEKANIK", "SENIMAN", "TABIB", "PARAJI", "PERANCANG BUSANA",
    "PENTERJEMAH", "IMAM MASJID", "PENDETA", "PASTOR", "WARTAWAN", "USTADZ/MUBALIGH", "JURU MASAK",
    "PROMOTOR ACARA", "ANGGOTA DPR-RI", "ANGGOTA DPD", "ANGGOTA BPK", "PRESIDEN", "WAKIL PRESIDEN",
    "ANGGOTA MAHKAMAH KONSTITUSI", "ANGGOTA KABINET KEMENTERIAN", "DUTA BESAR", "GUBERNUR",
    "WAKIL GUBERNUR", "BUPATI", "WAKIL BUPATI", "WALIKOTA", "WAKIL WALIKOTA", "ANGGOTA DPRD PROVINSI",
    "ANGGOTA DPRD KABUPATEN/KOTA", "DOSEN", "GURU", "PILOT", "PENGACARA", "NOTARIS", "ARSITEK",
    "AKUNTAN", "KONSULTAN", "DOKTER", "BIDAN", "PERAWAT", "APOTEKER", "PSIKIATER/PSIKOLOG",
    "PENYIAR TELEVISI", "PENYIAR RADIO", "PELAUT", "PENELITI", "SOPIR", "PIALANG", "PARANORMAL",
    "PEDAGANG", "PERANGKAT DESA", "KEPALA DESA", "BIARAWATI", "WIRASWASTA", "LAINNYA",
]  # fmt: skip
DUKCAPIL_OCCUPATIONS: dict[int, str] = dict(enumerate(_NAMES, start=1))


def outside_occupation(raw: Any) -> str:
    """The occupation a cell names, as its source system calls it: a Dukcapil code (1–89, as OpenSID's
    pekerjaan_id writes it) becomes its name, any other text stays as it is."""
    value = text(raw)
    if value.isdigit() and (name := DUKCAPIL_OCCUPATIONS.get(int(value))):
        return name
    return value


class OccupationOutcome(NamedTuple):
    occupation: int | None
    warning: str | None = None
    unmapped: str | None = None  # the text that fell to Lainnya
    flag: tuple[str, str] | None = None  # (FlagKind, detail) for the verifier
    error: str | None = None  # the row is refused: the occupation belongs to another kabupaten/kota


class OccupationMatcher:
    """Matches cells against the occupations of one kabupaten/kota's workers: the deployment's and its own.
    Another kabupaten's occupation (by name, code or an alias pointing at it) is never matched: it is an error,
    since the file meant an occupation that does not apply here."""

    def __init__(self, kabupaten: str) -> None:
        self.catalogue: dict[str, int] = {}
        # Another kabupaten's occupations, by key: (its name, that kabupaten's name), for the row's error.
        self.elsewhere: dict[str, tuple[str, str]] = {}
        self.kabupaten_name = (
            Region.objects.filter(code=kabupaten).values_list("name", flat=True).first() or ""
        )
        active = Occupation.objects.filter(active=True).values_list("id", "code", "name", "kabupaten_id")
        names = dict(Region.objects.filter(level=Region.Level.KABUPATEN).values_list("code", "name"))
        self.foreign: dict[int, tuple[str, str]] = {}
        for oid, code, name, owner in active:
            keys = (header_key(code), header_key(name), header_key(name.split("/")[0]))
            if owner is None or owner == kabupaten:
                self.catalogue.update(dict.fromkeys(keys, oid))
            else:
                self.foreign[oid] = (name, names.get(owner, owner))
                for key in keys:
                    self.elsewhere.setdefault(key, self.foreign[oid])
        fallback = Occupation.objects.filter(code=FALLBACK, kabupaten__isnull=True)
        self.other = fallback.values_list("id", flat=True).first()
        reasons = dict(NotWorking.choices)
        # The deployment's aliases, then this kabupaten's own over them: its own reading of a text wins here.
        # Another kabupaten's aliases are not read at all.
        aliases = OccupationAlias.objects.filter(Q(kabupaten__isnull=True) | Q(kabupaten_id=kabupaten))
        self.aliases: dict[str, tuple[int | None, str]] = {
            key: (occupation, str(reasons.get(reason, reason)) if reason else "")
            for key, occupation, reason in aliases.order_by(
                F("kabupaten_id").asc(nulls_first=True)
            ).values_list("key", "occupation_id", "not_working")
        }

    def match(self, raw: Any) -> OccupationOutcome:
        if is_blank(raw):
            return OccupationOutcome(None)
        written = text(raw)
        alias = self.aliases.get(alias_key(written))
        if alias is not None:
            occupation, reason = alias
            if occupation in self.foreign:
                return self._elsewhere(written, self.foreign[occupation])
            if not reason:
                return OccupationOutcome(occupation)
            return OccupationOutcome(
                occupation,
                _("Pekerjaan %(raw)s: %(reason)s, bukan pekerja; ditandai untuk diperiksa verifikator.")
                % {"raw": written, "reason": reason.lower()},
                flag=(
                    FlagKind.NOT_WORKING,
                    _("Pekerjaan di berkas impor: %(raw)s (%(reason)s).")
                    % {"raw": written, "reason": reason},
                ),
            )
        found = self.catalogue.get(header_key(written))
        if found is not None:
            return OccupationOutcome(found)
        elsewhere = self.elsewhere.get(header_key(written))
        if elsewhere is not None:
            return self._elsewhere(written, elsewhere)
        return OccupationOutcome(
            self.other,
            _("Pekerjaan %(raw)s tidak ada dalam daftar; dicatat sebagai Lainnya.") % {"raw": written},
            unmapped=written.upper(),
        )

    def _elsewhere(self, written: str, owner: tuple[str, str]) -> OccupationOutcome:
        return OccupationOutcome(
            None,
            error=_(
                "Pekerjaan %(raw)s adalah pekerjaan khusus %(owner)s (%(name)s); tidak berlaku untuk pekerja "
                "di %(here)s. Pilih pekerjaan dari daftar kabupaten/kota ini."
            )
            % {"raw": written, "owner": owner[1], "name": owner[0], "here": self.kabupaten_name},
        )
