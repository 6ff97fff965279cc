"""The English catalogue is complete: no message left empty or fuzzy, placeholders kept, and the compiled .mo is
the .po as it stands (a .po translated but not compiled would still show Indonesian on English pages)."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import lindung

CATALOGUE = Path(lindung.__file__).parent / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|\{[a-z_]+\}")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr")]

    def __str__(self) -> str:
        return f"django.po:{self.line} {self.msgid[:70]!r}"


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` ones left out), enough of the format for these checks."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            entry, key = (None, "") if not line else (entry, key)
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry.fields[key] += ast.literal_eval(line)
        else:
            key, _space, value = line.partition(" ")
            entry.fields[key] = ast.literal_eval(value)
    return [e for e in entries if "msgid" in e.fields]


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    found = read_po(CATALOGUE / "django.po")
    assert len(found) > 1000  # the reader found the catalogue's messages
    return found


def test_no_message_is_left_empty(entries: list[Entry]) -> None:
    empty = [str(e) for e in entries if e.msgid and not all(e.translations)]
    assert empty == []


def test_no_message_is_fuzzy(entries: list[Entry]) -> None:
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    assert fuzzy == []


def test_placeholders_are_kept(entries: list[Entry]) -> None:
    changed = []
    for e in entries:
        sources = [e.msgid, e.fields.get("msgid_plural", e.msgid)]
        for n, translation in enumerate(e.translations):
            source = sources[min(n, 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                changed.append(str(e))
    assert changed == []


def test_the_compiled_catalogue_is_the_po_as_it_stands(entries: list[Entry]) -> None:
    with (CATALOGUE / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    for e in entries:
        if not e.msgid:
            continue
        context = e.fields.get("msgctxt")
        if "msgid_plural" in e.fields:
            plural = e.fields["msgid_plural"]
            got = [
                compiled.npgettext(context, e.msgid, plural, n)
                if context
                else compiled.ngettext(e.msgid, plural, n)
                for n in (1, 2)
            ]
        else:
            got = [compiled.pgettext(context, e.msgid) if context else compiled.gettext(e.msgid)]
        if got != e.translations:
            stale.append(str(e))
    assert stale == [], "run: python manage.py compilemessages -l en"
