"""Reads of memberships and batches, scoped by the same area rule as workers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.accounts.capabilities import Capability, has_capability
from lindung.workers.selectors import area_filter

from .models import EnrolmentBatch, Membership


def memberships_visible_to(user: Any) -> QuerySet[Membership]:
    """Memberships of the workers the user may see (a desa operator: its desa; OPD: its non-ASN staff)."""
    return Membership.objects.filter(area_filter(user, "worker__"), worker__merged_into__isnull=True)


def get_membership_for(user: Any, pk: int | str) -> Membership:
    try:
        return memberships_visible_to(user).select_related("worker", "funding_source", "batch").get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def batches_visible_to(user: Any) -> QuerySet[EnrolmentBatch]:
    """Batches belong to a kabupaten; whoever holds the batches capability there (the dinas, the BPJS officer)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EnrolmentBatch.objects.none()
    if user.is_superuser:
        return EnrolmentBatch.objects.all()
    if not has_capability(user, Capability.BATCHES) or user.area is None:
        return EnrolmentBatch.objects.none()
    return EnrolmentBatch.objects.filter(Q(kabupaten_id=user.area.code[:5]))


def get_batch_for(user: Any, pk: int | str) -> EnrolmentBatch:
    try:
        return batches_visible_to(user).select_related("funding_source", "kabupaten").get(pk=pk)
    except (EnrolmentBatch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
