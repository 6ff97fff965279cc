"""Reads of the reference data an Admin Dinas keeps, scoped to the admin's kabupaten where it has one.

Agencies and funding sources belong to a kabupaten: another kabupaten's row answers 404 like a missing one.
Occupations and export layouts have no kabupaten: they are one catalogue for the whole deployment.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from lindung.accounts.models import Agency
from lindung.accounts.selectors import admin_kabupaten
from lindung.enrolment.models import ExportLayout, FundingSource
from lindung.workers.models import Occupation, OccupationAlias, Worker


def agencies_of(user: Any) -> QuerySet[Agency]:
    return Agency.objects.filter(kabupaten=admin_kabupaten(user))


def get_agency_for(user: Any, pk: int) -> Agency:
    agency = agencies_of(user).filter(pk=pk).first()
    if agency is None:
        raise Http404
    return agency


def funding_sources_of(user: Any) -> QuerySet[FundingSource]:
    return FundingSource.objects.filter(kabupaten=admin_kabupaten(user)).select_related("agency")


def get_funding_source_for(user: Any, pk: int) -> FundingSource:
    source = funding_sources_of(user).filter(pk=pk).first()
    if source is None:
        raise Http404
    return source


def occupations_with_use(user: Any) -> QuerySet[Occupation]:
    """Every occupation with `here` (workers of the admin's kabupaten) and `used` (any worker at all)."""
    kabupaten = admin_kabupaten(user)
    return Occupation.objects.annotate(
        here=Count("worker", filter=Q(worker__kabupaten=kabupaten)),
        used=Exists(Worker.objects.filter(occupation=OuterRef("pk"))),
    ).order_by("-active", "name")


def get_occupation(pk: int) -> Occupation:
    return get_object_or_404(Occupation, pk=pk)


def get_layout(pk: int) -> ExportLayout:
    return get_object_or_404(ExportLayout, pk=pk)


def occupation_aliases(query: str = "", origin: str = "") -> QuerySet[OccupationAlias]:
    aliases = OccupationAlias.objects.select_related("occupation").order_by("origin", "text")
    if query:
        aliases = aliases.filter(Q(text__icontains=query) | Q(occupation__name__icontains=query))
    if origin:
        aliases = aliases.filter(origin=origin)
    return aliases


def get_occupation_alias(pk: int) -> OccupationAlias:
    return get_object_or_404(OccupationAlias, pk=pk)
