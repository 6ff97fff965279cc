"""Writes to the reference data: each create and change saved with an audit event of old and new values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lindung.accounts.models import Agency
from lindung.audit.services import audit_log
from lindung.core.models import Office
from lindung.eligibility.models import EligibilityRule
from lindung.enrolment.models import ExportLayout, FundingSource
from lindung.workers.models import Occupation, OccupationAlias, Worker

from .selectors import occupations_sharing_codes

# The import checker files an unknown occupation under this one: it must stay.
FALLBACK_OCCUPATION = "lainnya"

OCCUPATION_FIELDS = ["code", "name", "active", "bpjs_code", "kabupaten_id"]
AGENCY_FIELDS = ["code", "name", "kabupaten_id"]
FUNDING_FIELDS = ["code", "name", "kind", "group_code", "declared_income", "kabupaten_id", "agency_id"]
LAYOUT_FIELDS = ["name", "columns", "is_default", "kabupaten_id"]
OFFICE_FIELDS = [
    "government",
    "name",
    "address",
    "phone",
    "whatsapp",
    "email",
    "hours",
    "city",
    "signatory_name",
    "signatory_nip",
    "signatory_title",
    "letter_prefix",
    "logo_type",
    "logo_size",
]


class MasterDataError(Exception):
    """A change the data does not allow; the message says why, in a sentence for the user."""


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {field: getattr(obj, field) for field in fields}


def _save(
    *, obj: models.Model, fields: list[str], before: dict[str, Any] | None, noun: str, by: Any, request: Any
) -> None:
    """Save `obj`; audit `<noun>.create` with every value, or `<noun>.update` with what changed."""
    after = snapshot(obj, fields)
    creating = obj.pk is None
    if creating:
        changes: dict[str, Any] = after
    else:
        changes = {k: [(before or {}).get(k), v] for k, v in after.items() if (before or {}).get(k) != v}
        if not changes:
            return
    with transaction.atomic():
        obj.save()
        action = f"{noun}.create" if creating else f"{noun}.update"
        audit_log(actor=by, action=action, obj=obj, changes=changes, request=request)


def unique_code(text: str, *, max_length: int, taken: Callable[[str], bool], fallback: str) -> str:
    """A slug of `text` that `taken` does not know yet: "petani", then "petani-2", "petani-3", …"""
    base = slugify(text)[:max_length].strip("-") or fallback
    code, n = base, 1
    while taken(code):
        n += 1
        suffix = f"-{n}"
        code = base[: max_length - len(suffix)].rstrip("-") + suffix
    return code


def occupation_save(
    *, occupation: Occupation, before: dict[str, Any] | None, by: Any, request: HttpRequest | None = None
) -> Occupation:
    if not occupation.code:
        occupation.code = unique_code(
            occupation.name,
            max_length=40,
            taken=lambda c: occupations_sharing_codes(occupation.kabupaten_id).filter(code=c).exists(),
            fallback="pekerjaan",
        )
    _save(obj=occupation, fields=OCCUPATION_FIELDS, before=before, noun="occupation", by=by, request=request)
    return occupation


def occupation_set_active(
    *, occupation: Occupation, active: bool, by: Any, request: HttpRequest | None = None
) -> Occupation:
    """An inactive occupation is no longer offered; the workers who have it keep it."""
    if not active and occupation.code == FALLBACK_OCCUPATION:
        raise MasterDataError(
            _(
                "Pekerjaan “%(name)s” dipakai impor untuk pekerjaan yang tidak dikenal; tidak dapat dinonaktifkan."
            )
            % {"name": occupation.name}
        )
    before = snapshot(occupation, OCCUPATION_FIELDS)
    occupation.active = active
    _save(obj=occupation, fields=OCCUPATION_FIELDS, before=before, noun="occupation", by=by, request=request)
    return occupation


def occupation_in_use(occupation: Occupation) -> str | None:
    """Why the occupation may not be deleted, or None when nothing refers to it."""
    if occupation.code == FALLBACK_OCCUPATION:
        return _("Pekerjaan ini dipakai impor untuk pekerjaan yang tidak dikenal.")
    if Worker.objects.filter(occupation=occupation).exists():
        return _("Pekerjaan ini tercatat pada data pekerja.")
    for parameters in EligibilityRule.objects.values_list("parameters", flat=True):
        if isinstance(parameters, dict) and occupation.code in (parameters.get("occupations") or []):
            return _("Pekerjaan ini disebut dalam aturan kelayakan.")
    return None


def occupation_delete(*, occupation: Occupation, by: Any, request: HttpRequest | None = None) -> None:
    """Only an occupation nothing refers to (say, one just added by mistake) is deleted."""
    reason = occupation_in_use(occupation)
    if reason is None:
        try:
            with transaction.atomic():
                audit_log(
                    actor=by,
                    action="occupation.delete",
                    obj=occupation,
                    changes=snapshot(occupation, OCCUPATION_FIELDS),
                    request=request,
                )
                occupation.delete()
            return
        except ProtectedError:  # a worker got it between the check and the delete
            reason = _("Pekerjaan ini tercatat pada data pekerja.")
    raise MasterDataError(
        _("%(name)s tidak dapat dihapus. %(reason)s Nonaktifkan saja agar tidak ditawarkan lagi.")
        % {"name": occupation.name, "reason": reason}
    )


def agency_save(
    *, agency: Agency, before: dict[str, Any] | None, by: Any, request: HttpRequest | None = None
) -> Agency:
    _save(obj=agency, fields=AGENCY_FIELDS, before=before, noun="agency", by=by, request=request)
    return agency


def funding_source_save(
    *, source: FundingSource, before: dict[str, Any] | None, by: Any, request: HttpRequest | None = None
) -> FundingSource:
    if not source.code:
        source.code = unique_code(
            f"{source.name} {source.kabupaten_id.replace('.', '')}",
            max_length=30,
            taken=lambda c: FundingSource.objects.filter(code=c).exists(),
            fallback="sumber-dana",
        )
    _save(obj=source, fields=FUNDING_FIELDS, before=before, noun="funding_source", by=by, request=request)
    return source


def layout_save(
    *, layout: ExportLayout, before: dict[str, Any] | None, by: Any, request: HttpRequest | None = None
) -> ExportLayout:
    _save(obj=layout, fields=LAYOUT_FIELDS, before=before, noun="export_layout", by=by, request=request)
    return layout


ALIAS_FIELDS = ["text", "occupation_id", "not_working", "kabupaten_id"]


def occupation_alias_save(
    *, alias: OccupationAlias, before: dict[str, Any] | None, by: Any, request: HttpRequest | None = None
) -> OccupationAlias:
    """Imports read the table when their check starts: a change applies to the next file checked."""
    if not alias.origin:
        alias.origin = _("Ditambahkan Admin Dinas")
    _save(obj=alias, fields=ALIAS_FIELDS, before=before, noun="occupation_alias", by=by, request=request)
    return alias


def occupation_alias_delete(*, alias: OccupationAlias, by: Any, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        audit_log(
            actor=by,
            action="occupation_alias.delete",
            obj=alias,
            changes=snapshot(alias, ALIAS_FIELDS),
            request=request,
        )
        alias.delete()


def office_save(
    *, office: Office, before: dict[str, Any] | None, by: Any, request: HttpRequest | None = None
) -> Office:
    """The office profile; a new logo is audited by its type and size, not its bytes."""
    _save(obj=office, fields=OFFICE_FIELDS, before=before, noun="office", by=by, request=request)
    return office
