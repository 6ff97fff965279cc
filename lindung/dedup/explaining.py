"""The pair page's account of a score: the match probability and what each field added, in words.

The score is a sum of log-odds (`scoring`): a start (most compared pairs are two people) plus one amount per
field. Each amount is said as words a reviewer can weigh ("sangat mendukung orang yang sama") and as how many
times likelier the observation is for one person than for two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .contacts import LEVELS
from .engine import Registry
from .scoring import DATE_CODES, DESA_CODES, NAME_CODES, NIK_CODES, PRIOR, compare

FIELDS = {
    "nik": gettext_lazy("NIK"),
    "name": gettext_lazy("Nama"),
    "date": gettext_lazy("Tanggal lahir"),
    "desa": gettext_lazy("Desa"),
    "sex": gettext_lazy("Jenis kelamin"),
    "kk": gettext_lazy("Nomor KK"),
    "phone": gettext_lazy("Nomor HP"),
    "address": gettext_lazy("Alamat"),
    "place": gettext_lazy("Tempat lahir"),
    "job": gettext_lazy("Pekerjaan"),
}
LEVEL_TEXT = {
    ("nik", "region_rare"): gettext_lazy(
        "NIK sama kecuali kode kecamatan, dengan nomor urut yang jarang dicapai satu kecamatan dalam sehari"
    ),
    ("nik", "region_common"): gettext_lazy(
        "NIK sama kecuali kode kecamatan, tetapi nomor urutnya umum: bisa dua orang yang lahir di hari yang sama"
    ),
    ("nik", "date_rare"): gettext_lazy("NIK sama kecuali digit tanggal lahir, dengan nomor urut yang jarang"),
    ("nik", "date_common"): gettext_lazy("NIK sama kecuali digit tanggal lahir; nomor urutnya umum"),
    ("nik", "serial_near"): gettext_lazy("NIK sama kecuali nomor urut yang berdekatan (seperti anak kembar)"),
    ("nik", "serial_far"): gettext_lazy("NIK sama kecuali nomor urut (NIK terbit ulang, atau dua orang)"),
    ("nik", "serial_only"): gettext_lazy("NIK berbeda; hanya nomor urutnya yang sama"),
    ("nik", "apart"): gettext_lazy("NIK berbeda"),
    ("nik", "retyped"): gettext_lazy(
        "NIK berbeda di tanggal lahir dan nomor urut, mengikuti tanggal pengganti (hanya tahun diketahui)"
    ),
    ("phone", "same"): gettext_lazy("nomor HP sama"),
    ("phone", "same_family"): gettext_lazy(
        "nomor HP sama, satu KK (satu keluarga sering memakai satu nomor)"
    ),
    ("phone", "same_common"): gettext_lazy("nomor HP sama, tetapi nomor ini dipakai banyak orang"),
    ("phone", "other"): gettext_lazy("nomor HP berbeda"),
    ("address", "same"): gettext_lazy("alamat sama"),
    ("address", "some"): gettext_lazy("alamat sebagian sama"),
    ("address", "none"): gettext_lazy("alamat berbeda"),
    ("address", "family"): gettext_lazy("satu KK: alamat yang sama sudah dengan sendirinya"),
    ("place", "same"): gettext_lazy("tempat lahir sama"),
    ("place", "near"): gettext_lazy("tempat lahir mirip (mungkin disingkat)"),
    ("place", "other"): gettext_lazy("tempat lahir berbeda"),
    ("job", "same"): gettext_lazy("pekerjaan sama"),
    ("job", "other"): gettext_lazy("pekerjaan berbeda"),
}
CODE_TEXT = {
    ("nik", "same"): gettext_lazy("NIK sama"),
    ("nik", "one_digit"): gettext_lazy("NIK beda satu digit"),
    ("nik", "swap"): gettext_lazy("dua digit NIK bertukar tempat"),
    ("nik", "shift"): gettext_lazy("NIK bergeser satu tempat"),
    ("nik", "other"): gettext_lazy("NIK berbeda"),
    ("nik", "missing"): gettext_lazy("NIK tidak dapat dibandingkan"),
    ("name", "same"): gettext_lazy("nama sama"),
    ("name", "normalised"): gettext_lazy("nama sama setelah dinormalkan"),
    ("name", "skeleton"): gettext_lazy("ejaan nama berbeda, bunyinya sama"),
    ("name", "compact"): gettext_lazy("nama sama bila spasi diabaikan"),
    ("name", "core"): gettext_lazy("nama inti sama"),
    ("name", "typo"): gettext_lazy("nama mirip, kemungkinan salah ketik"),
    ("name", "similar"): gettext_lazy("nama mirip, dua huruf berbeda (salah ketik di kedua data)"),
    ("name", "subset"): gettext_lazy("nama yang satu memuat nama yang lain"),
    ("name", "close"): gettext_lazy("nama agak mirip"),
    ("name", "word"): gettext_lazy("sebagian nama sama, sebagian lain berbeda"),
    ("name", "different"): gettext_lazy("nama berbeda"),
    ("name", "very_different"): gettext_lazy("nama berbeda"),
    ("date", "same"): gettext_lazy("tanggal lahir sama"),
    ("date", "near"): gettext_lazy("tanggal lahir hampir sama"),
    ("date", "nik"): gettext_lazy("tanggal lahir berbeda, tetapi kedua NIK memuat tanggal yang sama"),
    ("date", "other"): gettext_lazy("tanggal lahir berbeda"),
    ("date", "missing"): gettext_lazy("tanggal lahir kosong"),
    ("date", "placeholder"): gettext_lazy("yang satu tanggal pengganti (hanya tahun diketahui)"),
    ("date", "excel"): gettext_lazy("beda sistem tanggal spreadsheet 1900/1904"),
    ("desa", "same"): gettext_lazy("desa sama"),
    ("desa", "kecamatan"): gettext_lazy("desa lain di kecamatan yang sama"),
    ("desa", "other"): gettext_lazy("desa di kecamatan lain"),
    ("desa", "missing"): gettext_lazy("desa kosong"),
}


@dataclass
class Contribution:
    field: str
    label: str
    observed: str
    weight: float
    verdict: str

    @property
    def factor(self) -> str:
        """ "×20" / "÷20": how many times likelier (or less likely) for one person than for two."""
        times = math.exp(abs(self.weight))
        shown = f"{times:,.0f}" if times >= 10 else f"{times:.1f}"
        return ("×" if self.weight >= 0 else "÷") + shown.replace(",", ".")


def verdict(weight: float) -> str:
    if weight >= 4:
        return _("sangat mendukung orang yang sama")
    if weight >= 1.5:
        return _("mendukung orang yang sama")
    if weight >= 0.3:
        return _("sedikit mendukung orang yang sama")
    if weight > -0.3:
        return _("tidak berpengaruh")
    if weight > -1.5:
        return _("sedikit menunjukkan orang berbeda")
    if weight > -4:
        return _("menunjukkan orang berbeda")
    return _("sangat menunjukkan orang berbeda")


def contributions(reg: Registry, i: int, j: int) -> tuple[float, list[Contribution]]:
    """(match probability, what each field added) for rows i and j of a registry, largest first."""
    cmp = compare(reg, np.asarray([i]), np.asarray([j]))
    codes: dict[str, str] = {
        "nik": NIK_CODES[cmp.nik[0]],
        "name": NAME_CODES[cmp.name[0]],
        "date": DATE_CODES[cmp.date[0]],
        "desa": DESA_CODES[cmp.desa[0]],
    }
    out = []
    for name, weights in cmp.parts.items():
        w = float(weights[0])
        if name in LEVELS and cmp.contact[name][0] > 0:
            observed = str(LEVEL_TEXT[(name, LEVELS[name][cmp.contact[name][0]])])
        elif name in codes:
            observed = str(CODE_TEXT.get((name, codes[name]), codes[name]))
        elif name == "sex":
            observed = (
                _("jenis kelamin berbeda") if cmp.sex_differs[0] else _("jenis kelamin sama atau kosong")
            )
        elif name == "kk":
            observed = (
                _("nomor KK sama")
                if cmp.kk_same[0]
                else (_("nomor KK berbeda") if cmp.kk_differs[0] else _("nomor KK kosong"))
            )
        else:
            observed = _("kosong pada salah satu data")
        out.append(Contribution(name, str(FIELDS[name]), observed, w, verdict(w)))
    out.sort(key=lambda c: -abs(c.weight))
    return float(cmp.score[0]), out


def pair_explanation(a: Any, b: Any) -> dict[str, Any]:
    """For two workers: the probability, the start (PRIOR) and each field's contribution, as the pair page
    shows them. Frequencies (how common the name and the birth date are) are those of the registry."""
    from .services import _current_weights, _name_count, _registry_size, record_from

    records = [record_from(a), record_from(b)]
    counts = [max(_name_count(w.name_key or ""), 1) for w in (a, b)]
    reg = Registry.from_records(
        records, name_counts=counts, population=_registry_size(), weights=_current_weights()
    )
    probability, parts = contributions(reg, 0, 1)
    return {
        "probability": probability,
        "prior": PRIOR,
        "prior_factor": f"÷{math.exp(-PRIOR):,.0f}".replace(",", "."),
        "parts": [p for p in parts if abs(p.weight) >= 0.05],
        "silent": [p for p in parts if abs(p.weight) < 0.05],
    }
