"""Every read of people goes through here, so area scoping lives in one place."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from lindung.accounts.models import Role
from lindung.lib.names import normalize_name
from lindung.lib.nik import clean_digits
from lindung.regions.models import Region

from .models import Segment, Worker


def area_filter(user: Any, prefix: str = "") -> Q:
    """The Q that limits a worker-shaped query to the user's area; `prefix` reaches a worker via a relation."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    area = user.area
    if area is None or not user.role:
        return Q(pk__in=[])
    if area.level == Region.Level.PROVINSI:
        # A kabupaten's code begins with its province's ("16.06" in "16"). Matched on the row's own column, not
        # through a join to the region table: the planner misjudged the join's share of the rows (a province's
        # dashboard summed 243,000 snapshot rows expecting 367, and sorted them on disk instead of hashing).
        scope = Q(**{f"{prefix}kabupaten__code__startswith": f"{area.code}."})
    else:
        field = {
            Region.Level.KABUPATEN: "kabupaten",
            Region.Level.KECAMATAN: "kecamatan",
            Region.Level.DESA: "desa",
        }[Region.Level(area.level)]
        scope = Q(**{f"{prefix}{field}": area.code})
    if user.role == Role.OPERATOR_OPD:
        scope &= Q(**{f"{prefix}segment": Segment.NON_ASN, f"{prefix}agency": user.agency_id})
    return scope


def workers_visible_to(user: Any, *, include_merged: bool = False) -> QuerySet[Worker]:
    workers = Worker.objects.filter(area_filter(user))
    return workers if include_merged else workers.filter(merged_into__isnull=True)


def get_worker_for(user: Any, pk: int | str) -> Worker:
    """The worker if the user may see it; a worker outside the area is as missing as a wrong id."""
    try:
        return workers_visible_to(user).select_related("desa", "kecamatan", "occupation", "agency").get(pk=pk)
    except (Worker.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def regions_visible_to(user: Any, level: str) -> QuerySet[Region]:
    regions = Region.objects.filter(level=level)
    if user.is_superuser:
        return regions
    area = user.area
    if area is None:
        return regions.none()
    return regions.filter(Q(code=area.code) | Q(code__startswith=area.code + "."))


# A NIK prefix may name the region and the birth date (digits 1–12), never part of the serial: a longer
# prefix, narrowed digit by digit, would spell out the NIK the masked lists hide without the audited button.
NIK_PREFIX_MAX = 12


def nik_prefix_too_long(text: str) -> bool:
    digits, problem = clean_digits(text.strip())
    return not problem and NIK_PREFIX_MAX < len(digits) < 16


def search_workers(queryset: QuerySet[Worker], text: str) -> QuerySet[Worker]:
    """Digits search the NIK (all 16 exactly, or by a prefix of at most 12); anything else searches the name."""
    text = text.strip()
    if not text:
        return queryset
    digits, problem = clean_digits(text)
    if not problem and digits:
        if len(digits) == 16:
            return queryset.filter(nik=digits)
        if len(digits) > NIK_PREFIX_MAX:
            return queryset.none()
        return queryset.filter(nik__startswith=digits)
    return with_name_key_containing(queryset, normalize_name(text))


def with_name_key_containing(queryset: QuerySet[Worker], key: str) -> QuerySet[Worker]:
    """The workers whose name key contains `key` (a normalised name), in name order; none for an empty key.

    The matches are fetched, then sorted. Ordered by the name column itself, PostgreSQL may instead walk the area's
    name index until it has met a page of matches, which is quick when they are spread through the alphabet and
    slow when they cluster: every "Siti …" sorts under S, so the walk read most of a kabupaten (a 5,000,000-worker
    province: page 1 took 3,028 ms after one ANALYZE, 58 ms after the next). COALESCE of a NOT NULL column is the
    name, but no index gives its order: a page costs about what its count costs.
    """
    if not key:
        return queryset.none()
    return queryset.filter(name_key__contains=key).order_by(Coalesce("name", Value("")), "id")
