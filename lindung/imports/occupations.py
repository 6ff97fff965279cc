"""What an occupation cell of an import means: the alias table first, then the catalogue's own names.

Both are loaded once per job into dicts (OccupationMatcher.__init__); Checker remembers the outcome per distinct
cell text, so a row costs one dict look-up. A value found nowhere is recorded as Lainnya, and the import counts
it by its text so that Admin Dinas can complete the alias table (/data-induk/padanan-pekerjaan/).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from lindung.workers.models import FlagKind, NotWorking, Occupation, OccupationAlias, alias_key

from .cells import is_blank, text
from .columns import header_key

FALLBACK = "lainnya"


class OccupationOutcome(NamedTuple):
    occupation: int | None
    warning: str | None = None
    unmapped: str | None = None  # the text that fell to Lainnya
    flag: tuple[str, str] | None = None  # (FlagKind, detail) for the verifier


class OccupationMatcher:
    def __init__(self) -> None:
        self.catalogue: dict[str, int] = {}
        for oid, code, name in Occupation.objects.filter(active=True).values_list("id", "code", "name"):
            self.catalogue[header_key(code)] = oid
            self.catalogue[header_key(name)] = oid
            self.catalogue[header_key(name.split("/")[0])] = oid
        self.other = Occupation.objects.filter(code=FALLBACK).values_list("id", flat=True).first()
        reasons = dict(NotWorking.choices)
        self.aliases: dict[str, tuple[int | None, str]] = {
            key: (occupation, str(reasons.get(reason, reason)) if reason else "")
            for key, occupation, reason in OccupationAlias.objects.values_list(
                "key", "occupation_id", "not_working"
            )
        }

    def match(self, raw: Any) -> OccupationOutcome:
        if is_blank(raw):
            return OccupationOutcome(None)
        written = text(raw)
        alias = self.aliases.get(alias_key(written))
        if alias is not None:
            occupation, reason = alias
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
        return OccupationOutcome(
            self.other,
            _("Pekerjaan %(raw)s tidak ada dalam daftar; dicatat sebagai Lainnya.") % {"raw": written},
            unmapped=written.upper(),
        )
