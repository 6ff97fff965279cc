from __future__ import annotations

from typing import Any

from django import template

from lindung.enrolment.models import Membership

register = template.Library()


@register.inclusion_tag("enrolment/_worker_memberships.html")
def worker_memberships(worker: Any) -> dict[str, Any]:
    """Every membership period of a worker the page already showed (the worker view did the area check)."""
    memberships = (
        Membership.objects.filter(worker=worker).select_related("funding_source").order_by("-start", "-id")
    )
    return {"memberships": list(memberships)}
