"""Normalising Indonesian personal names for search and duplicate detection.

Lists spell the same person many ways: Muhammad / Muhamad / Moh. / M., old spelling (oe→u, dj→j, tj→c),
titles that come and go (H., Hj., S.Pd.). Two keys, of increasing looseness:

- `normalize_name` — the *name key* stored on every worker (`Worker.name_key`) and used by the list search:
  lower case ASCII, titles and degrees dropped, Muhammad variants as ``muhammad``, ``Abd.`` as ``abdul``,
  old spelling modernised, apostrophes dropped (Ma'ruf = Maruf). Two names with the same key are the same
  name for any reader.
- `name_skeleton` — a phonetic key for comparison only (never shown): spelling choices that Indonesians
  treat as the same sound collapse (doubled letters, final -h, y/i at the end, j/y, kh/h, dh/d, th/t, ph/f,
  v/f, q/k, z/s). "Fatimah"/"Fatima", "Rudy"/"Rudi", "Hasanuddin"/"Hasanudin", "Jusuf"/"Yusuf" share a skeleton.
  `compact_skeleton` also removes the spaces, so "Nurhayati" and "Nur Hayati" agree.
- `core_tokens` — the words that name the person, for comparison only: the skeletons without "Muhammad",
  without the noble and regional prefixes that lists keep or drop (Palembang's Raden, Kiagus/Kgs., Masagus/Mgs.,
  Kemas/Kms., Ki, Nyimas, Masayu, Nyayu, Cek; Minangkabau's Datuk/Dt., Sutan, Puti; Aceh's Teuku/T.,
  Teungku/Tgk., Cut; R.M., R.A.; the dentist's drg.), without the Batak "br."/"boru" before a marga, and without a
  "bin"/"binti" and the father's name after it. "Kgs. Rizal bin Usman" and "Rizal" share their core.

The name key stays the stored, searchable form; the core is computed at match time from it, so changing these
lists changes no stored data.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.translation import gettext

_TITLES = {
    "h", "hj", "haji", "hajjah", "hajah", "dr", "drs", "dra", "ir", "prof", "st", "sh", "se", "spd", "spdi",
    "sag", "sap", "skm", "ssos", "skom", "sip", "mh", "mm", "mpd", "msi", "amd", "amk", "ampd", "amdkeb",
    "amdkep", "skep", "sked", "ssi", "sp", "spt", "ssit", "shi", "sthi", "sei", "sik", "sst", "mkes",
    "ners", "bapak", "ibu", "bpk", "sdr", "sdri", "almarhum", "almarhumah", "alm", "almh", "tn", "ny", "nn",
}  # fmt: skip
_MUHAMMAD = {"muhammad", "muhamad", "mohammad", "mohamad", "mochammad", "mochamad", "muhammmad", "moh",
             "moch", "mhd", "muh", "mohd", "md", "m", "mochamat", "muhamat", "mohamat", "mokhamad",
             "mukhammad", "mukhamad", "muchammad", "muchamad"}  # fmt: skip
_ABBREVIATIONS = {"abd": "abdul"}
_OLD_SPELLING = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("nj", "ny"), ("ch", "kh")]
# "S.Pd", "A.Md.Keb": letters joined by dots with no space are one degree when the result is a known title.
_DOTTED = re.compile(r"\b[a-z]{1,2}(?:\.[a-z]{1,4})+\.?")


def _join_degree(match: re.Match[str]) -> str:
    joined = match.group(0).replace(".", "")
    return f" {joined} " if joined in _TITLES else match.group(0)


def normalize_name(name: str) -> str:
    """A comparable key: lower case, ASCII, no titles, old spelling modernised, Muhammad variants as 'muhammad'."""
    key = _normalize_once(name)
    # A rewrite can uncover another ("ddjj" → "djj" → "jj"); repeat until nothing changes so the key is stable.
    for _ in range(5):
        again = _normalize_once(key)
        if again == key:
            break
        key = again
    return key


def _modernise(word: str) -> str:
    previous = ""
    while previous != word:
        previous = word
        for old, new in _OLD_SPELLING:
            word = word.replace(old, new)
    return word


def _normalize_once(name: str) -> str:
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    # Titles after a comma ("Siti Aminah, S.Pd.") go first, then dotted degrees, then dotted abbreviations
    # become words.
    text = text.split(",")[0]
    text = re.sub(r"['`]", "", text)
    text = _DOTTED.sub(_join_degree, text)
    words = re.sub(r"[^a-z\s.]", " ", text).replace(".", ". ").split()
    kept: list[str] = []
    for raw in words:
        word = raw.rstrip(".")
        if not word or word in _TITLES:
            continue
        if word in _MUHAMMAD and (raw.endswith(".") or len(word) > 1 or not kept):
            kept.append("muhammad")
            continue
        word = _modernise(word)
        kept.append(_ABBREVIATIONS.get(word, word))
    return " ".join(kept)


_SOUNDS = [
    ("kh", "h"),
    ("dh", "d"),
    ("th", "t"),
    ("ph", "f"),
    ("sh", "sy"),
    ("v", "f"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("j", "y"),
    ("ie", "i"),
]
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=100_000)  # a registry holds a few thousand distinct words, each in many names
def _token_skeleton(token: str) -> str:
    for old, new in _SOUNDS:
        token = token.replace(old, new)
    token = _DOUBLE.sub(r"\1", token)
    if len(token) > 2 and token.endswith("h") and token[-2] in "aiueo":
        token = token[:-1]
    if len(token) > 1 and token.endswith("y"):
        token = token[:-1] + "i"
    return token


def name_skeleton(name_key: str) -> str:
    """A phonetic key of a name key (see the module docstring); words stay separated by one space."""
    return " ".join(_token_skeleton(t) for t in name_key.split())


def compact_skeleton(name_key: str) -> str:
    """The skeleton without spaces: "Nurhayati" and "Nur Hayati" agree."""
    return name_skeleton(name_key).replace(" ", "")


def name_tokens(name_key: str) -> list[str]:
    """The skeletons of the words of a name key, without the ubiquitous 'muhammad' (it tells people apart
    no better than a title does)."""
    return [t for t in name_skeleton(name_key).split() if t != "muhamad"]


# Prefixes that name a rank or a family line, not the person; lists write them or leave them out. Palembang's
# (Raden, Kiagus, Masagus, Kemas, Ki, Nyimas, Masayu, Nyayu, Cek), Minangkabau's (Datuk/Dt., Sutan, Puti),
# Aceh's (Teuku/T., Teungku/Tgk., Cut), Java's Raden written R., R.M. (Raden Mas), R.A. (Raden Ayu), and the
# dentist's "drg." that the list of degrees of `normalize_name` lacks (the stored key keeps it).
_NOBLE = {
    "raden", "rd", "r", "rm", "ra", "kiagus", "kgs", "masagus", "mgs", "kemas", "kms", "ki", "nyimas", "masayu",
    "nyayu", "cek", "datuk", "dt", "sutan", "puti", "teuku", "t", "teungku", "tgk", "cut", "drg",
}  # fmt: skip
# The second letter of "R.M." / "R.A." (read as two words, the M as Muhammad by the key) and the "Ayu"/"Mas" of
# "Raden Ayu", "Raden Mas": part of the title after a Raden.
_RADEN = {"raden", "rd", "r"}
_RADEN_SECOND = {"ayu", "mas", "a", "m", "muhammad"}
# "boru"/"br." only joins a Batak woman's given name to her marga.
_JOINERS = {"br", "boru"}
_PATRONYMIC = {"bin", "binti", "bt"}


def core_tokens(name_key: str, *, muhammad: str = "") -> list[str]:
    """The skeletons of the words that name the person (see the module docstring); never empty for a
    non-empty key: a name made only of such words keeps them. With `muhammad`, "Muhammad" stays as that
    word instead of going: "m", an initial, when words are matched one by one ("M. Idris" may be
    "Maimunah Idris": the key reads every "M." as Muhammad)."""
    words = name_key.split()
    for at, word in enumerate(words):
        if at > 0 and word in _PATRONYMIC:
            words = words[:at]
            break
    start = 0
    # "Raden Ayu" is one title; a prefix goes only while a name remains after it.
    while start < len(words) - 1 and (
        words[start] in _NOBLE or (words[start] in _RADEN_SECOND and start > 0 and words[start - 1] in _RADEN)
    ):
        start += 1
    kept = [w for w in words[start:] if w not in _JOINERS] or words[start:]
    skeleton = name_skeleton(" ".join(kept)).split()
    tokens = [muhammad if t == "muhamad" else t for t in skeleton if t != "muhamad" or muhammad]
    return tokens or skeleton


_NAME_MARKS = set(" '’.-")


def _degrees_only(text: str) -> bool:
    """True when `text` is nothing but titles and degrees (" S.Pd., M.Si."): what follows a comma in a name."""
    words = [w.replace(".", "") for w in re.split(r"[\s,]+", text.strip().lower()) if w.strip(".")]
    return bool(words) and all(w in _TITLES for w in words)


def name_characters_refused(name: str) -> list[str]:
    """The characters a person's name may not hold, in order of appearance: anything but letters (any script),
    spaces, apostrophes, dots and hyphens ("Nur'aini", "Moh. Ali", "Siti Al-Fatih"). A comma is a name's only
    when degrees alone follow it, as KTP and Dukcapil lists write them ("Siti Aminah, S.Pd.")."""
    head, comma, tail = name.partition(",")
    allowed_comma = bool(comma) and bool(head.strip()) and _degrees_only(tail)
    refused: list[str] = []
    for char in name:
        if char == "," and allowed_comma:
            continue
        if not (char.isalpha() or char in _NAME_MARKS) and char not in refused:
            refused.append(char)
    return refused


def name_problem(name: str) -> str | None:
    """Why `name` is not a person's name, in one Indonesian sentence; None when it is one. The one rule of the
    public form, field entry, worker edits, the API and every import row: markup, digits and symbols are refused,
    as is a name with no letter at all."""
    refused = name_characters_refused(name)
    if refused:
        return gettext(
            "Nama hanya boleh berisi huruf, spasi, tanda petik ('), titik, dan tanda hubung (-). Hapus: %(chars)s"
        ) % {"chars": " ".join(refused)}
    if not any(char.isalpha() for char in name):
        return gettext("Tulis nama dengan huruf, seperti di KTP.")
    return None
