"""Reads about staff accounts that other apps share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from lindung.regions.models import Region


def admin_kabupaten(user: Any) -> Region:
    """The kabupaten an Admin Dinas administers (a superuser without one works on the default kabupaten)."""
    area = user.area
    code = area.code[:5] if area is not None and area.level != Region.Level.PROVINSI else ""
    if not code and user.is_superuser:
        code = settings.DEFAULT_KABUPATEN
    kabupaten = Region.objects.filter(code=code, level=Region.Level.KABUPATEN).first()
    if kabupaten is None:
        raise PermissionDenied
    return kabupaten


def kabupaten_code_of(user: Any) -> str | None:
    """The code of the kabupaten/kota the user's area lies in; None for a province-wide or area-less account."""
    area = getattr(user, "area", None)
    if area is None or area.level == Region.Level.PROVINSI:
        return None
    return str(area.code[:5])
