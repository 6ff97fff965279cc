"""Reads of regions that other apps resolve names against."""

from __future__ import annotations

from .models import Region, RegionAlias


def names_under(code: str, level: str) -> list[tuple[str, str, str | None, bool]]:
    """(code, name, parent code, is a former name) of the regions of one level under a code.

    Current names come first, then the aliases (former names, other spellings), so that a caller building a
    name → code map can let a current name win over another region's former one.
    """
    prefix = code + "."
    current = Region.objects.filter(level=level, code__startswith=prefix).order_by("code")
    rows: list[tuple[str, str, str | None, bool]] = [
        (c, n, p, False) for c, n, p in current.values_list("code", "name", "parent_id")
    ]
    aliases = RegionAlias.objects.filter(region__level=level, region__code__startswith=prefix).order_by(
        "region_id"
    )
    rows += [(c, n, p, True) for c, n, p in aliases.values_list("region_id", "name", "region__parent_id")]
    return rows
