"""Sentences that say why a pair was proposed, for the operator who decides it (Indonesian, via gettext)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext

from .engine import Registry
from .namecodes import COMMON_RARITY, NAME_CODES, NAME_LOSS
from .scoring import DATE_CODES, DESA_CODES, NIK_CODES, NIK_NOTES, Comparison


def _identity(text: str) -> str:
    return text


def _(text: str) -> str:
    """gettext, or the Indonesian original when the engine runs outside Django (benchmarks)."""
    return _translate(text)


_translate: Callable[[str], str] = gettext


def _word_change(a: str, b: str) -> str:
    """The words that differ between two spellings: "Moh. → Muhammad"."""
    words_a, words_b = a.split(), b.split()
    plain_a = {w.strip(",.").lower() for w in words_a}
    plain_b = {w.strip(",.").lower() for w in words_b}
    only_a = [w for w in words_a if w.strip(",.").lower() not in plain_b]
    only_b = [w for w in words_b if w.strip(",.").lower() not in plain_a]
    return f"{' '.join(only_a) or '—'} → {' '.join(only_b) or '—'}"


def _date(ordinal: int) -> str:
    return dt.date.fromordinal(int(ordinal)).strftime("%d-%m-%Y")


def explain(reg: Registry, i: int, j: int, cmp: Comparison, k: int) -> list[str]:
    """The reasons for pair k (rows i and j) of a comparison, strongest evidence first."""
    global _translate
    _translate = gettext if settings.configured else _identity
    reasons: list[str] = []
    nik = NIK_CODES[cmp.nik[k]]
    pos = int(cmp.nik_pos[k]) + 1
    if nik == "same":
        reasons.append(_("NIK sama"))
    elif nik == "one_digit":
        reasons.append(_("NIK beda satu digit (digit ke-%(pos)d)") % {"pos": pos})
    elif nik == "swap":
        reasons.append(
            _("dua digit NIK bertukar tempat (digit ke-%(pos)d dan ke-%(next)d)")
            % {"pos": pos, "next": pos + 1}
        )
    elif nik == "shift":
        reasons.append(
            _("NIK bergeser satu tempat mulai digit ke-%(pos)d (satu digit hilang atau dobel)") % {"pos": pos}
        )
    elif nik == "serial":
        reasons.append(
            _("NIK sama kecuali nomor urut (NIK terbit ulang, atau dua orang yang lahir pada hari yang sama)")
        )
    elif nik == "other":
        reasons.append(_("NIK berbeda"))
    note = NIK_NOTES[cmp.nik_note[k]]
    if note == "impossible":
        reasons.append(_impossible_nik(reg, i if not reg.nik_issuable[i] else j))
    elif note == "neighbours":
        reasons.append(_("nomor urut NIK berdekatan: bisa juga dua orang yang lahir pada hari yang sama"))
    elif note == "kk":
        reasons.append(_("NIK yang satu sama dengan nomor KK: nomor KK terketik sebagai NIK"))
    elif note == "untrusted":
        reasons.append(
            _("salah satu NIK tidak sesuai dengan tanggal lahir pemiliknya, jadi beda NIK kurang berarti")
        )
    a, b = reg.names[i], reg.names[j]
    name = NAME_CODES[cmp.name[k]]
    texts = {
        "same": _("nama sama"),
        "normalised": _("nama sama setelah dinormalkan (%(change)s)") % {"change": _word_change(a, b)},
        "skeleton": _("ejaan nama berbeda, bunyinya sama (%(a)s / %(b)s)") % {"a": a, "b": b},
        "compact": _("nama sama bila spasi diabaikan (%(a)s / %(b)s)") % {"a": a, "b": b},
        "core": _(
            'nama sama bila "Muhammad", gelar bangsawan (Kgs., Nyimas…), "br." dan "bin/binti …" diabaikan'
            " (%(a)s / %(b)s)"
        )
        % {"a": a, "b": b},
        "typo": _("nama mirip, kemungkinan salah ketik (%(a)s / %(b)s)") % {"a": a, "b": b},
        "similar": _("nama mirip, dua huruf berbeda (%(a)s / %(b)s)") % {"a": a, "b": b},
        "subset": _("nama yang satu memuat nama yang lain (%(a)s / %(b)s)") % {"a": a, "b": b},
        "close": _("nama agak mirip (%(a)s / %(b)s)") % {"a": a, "b": b},
        "word": _("sebagian nama sama, sebagian lain berbeda (%(a)s / %(b)s)") % {"a": a, "b": b},
        "different": _("nama berbeda"),
        "very_different": _("nama berbeda"),
    }
    reasons.append(texts[name])
    if name in NAME_LOSS and cmp.rarity[k] < COMMON_RARITY:
        count = int(max(reg.name_count[i], reg.name_count[j]))
        reasons.append(_("nama ini umum (%(n)d orang dengan nama yang sama)") % {"n": count})
    date = DATE_CODES[cmp.date[k]]
    if date == "same":
        reasons.append(_("tanggal lahir sama"))
    elif date == "near":
        reasons.append(
            _("tanggal lahir hampir sama (%(a)s / %(b)s)")
            % {"a": _date(reg.birth[i]), "b": _date(reg.birth[j])}
        )
    elif date == "nik":
        reasons.append(
            _("tanggal lahir berbeda (%(a)s / %(b)s), tetapi kedua NIK memuat tanggal yang sama")
            % {"a": _date(reg.birth[i]), "b": _date(reg.birth[j])}
        )
    elif date == "placeholder":
        reasons.append(
            _(
                "tanggal lahir berbeda (%(a)s / %(b)s), tetapi yang satu tanggal pengganti (hanya tahun diketahui)"
            )
            % {"a": _date(reg.birth[i]), "b": _date(reg.birth[j])}
        )
    elif date == "excel":
        reasons.append(
            _(
                "tanggal lahir berselisih tepat 1.462 hari (%(a)s / %(b)s): beda sistem tanggal spreadsheet 1900/1904"
            )
            % {"a": _date(reg.birth[i]), "b": _date(reg.birth[j])}
        )
    elif date == "other":
        reasons.append(_("tanggal lahir berbeda"))
    desa = DESA_CODES[cmp.desa[k]]
    if desa == "same":
        reasons.append(_("desa sama"))
    elif desa == "kecamatan":
        reasons.append(_("desa bertetangga/sekecamatan"))
    elif desa == "other":
        reasons.append(_("desa di kecamatan lain (mungkin pindah)"))
    if cmp.sex_differs[k]:
        reasons.append(_("jenis kelamin berbeda"))
    if cmp.kk_same[k]:
        reasons.append(_("nomor KK sama"))
    elif cmp.kk_differs[k]:
        reasons.append(_("nomor KK berbeda"))
    return reasons


def _impossible_nik(reg: Registry, row: int) -> str:
    """Why the NIK of `row` cannot have been issued, so that it is the mistyped one of the two."""
    nik = reg.niks[row]
    if nik.endswith("0000"):
        why = _("nomor urut 0000 tidak pernah dipakai")
    else:
        why = _("digit tanggal lahirnya (%(digits)s) bukan tanggal yang ada") % {"digits": nik[6:12]}
    return _("salah satu NIK tidak mungkin ada (%(why)s), jadi NIK itulah yang salah ketik") % {"why": why}
