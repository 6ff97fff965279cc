"""Which desa a row names, by code or by name (with or without its kecamatan), among the uploader's kabupaten's,
and whether it lies in the uploader's area. Loaded once per check; each distinct combination of cells is looked up
once."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lindung.regions.models import Region
from lindung.regions.selectors import names_under

from .cells import CACHE_LIMIT, place_key, text


class Places:
    """The desa and kecamatan of one kabupaten; `desa(...)` is the code a row's cells name, or None and a message."""

    def __init__(self, *, kabupaten: Region, area: Region) -> None:
        self.kabupaten = kabupaten
        self.area = area
        # Current names and former ones (aliases: "Lawang Wetan" for 16.06.13 "Lawan Wetan"); a current name
        # wins over another region's former name.
        desa = names_under(kabupaten.code, Region.Level.DESA)
        kecamatan: dict[str, str] = {}
        kecamatan_keys: dict[str, list[tuple[str, bool]]] = {}
        for code, name, _p, former in names_under(kabupaten.code, Region.Level.KECAMATAN):
            if not former:
                kecamatan[code] = name
            kecamatan_keys.setdefault(code, []).append((place_key(name), former))
        self.desa_codes = {code for code, _n, _p, _f in desa}
        self.desa_names = {code: name for code, name, _p, former in desa if not former}
        self.kecamatan_names = kecamatan
        self.desa_by_name: dict[str, list[str]] = {}
        self.desa_by_kec: dict[tuple[str, str], str] = {}
        current_keys: set[str] = set()
        for code, name, parent, former in desa:
            key = place_key(name)
            codes = self.desa_by_name.setdefault(key, [])
            if not former:
                codes.append(code)
                current_keys.add(key)
            elif key not in current_keys and code not in codes:
                codes.append(code)
            for kec_key, kec_former in kecamatan_keys.get(parent or "", [("", False)]):
                if former or kec_former:
                    self.desa_by_kec.setdefault((kec_key, key), code)
                else:
                    self.desa_by_kec[(kec_key, key)] = code
        self._cache: dict[tuple[Any, Any, Any], tuple[str | None, str | None, str]] = {}

    def desa(self, raw_code: Any, raw_name: Any, raw_kec: Any, errors: list[tuple[str, str]]) -> str | None:
        # Keyed by the raw cells when they are text (or empty); other cell types go through text() first, so
        # that 1, 1.0 and True — equal as dict keys — are not taken for one another.
        if (
            (type(raw_code) is str or raw_code is None)
            and (type(raw_name) is str or raw_name is None)
            and (type(raw_kec) is str or raw_kec is None)
        ):
            key: tuple[Any, Any, Any] = (raw_code, raw_name, raw_kec)
        else:
            key = (text(raw_code), text(raw_name), text(raw_kec))
        cached = self._cache.get(key)
        if cached is None:
            typed_code = text(raw_code)
            found = self._find(typed_code, text(raw_name), text(raw_kec))
            cached = (*found, "desa_code" if typed_code else "desa")
            if len(self._cache) < CACHE_LIMIT:
                self._cache[key] = cached
        code, problem, column = cached
        if problem:
            errors.append((column, problem))
        return code

    def _find(self, raw_code: str, raw_name: str, raw_kec: str) -> tuple[str | None, str | None]:
        kab = self.kabupaten.name
        if raw_code:
            digits = "".join(ch for ch in raw_code if ch.isdigit())
            code = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}" if len(digits) == 10 else raw_code
            if code not in self.desa_codes:
                return None, _("Kode desa %(code)s tidak ada di %(kab)s.") % {"code": raw_code, "kab": kab}
        elif raw_name:
            codes = self.desa_by_name.get(place_key(raw_name), [])
            if raw_kec:
                exact = self.desa_by_kec.get((place_key(raw_kec), place_key(raw_name)))
                if exact is None:
                    return None, _("%(desa)s tidak ada di Kecamatan %(kec)s, %(kab)s.") % {
                        "desa": _desa_label(raw_name),
                        "kec": raw_kec,
                        "kab": kab,
                    }
                codes = [exact]
            if not codes:
                return None, _("%(desa)s tidak ada di %(kab)s.") % {
                    "desa": _desa_label(raw_name),
                    "kab": kab,
                }
            if len(codes) > 1:
                places = ", ".join(sorted(self.kecamatan_names.get(c[:8], c[:8]) for c in codes))
                return None, _(
                    "Nama desa %(desa)s ada di beberapa kecamatan (%(places)s); isi kolom Kecamatan atau Kode Desa."
                ) % {"desa": raw_name, "places": places}
            code = codes[0]
        else:
            return None, _("Desa/kelurahan wajib diisi.")
        if not (code == self.area.code or code.startswith(self.area.code + ".")):
            return None, _("Desa %(desa)s di luar wilayah kerja Anda (%(area)s).") % {
                "desa": self.desa_names.get(code, code),
                "area": self.area.name,
            }
        return code, None


def _desa_label(typed: str) -> str:
    """A desa as a message names it: "Desa/kelurahan X", or as typed if the cell already says "Desa X"."""
    first = typed.split(" ", 1)[0].rstrip(".").lower()
    return (
        typed
        if first in ("desa", "ds", "kelurahan", "kel")
        else _("Desa/kelurahan %(desa)s") % {"desa": typed}
    )
