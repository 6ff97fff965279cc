"""When a scheduled job is due: "daily HH:MM", "every N minutes", "yearly MM-DD HH:MM" or "off", local time.

Only the next run after a moment is ever computed, never the runs in between: a job whose server was down for
three days runs once when it comes back, then keeps its times.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Spec:
    kind: str  # daily | every | yearly | off
    minutes: int = 0
    month: int = 1
    day: int = 1
    at: dt.time = dt.time(0, 0)


_DAILY = re.compile(r"^daily (\d{1,2}):(\d{2})$")
_EVERY = re.compile(r"^every (\d+) minutes?$")
_YEARLY = re.compile(r"^yearly (\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2})$")


def parse_spec(text: str) -> Spec:
    """The spec, or ValueError naming what is wrong (settings turn it into a start-up error)."""
    value = " ".join(text.lower().split())
    try:
        if value in ("off", "never", "nonaktif"):
            return Spec("off")
        if m := _DAILY.match(value):
            return Spec("daily", at=dt.time(int(m[1]), int(m[2])))
        if m := _EVERY.match(value):
            if int(m[1]) < 1:
                raise ValueError("at least 1 minute")
            return Spec("every", minutes=int(m[1]))
        if m := _YEARLY.match(value):
            dt.date(2001, int(m[1]), int(m[2]))  # a real day of a year that is not a leap year
            return Spec("yearly", month=int(m[1]), day=int(m[2]), at=dt.time(int(m[3]), int(m[4])))
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
    raise ValueError(f"{text!r} is not 'daily HH:MM', 'every N minutes', 'yearly MM-DD HH:MM' or 'off'")


def next_after(spec: Spec, now: dt.datetime, zone: str) -> dt.datetime | None:
    """The first run strictly after `now` (aware), or None for a job that is off."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    if spec.kind == "off":
        return None
    if spec.kind == "every":
        return now + dt.timedelta(minutes=spec.minutes)
    if spec.kind == "daily":
        candidate = dt.datetime.combine(local.date(), spec.at, tzinfo=tz)
        return candidate if candidate > local else candidate + dt.timedelta(days=1)
    candidate = dt.datetime.combine(dt.date(local.year, spec.month, spec.day), spec.at, tzinfo=tz)
    if candidate > local:
        return candidate
    return dt.datetime.combine(dt.date(local.year + 1, spec.month, spec.day), spec.at, tzinfo=tz)


def describe(spec: Spec) -> str:
    if spec.kind == "off":
        return _("tidak dijalankan")
    if spec.kind == "every":
        return _("setiap %(n)d menit") % {"n": spec.minutes}
    if spec.kind == "daily":
        return _("setiap hari pukul %(t)s") % {"t": spec.at.strftime("%H:%M")}
    return _("setiap tahun, %(d)s pukul %(t)s") % {
        "d": date_format(dt.date(2001, spec.month, spec.day), "j F"),
        "t": spec.at.strftime("%H:%M"),
    }
