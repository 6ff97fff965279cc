"""A birth date cell with every rule about it applied: readable, not in the future, not absurdly old, inside the
program's age range; and the NIK digits it implies. Worked out once per distinct text (see checker.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from .cells import CACHE_LIMIT, parse_date


class Birth(NamedTuple):
    """A birth date cell once every rule about it ran: the date (None if refused) and what is wrong with it."""

    date: dt.date | None
    problem: str | None  # unreadable, in the future, too long ago
    age_problem: str | None = None  # outside the program's age range (reported after the NIK's messages)
    iso: str = ""
    nik_l: str = ""  # digits 7–12 of the NIK of a man born that day
    nik_p: str = ""  # … and of a woman (day + 40)


class Births:
    """The birth date rules of one check: `get(cell)` is the Birth of a cell."""

    def __init__(self, *, today: dt.date, min_age: int, max_age: int) -> None:
        self.today = today
        self.min_age = min_age
        self.max_age = max_age
        self._births: dict[str, Birth] = {}
        self._birth_by_date: dict[dt.date, Birth] = {}

    def get(self, raw: Any) -> Birth:
        """The birth date cell with every rule about it applied, remembered per distinct text."""
        if type(raw) is str:
            born = self._births.get(raw)
            if born is None:
                born = self._parse(raw)
                if len(self._births) < CACHE_LIMIT:
                    self._births[raw] = born
            return born
        return self._parse(raw)

    def _parse(self, raw: Any) -> Birth:
        today = self.today
        birth, problem = parse_date(raw, today)
        if problem:
            return Birth(None, problem)
        if birth is None:
            return Birth(None, None)
        if birth > today:
            return Birth(None, _("Tanggal lahir tidak boleh di masa depan."))
        if birth.year < today.year - 120:
            return Birth(None, _("Tanggal lahir terlalu lama; periksa tahunnya."))
        born = self._birth_by_date.get(birth)
        if born is not None:
            return born
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        age_problem = None
        if not self.min_age <= age <= self.max_age:
            age_problem = _("Usia %(age)s tahun di luar batas program (%(min)s–%(max)s tahun).") % {
                "age": age,
                "min": self.min_age,
                "max": self.max_age,
            }
        # Digits 7–12 of the NIK of a man and of a woman born that day (women: day + 40).
        yy = birth.year % 100
        born = Birth(
            birth,
            None,
            age_problem,
            birth.isoformat(),
            f"{birth.day:02d}{birth.month:02d}{yy:02d}",
            f"{birth.day + 40:02d}{birth.month:02d}{yy:02d}",
        )
        if len(self._birth_by_date) < CACHE_LIMIT:
            self._birth_by_date[birth] = born
        return born
