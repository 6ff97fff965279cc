"""Writes of the figures the dinas enters for the reports; each one audited."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from lindung.audit.services import audit_log
from lindung.regions.models import Region

from .models import Budget, CoverageTarget, PotentialWorkers


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | str | None) else str(value)


def _upsert(
    model: type[models.Model],
    keys: dict[str, Any],
    values: dict[str, Any],
    by: Any,
    request: HttpRequest | None,
    action: str,
) -> Any:
    with transaction.atomic():
        row, created = model.objects.select_for_update().get_or_create(**keys, defaults=values)  # type: ignore[attr-defined]
        old = {k: _plain(getattr(row, k)) for k in values}
        if not created:
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
        audit_log(
            actor=by,
            action=action,
            obj=row,
            changes={k: [None if created else old[k], _plain(v)] for k, v in values.items()},
            request=request,
        )
    return row


def potential_set(
    *, region: Region, year: int, count: int, source_note: str, by: Any, request: HttpRequest | None = None
) -> PotentialWorkers:
    return _upsert(
        PotentialWorkers,
        {"region": region, "year": year},
        {"count": count, "source_note": source_note, "updated_by": by if getattr(by, "pk", None) else None},
        by,
        request,
        "report.potential_set",
    )


def target_set(
    *,
    kabupaten: Region,
    year: int,
    percent: Any,
    legal_basis: str,
    by: Any,
    request: HttpRequest | None = None,
) -> CoverageTarget:
    return _upsert(
        CoverageTarget,
        {"region": kabupaten, "year": year},
        {"percent": percent, "legal_basis": legal_basis},
        by,
        request,
        "report.target_set",
    )


def budget_set(
    *,
    kabupaten: Region,
    year: int,
    allocated: int,
    realised: int | None,
    note: str,
    by: Any,
    request: HttpRequest | None = None,
) -> Budget:
    return _upsert(
        Budget,
        {"kabupaten": kabupaten, "year": year},
        {"allocated": allocated, "realised": realised, "note": note},
        by,
        request,
        "report.budget_set",
    )


def record_create(*, form: Any, kabupaten: Region, by: Any, request: HttpRequest | None = None) -> Any:
    """Save a regulation, innovation or semester problem for the kabupaten."""
    with transaction.atomic():
        row = form.save(commit=False)
        row.kabupaten = kabupaten
        row.save()
        audit_log(
            actor=by,
            action=f"report.{row._meta.model_name}_add",
            obj=row,
            changes={f: _plain(form.cleaned_data[f]) for f in form.fields},
            request=request,
        )
    return row


def record_delete(*, row: Any, by: Any, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        audit_log(
            actor=by,
            action=f"report.{row._meta.model_name}_delete",
            obj=row,
            changes={"was": str(row)},
            request=request,
        )
        row.delete()
