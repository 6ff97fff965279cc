"""Reads of the reference data an Admin Dinas keeps, scoped to the admin's kabupaten where it has one.

Agencies and funding sources belong to a kabupaten: another kabupaten's row answers 404 like a missing one.
Occupations, their aliases and export layouts are the deployment's (no kabupaten) or one kabupaten's own: an admin
sees and edits the deployment's and its own kabupaten's, never another's; a superuser sees them all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
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


def occupations_of(user: Any) -> QuerySet[Occupation]:
    """The deployment's occupations and the admin's kabupaten's own; a superuser's, every kabupaten's."""
    if user.is_superuser:
        return Occupation.objects.all()
    return Occupation.objects.for_kabupaten(admin_kabupaten(user).code)


def occupations_sharing_codes(kabupaten: str | None) -> QuerySet[Occupation]:
    """The occupations a new one of `kabupaten` (None: the deployment's) may not repeat a name or code of: for a
    kabupaten's, the deployment's and its own (a worker there is offered both); for the deployment's, every one."""
    return Occupation.objects.for_kabupaten(kabupaten) if kabupaten else Occupation.objects.all()


def occupations_with_use(user: Any) -> QuerySet[Occupation]:
    """The admin's occupations with `here` (workers of the admin's kabupaten) and `used` (any worker at all)."""
    kabupaten = admin_kabupaten(user)
    return (
        occupations_of(user)
        .select_related("kabupaten")
        .annotate(
            here=Count("worker", filter=Q(worker__kabupaten=kabupaten)),
            used=Exists(Worker.objects.filter(occupation=OuterRef("pk"))),
        )
        .order_by("-active", "name")
    )


def get_occupation_for(user: Any, pk: int) -> Occupation:
    return get_object_or_404(occupations_of(user), pk=pk)


def layouts_of(user: Any) -> QuerySet[ExportLayout]:
    """The deployment's layouts and the admin's kabupaten's own; a superuser's, every kabupaten's."""
    layouts = ExportLayout.objects.select_related("kabupaten")
    if user.is_superuser:
        return layouts
    return layouts.filter(Q(kabupaten__isnull=True) | Q(kabupaten=admin_kabupaten(user)))


def get_layout_for(user: Any, pk: int) -> ExportLayout:
    return get_object_or_404(layouts_of(user), pk=pk)


def layouts_sharing_names(kabupaten: str | None) -> QuerySet[ExportLayout]:
    """The layouts a layout of `kabupaten` (None: the deployment's) may not repeat the name of: for a
    kabupaten's, the deployment's and its own (its batch form offers both); for the deployment's, every one."""
    if kabupaten is None:
        return ExportLayout.objects.all()
    return ExportLayout.objects.filter(Q(kabupaten__isnull=True) | Q(kabupaten_id=kabupaten))


def occupation_aliases(user: Any, query: str = "", origin: str = "") -> QuerySet[OccupationAlias]:
    """The deployment's aliases and the admin's kabupaten's own (a superuser's: every kabupaten's), less the
    deployment's aliases that point at another kabupaten's occupation (made before aliases had a kabupaten).
    For an admin, `overridden` marks a deployment alias whose text the admin's kabupaten reads its own way."""
    aliases = OccupationAlias.objects.select_related("occupation", "kabupaten").order_by("origin", "text")
    if not user.is_superuser:
        kabupaten = admin_kabupaten(user)
        aliases = aliases.filter(Q(kabupaten__isnull=True) | Q(kabupaten=kabupaten)).annotate(
            overridden=ExpressionWrapper(
                Q(kabupaten__isnull=True)
                & Exists(OccupationAlias.objects.filter(kabupaten=kabupaten, key=OuterRef("key"))),
                output_field=BooleanField(),
            )
        )
    aliases = aliases.filter(Q(occupation__isnull=True) | Q(occupation__in=occupations_of(user)))
    if query:
        aliases = aliases.filter(Q(text__icontains=query) | Q(occupation__name__icontains=query))
    if origin:
        aliases = aliases.filter(origin=origin)
    return aliases


def get_occupation_alias_for(user: Any, pk: int) -> OccupationAlias:
    return get_object_or_404(occupation_aliases(user), pk=pk)


def occupations_for_alias(user: Any, alias: OccupationAlias) -> QuerySet[Occupation]:
    """The occupations an alias may point at: the deployment's, and its kabupaten's own if it has one. A
    superuser's new alias has no scope yet: every occupation is offered and the form checks the pair."""
    if user.is_superuser and not alias.pk:
        return Occupation.objects.all()
    return Occupation.objects.for_kabupaten(alias.kabupaten_id)
