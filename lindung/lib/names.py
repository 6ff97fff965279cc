"""Normalising Indonesian personal names for search and duplicate detection.

Lists spell the same person many ways: Muhammad / Muhamad / Moh. / M., old spelling (oe→u, dj→j, tj→c),
titles that come and go (H., Hj., S.Pd.). The key keeps what identifies a person and drops the rest.
"""

from __future__ import annotations

import re
import unicodedata

_TITLES = {
    "h", "hj", "haji", "hajjah", "dr", "drs", "dra", "ir", "prof", "st", "sh", "se", "spd", "sag", "sap",
    "skm", "ssos", "skom", "sip", "sh", "mh", "mm", "mpd", "msi", "amd", "amk", "ners", "bapak", "ibu",
    "bpk", "sdr", "sdri", "almarhum", "alm", "almh",
}
_MUHAMMAD = {"muhammad", "muhamad", "mohammad", "mohamad", "mochammad", "mochamad", "muhammmad", "moh",
             "moch", "mhd", "muh", "mohd", "md", "m"}
_OLD_SPELLING = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh")]


def normalize_name(name: str) -> str:
    """A comparable key: lower case, ASCII, no titles, old spelling modernised, Muhammad variants as 'muhammad'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    # Titles after a comma ("Siti Aminah, S.Pd.") go first, then dotted abbreviations become words.
    text = text.split(",")[0]
    words = re.sub(r"[^a-z\s.]", " ", text).replace(".", ". ").split()
    kept: list[str] = []
    for raw in words:
        word = raw.rstrip(".")
        if not word or word in _TITLES:
            continue
        if word in _MUHAMMAD and (raw.endswith(".") or len(word) > 1 or not kept):
            kept.append("muhammad")
            continue
        for old, new in _OLD_SPELLING:
            word = word.replace(old, new)
        kept.append(word)
    return " ".join(kept)
