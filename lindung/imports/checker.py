"""Check every row of an import against the registry's rules, a chunk at a time.

The rules are those of `lindung.workers.forms.WorkerForm` (NIK structure and region, birth date and sex agreeing
with the NIK, no. KK, name, dates neither in the future nor absurdly old, segment and OPD) plus the program's age
range and the uploader's area: every rule about a row on its own. What depends on other rows and on the registry
(duplicates inside the file, NIKs already registered, probable duplicates) is registry.Classifier's. Nothing here
calls a form or a query per row: the regions, occupations and OPD are loaded once.

A P3KE extract can have a million rows, so the per-row path is written for speed (about 10 µs a row): a cell's
outcome (a birth date, a sex, a desa, an occupation: values that repeat from row to row) is worked out once per
distinct text and kept in a bounded dict, and the common shapes (16 digits, a plain phone number) skip the
general parsers. Every rule still runs for every row; the cached outcome is the one the rule gave.

The birth date rules live in births.py, the desa lookup in places.py, what a row's check gives in
results.py.
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from lindung.accounts.models import Agency
from lindung.lib.names import name_problem
from lindung.lib.nik import check_kk, check_nik, clean_digits
from lindung.regions.models import Region
from lindung.workers.models import FlagKind, Segment, Source

from .births import Birth, Births
from .cells import CACHE_LIMIT, compose_address, is_blank, name_key, parse_int, parse_phone, parse_sex, text
from .columns import header_key
from .layouts import GENERAL_ALIVE, Layout
from .occupations import OccupationMatcher, OccupationOutcome, outside_occupation
from .places import Places
from .results import INACTIVE, INVALID, REFUSED_MISMATCH, REJECTED, RowResult

# header_key of the review cells: rejected, and marked with issues (imported with a flag).
REVIEW_REJECTED = {"rejected", "validation status not approved", "not approved", "tidak disetujui"}
REVIEW_ISSUES = {"hasissues", "has issues", "validation status on hold", "on hold", "ditunda"}
SEGMENTS = {
    "rentan": Segment.RENTAN, "pekerja rentan": Segment.RENTAN, "bpu": Segment.RENTAN,
    "non asn": Segment.NON_ASN, "nonasn": Segment.NON_ASN, "non_asn": Segment.NON_ASN,
    "honorer": Segment.NON_ASN, "ptt": Segment.NON_ASN, "tenaga non asn": Segment.NON_ASN,
}  # fmt: skip
INT_MAX = 2_147_483_647
# What P3KE writes in "Padan Dukcapil" for a row matched with Dukcapil's records (header_key of the cell).
MATCHED = {"ya", "y", "padan", "sudah padan", "padan dukcapil", "1", "true", "sesuai"}
# The fields check_row reads, in the order it unpacks them.
ROW_FIELDS = (
    "id_sumber", "nik", "kk", "name", "birth_place", "birth_date", "sex", "address", "kecamatan", "desa",
    "desa_code", "phone", "occupation", "income", "segment", "agency", "desil", "dusun", "rt", "rw", "status",
)  # fmt: skip


class Checker:
    """Holds what every row is checked against; `check(chunk)` classifies a chunk of rows."""

    def __init__(
        self,
        *,
        kabupaten: Region,
        area: Region,
        columns: dict[str, int],
        source: str,
        file_name: str,
        agency: Agency | None = None,
        today: dt.date | None = None,
        accept_nik_mismatch: bool = False,
        desa_for_all: str | None = None,
        layout: Layout | None = None,
    ) -> None:
        self.kabupaten = kabupaten
        self.area = area
        self.columns = columns
        self.source = source
        self.file_name = file_name
        self.forced_agency = agency
        self.births = Births(
            today=today or dt.date.today(),
            min_age=int(getattr(settings, "MIN_AGE", 18)),
            max_age=int(getattr(settings, "MAX_AGE", 65)),
        )
        # One query: every province, kabupaten and kecamatan code (for the NIK), a few thousand rows at most.
        self.regions = set(Region.objects.exclude(level=Region.Level.DESA).values_list("code", flat=True))
        self.region_digits = {c.replace(".", "") for c in self.regions}
        self.places = Places(kabupaten=kabupaten, area=area)
        self.occupations = OccupationMatcher(kabupaten.code)
        # A NIK whose birth date or sex disagrees with the row: Dukcapil's own records (a SIAK file, a P3KE row
        # "Padan Dukcapil") and, where the operator chose so, any row come in flagged instead of refused.
        self.accept_nik_mismatch = accept_nik_mismatch or source == Source.DUKCAPIL
        self._dukcapil_match = columns.get("dukcapil_match")
        self.agencies: dict[str, int] = {}
        for aid, code, aname in Agency.objects.filter(kabupaten=kabupaten).values_list("id", "code", "name"):
            self.agencies[header_key(code)] = aid
            self.agencies[header_key(aname)] = aid
        # Where each field sits in a row; a field the file lacks reads the None that check_row appends (-1).
        self._width = max(columns.values(), default=0) + 1
        self._pad = [None] * (self._width + 1)
        self._fields = itemgetter(*(columns.get(key, -1) for key in ROW_FIELDS))  # one C call per row
        # A NIK's first six digits name a kecamatan whose kabupaten and province are known too.
        self._nik_regions = {
            d
            for d in self.region_digits
            if len(d) == 6 and d[:4] in self.region_digits and d[:2] in self.region_digits
        }
        # Kabupaten/kota loaded without their kecamatan (the rest of the country): any kecamatan digits pass.
        self.kecamatan_listed = {c[:5] for c in self.regions if c.count(".") == 2}
        listed_digits = {c.replace(".", "") for c in self.kecamatan_listed}
        self._nik_kabupaten_only = {
            d
            for d in self.region_digits
            if len(d) == 4 and d[:2] in self.region_digits and d not in listed_digits
        }
        self._sexes: dict[str, tuple[str | None, str | None]] = {}
        self._occupation_cache: dict[str, OccupationOutcome] = {}
        self._default_segment = self._segment(None, None, [])
        # The desa of every row of a file without a desa column, chosen once by the uploader (the engine refuses
        # a desa outside the uploader's area before any row is checked).
        self.fixed_desa: str | None = None
        no_desa_column = "desa" not in columns and "desa_code" not in columns
        chosen = desa_for_all or ""
        in_area = chosen == area.code or chosen.startswith(area.code + ".")
        if no_desa_column and in_area and chosen in self.places.desa_codes:
            self.fixed_desa = chosen
        self._has_address_parts = any(key in columns for key in ("dusun", "rt", "rw"))
        self._alive = layout.alive if layout is not None and layout.alive else GENERAL_ALIVE
        self._status_names = layout.status_names if layout is not None else {}
        self._statuses: dict[str, str | None] = {}
        # Field-collection exports only: the reviewer's verdict and who sent the submission.
        self._review_at = columns.get("review")
        self._enumerator_at = [
            at for key in ("enumerator", "enumerator_device") if (at := columns.get(key)) is not None
        ]

    # -- one row -------------------------------------------------------------------------------------
    def check_row(self, row_no: int, cells: list[Any]) -> RowResult:
        result = RowResult(row_no, cells)
        errors = result.errors
        # Padded so that every field's index is in range and index -1 (a column the file lacks) is None.
        row = cells + self._pad if len(cells) < self._width else [*cells, None]
        (
            raw_ref, raw_nik, raw_kk, raw_name, raw_birth_place, raw_birth, raw_sex, raw_address, raw_kec, raw_desa,
            raw_desa_code, raw_phone, raw_occupation, raw_income, raw_segment, raw_agency, raw_desil,
            raw_dusun, raw_rt, raw_rw, raw_status,
        ) = self._fields(row)  # fmt: skip
        review_issue = None
        if self._review_at is not None and (verdict := text(row[self._review_at])):
            review = header_key(verdict)
            if review in REVIEW_REJECTED:
                result.kind = REJECTED
                errors.append(
                    (
                        "review",
                        _(
                            "Pengiriman ini ditolak peninjau di server formulir lapangan (%(state)s); "
                            "tidak diimpor. Perbaiki dan setujui di server itu bila datanya benar, lalu ekspor lagi."
                        )
                        % {"state": verdict},
                    )
                )
                return result
            if review in REVIEW_ISSUES:
                review_issue = _(
                    "Peninjau di server formulir lapangan menandai pengiriman ini bermasalah (%(state)s); "
                    "periksa datanya sebelum disetujui."
                ) % {"state": verdict}

        name = text(raw_name)
        key = ""
        if len(name) < 2:
            errors.append(("name", _("Nama wajib diisi.") if not name else _("Nama terlalu pendek.")))
        elif len(name) > 100:
            errors.append(("name", _("Nama terlalu panjang (maksimal 100 huruf).")))
        elif problem := name_problem(name):  # the public form's rule: no markup, digits or symbols
            errors.append(("name", problem))
        else:
            key = name_key(name)
            if not key:  # "Hj", "Ir.", digits: nothing of a name is left to find the person by
                errors.append(
                    (
                        "name",
                        _("Nama %(name)s tidak berisi nama orang (hanya gelar, angka, atau tanda baca).")
                        % {"name": name},
                    )
                )

        born = self.births.get(raw_birth)
        birth = born.date
        if born.problem:
            errors.append(("birth_date", born.problem))
        if type(raw_sex) is str:
            outcome = self._sexes.get(raw_sex)
            if outcome is None:
                outcome = parse_sex(raw_sex)
                if len(self._sexes) < CACHE_LIMIT:
                    self._sexes[raw_sex] = outcome
            sex, problem = outcome
        else:
            sex, problem = parse_sex(raw_sex)
        if problem:
            errors.append(("sex", problem))

        nik = self._check_nik(result, raw_nik, born, sex)
        if born.age_problem:
            errors.append(("birth_date", born.age_problem))

        kk = ""
        if type(raw_kk) is str and len(raw_kk) == 16 and raw_kk.isdigit():
            kk = raw_kk
        elif not is_blank(raw_kk):
            kk, problem = check_kk(raw_kk)
            if problem:
                errors.append(("kk", problem))

        desa = self.fixed_desa or self.places.desa(raw_desa_code, raw_desa, raw_kec, errors)
        occupation = self._occupation(raw_occupation, result)
        if raw_segment is None and raw_agency is None:  # the file has neither column
            segment, agency = self._default_segment
        else:
            segment, agency = self._segment(raw_segment, raw_agency, errors)

        income, problem = parse_int(raw_income, "Penghasilan")
        if problem:
            errors.append(("income", problem))
        elif income is not None and income > INT_MAX:
            errors.append(("income", _("Penghasilan terlalu besar; periksa angkanya.")))
        desil, problem = parse_int(raw_desil, "Desil")
        if problem and type(raw_desil) is str and raw_desil.lower().startswith("desil"):  # "Desil 1"
            desil, problem = parse_int(raw_desil[5:], "Desil")
        if problem:
            errors.append(("desil", problem))
        elif desil is not None and not 1 <= desil <= 10:
            errors.append(("desil", _("Desil harus antara 1 dan 10.")))
        phone, problem = parse_phone(raw_phone)
        if problem:
            errors.append(("phone", problem))
        birth_place = text(raw_birth_place)
        if len(birth_place) > 60:
            errors.append(("birth_place", _("Tempat lahir terlalu panjang (maksimal 60 huruf).")))
        address = text(raw_address)
        if address == "-":  # OpenSID's empty
            address = ""
        if self._has_address_parts:
            address = compose_address(address, raw_dusun, raw_rt, raw_rw)
        if len(address) > 200:
            errors.append(("address", _("Alamat terlalu panjang (maksimal 200 huruf).")))
        ref = text(raw_ref)
        if len(ref) > 64:
            errors.append(("id_sumber", _("ID sumber terlalu panjang (maksimal 64 huruf).")))
        if not ref:
            suffix = f"#{row_no}"
            ref = self.file_name[: 64 - len(suffix)] + suffix

        if raw_status is not None and (gone := self._status(raw_status)):
            # Whatever else the row has wrong does not matter: the person is not a new worker.
            result.kind = INACTIVE
            errors[:] = [("status", gone)]
            result.warnings.clear()
            result.flags = result.unmapped = None
            return result
        if errors or nik is None or birth is None or desa is None:
            result.kind = INVALID
            return result
        # Every value as the text the staged CSV holds (None as ""): see engine._write_staged.
        result.staged = [
            nik, kk, name, key, birth_place, born.iso, sex, address, desa, desa[:8], desa[:5], phone,
            "" if occupation is None else str(occupation), "" if income is None else str(income), segment,
            "" if agency is None else str(agency), self.source, ref, "" if desil is None else str(desil),
        ]  # fmt: skip
        if review_issue:
            result.flags = [*(result.flags or []), (FlagKind.REVIEW, review_issue)]
        for at in self._enumerator_at:
            if who := text(row[at])[:100]:
                result.enumerator = who
                break
        return result

    def _status(self, raw: Any) -> str | None:
        """Why a row's person is not a new worker (dead, moved, missing), or None if alive or not stated."""
        value = text(raw)
        gone = self._statuses.get(value, "")
        if gone == "":
            status = header_key(value)
            gone = None
            if status and status not in self._alive:
                meaning = self._status_names.get(status)
                gone = _(
                    "Status penduduk di sumber data: %(status)s. Hanya penduduk yang hidup dan menetap diimpor "
                    "sebagai pekerja baru."
                ) % {"status": f"{value} ({meaning})" if meaning and meaning != value else value}
            if len(self._statuses) < CACHE_LIMIT:
                self._statuses[value] = gone
        return gone

    def _check_nik(self, result: RowResult, raw: Any, born: Birth, sex: str | None) -> str | None:
        """The NIK if it passes every rule. The common case (16 digits that agree) never builds a message."""
        if type(raw) is str and len(raw) == 16 and raw.isdigit():
            digits = raw
        else:
            digits, problem = clean_digits(raw)
            if problem or len(digits) != 16:
                digits = ""
        birth = born.date
        if digits and birth is not None and sex is not None:
            expected = born.nik_p if sex == "P" else born.nik_l
            if (
                digits[6:12] == expected
                and (digits[:6] in self._nik_regions or digits[:4] in self._nik_kabupaten_only)
                and digits[12:] != "0000"
            ):
                result.nik = digits
                return digits
        # Slow path: something is off (or unknown kecamatan); let the shared rules say exactly what.
        typed = text(raw)
        if len(typed) == 16 and typed.isdigit() and typed[0] == "0":
            # No province code starts with 0: OpenSID numbers a resident without a NIK 0 + desa code + serial.
            result.errors.append(("nik", _("NIK sementara dari OpenSID; minta NIK dari Disdukcapil.")))
            return None
        outcome = check_nik(
            raw,
            birth_date=birth,
            sex=sex,
            known_regions=self.regions,
            kecamatan_listed=self.kecamatan_listed,
            tolerate_mismatch=True,
        )
        for message in outcome.errors:
            result.errors.append(("nik", message))
        result.warnings.extend(outcome.warnings)
        if outcome.mismatches:
            found = " ".join(outcome.mismatches)
            if self.accept_nik_mismatch or self._is_dukcapil_record(result.cells):
                result.warnings.append(
                    found + " " + _("Diterima dengan tanda: verifikator memastikan yang benar dari KTP/KK.")
                )
                result.flags = [*(result.flags or []), (FlagKind.NIK_BIRTH, found[:300])]
            else:
                result.errors.extend(("nik", m) for m in outcome.mismatches)
                # Counted for the preview, which then offers to accept such rows with a flag.
                result.flags = [*(result.flags or []), (REFUSED_MISMATCH, "")]
                return None
        if outcome.ok:
            result.nik = outcome.nik
            return outcome.nik
        return None

    def _is_dukcapil_record(self, cells: list[Any]) -> bool:
        """A P3KE row marked "Padan Dukcapil": its identity is Dukcapil's own record."""
        index = self._dukcapil_match
        if index is None or index >= len(cells):
            return False
        return header_key(text(cells[index])) in MATCHED

    def _occupation(self, raw: Any, result: RowResult) -> int | None:
        """The occupation's id; one not in the alias table nor the catalogue is recorded as Lainnya, with a
        warning, and one that says the person does not work raises a flag for the verifier."""
        if type(raw) is str:
            cached = self._occupation_cache.get(raw)
            if cached is None:
                cached = self.occupations.match(outside_occupation(raw))
                if len(self._occupation_cache) < CACHE_LIMIT:
                    self._occupation_cache[raw] = cached
        else:
            cached = self.occupations.match(outside_occupation(raw))
        if cached.error:
            result.errors.append(("occupation", cached.error))
        elif cached.warning:
            result.warnings.append(cached.warning)
            if cached.flag:
                result.flags = [*(result.flags or []), cached.flag]
            else:
                result.unmapped = cached.unmapped
        return cached.occupation

    def _segment(self, raw: Any, raw_agency: Any, errors: list[tuple[str, str]]) -> tuple[str, int | None]:
        forced = self.forced_agency
        if is_blank(raw):
            segment = Segment.NON_ASN if forced or not is_blank(raw_agency) else Segment.RENTAN
        else:
            found = SEGMENTS.get(header_key(text(raw)))
            if found is None:
                errors.append(
                    ("segment", _("Segmen %(raw)s tidak dikenal; isi rentan atau non-ASN.") % {"raw": raw})
                )
                return Segment.RENTAN, None
            segment = found
        if forced is not None:
            if segment != Segment.NON_ASN:
                errors.append(("segment", _("Operator OPD hanya dapat mengimpor pekerja non-ASN.")))
            if not is_blank(raw_agency) and self.agencies.get(header_key(text(raw_agency))) != forced.pk:
                errors.append(
                    (
                        "agency",
                        _("OPD %(raw)s bukan OPD Anda (%(own)s).") % {"raw": raw_agency, "own": forced.name},
                    )
                )
            return str(segment), forced.pk
        if segment == Segment.RENTAN:
            return str(segment), None
        if is_blank(raw_agency):
            errors.append(("agency", _("Pekerja non-ASN harus dicatat OPD tempatnya bekerja.")))
            return str(segment), None
        agency = self.agencies.get(header_key(text(raw_agency)))
        if agency is None:
            errors.append(
                (
                    "agency",
                    _("OPD %(raw)s tidak dikenal di %(kab)s.")
                    % {"raw": raw_agency, "kab": self.kabupaten.name},
                )
            )
        return str(segment), agency

    # -- one chunk -----------------------------------------------------------------------------------
    def check_rows(self, chunk: list[tuple[int, list[Any]]]) -> list[RowResult]:
        """Every rule about each row on its own: no database, no other row (parallel.py runs it in a child).
        What depends on the registry and on earlier rows follows in registry.Classifier."""
        check_row = self.check_row
        return [check_row(row_no, cells) for row_no, cells in chunk if not _empty(cells)]


def _empty(cells: list[Any]) -> bool:
    if cells and type(cells[0]) is str and cells[0].strip():  # the usual row: its first cell says enough
        return False
    return all(is_blank(c) for c in cells)
