"""The object of an audit event as the reviewer reads it: a noun and a name, linked when the reviewer may open it.

An object outside the reviewer's area (an event by one of its staff about a worker elsewhere) is told by noun and
number only, like a deleted one: the trail never shows a name the reviewer could not look up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse

from lindung.audit.labels import action_label, object_noun
from lindung.audit.models import AuditEvent


@dataclass(frozen=True)
class ObjectRef:
    noun: str
    name: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.noun}: {self.name}" if self.name else self.noun


@dataclass(frozen=True)
class _Kind:
    # The objects of this type the reviewer may open; None: a type with no page of its own.
    openable: Callable[[Any], QuerySet[Any]] | None
    url_name: str | None
    name: Callable[[Any], str] = str
    related: tuple[str, ...] = ()
    url_takes_pk: bool = True


def _kabupaten_code(user: Any) -> str:
    return user.area.code[:5] if getattr(user, "area", None) else ""


def _all(model_label: str) -> Callable[[Any], QuerySet[Any]]:
    return lambda user: apps.get_model(model_label).objects.all()


def _kinds() -> dict[str, _Kind]:
    # Imported here: the privacy app reads every other app's scoping without them importing it.
    from lindung.accounts.staff import staff_visible_to
    from lindung.dedup.views import candidates_visible_to
    from lindung.enrolment.models import RenewalRun
    from lindung.enrolment.selectors import batches_visible_to, memberships_visible_to
    from lindung.imports.services import jobs_visible_to
    from lindung.masterdata.selectors import agencies_of, funding_sources_of
    from lindung.premiums.models import InvoiceUpload
    from lindung.workers.selectors import workers_visible_to

    def staff(user: Any) -> QuerySet[Any]:
        found = staff_visible_to(user)
        return found if user.is_superuser else found.filter(is_superuser=False)

    def renewal_runs(user: Any) -> QuerySet[Any]:
        runs = RenewalRun.objects.all()
        return runs if user.is_superuser else runs.filter(kabupaten_id=_kabupaten_code(user))

    def invoices(user: Any) -> QuerySet[Any]:
        uploads = InvoiceUpload.objects.all()
        return (
            uploads
            if user.is_superuser
            else uploads.filter(funding_source__kabupaten_id=_kabupaten_code(user))
        )

    return {
        "workers.worker": _Kind(workers_visible_to, "worker_detail", lambda w: w.name),
        "accounts.user": _Kind(staff, "staff_edit", lambda u: u.username),
        "enrolment.enrolmentbatch": _Kind(batches_visible_to, "batch_detail", lambda b: b.number),
        "enrolment.membership": _Kind(
            memberships_visible_to,
            "membership_detail",
            lambda m: f"{m.worker.name} · KPJ {m.kpj}",
            related=("worker",),
        ),
        "enrolment.renewalrun": _Kind(renewal_runs, "renewal_detail", lambda r: str(r.fiscal_year)),
        "imports.importjob": _Kind(jobs_visible_to, "import_detail", lambda j: j.original_name),
        "dedup.duplicatecandidate": _Kind(
            candidates_visible_to,
            "dedup_pair",
            lambda c: f"{c.worker_a.name} ~ {c.worker_b.name}",
            related=("worker_a", "worker_b"),
        ),
        "premiums.invoiceupload": _Kind(invoices, "invoice_detail", lambda u: u.filename),
        "accounts.agency": _Kind(agencies_of, "agency_edit", lambda a: a.name),
        "enrolment.fundingsource": _Kind(funding_sources_of, "funding_edit", lambda s: s.name),
        "workers.occupation": _Kind(_all("workers.occupation"), "occupation_edit", lambda o: o.name),
        "workers.occupationalias": _Kind(_all("workers.occupationalias"), "alias_edit", lambda a: a.text),
        "enrolment.exportlayout": _Kind(_all("enrolment.exportlayout"), "layout_edit", lambda x: x.name),
        "eligibility.eligibilityrule": _Kind(_all("eligibility.eligibilityrule"), "eligibility_rule_edit"),
        "notices.noticetemplate": _Kind(_all("notices.noticetemplate"), "notice_template_edit"),
        "core.office": _Kind(
            lambda user: apps.get_model("core.office").objects.filter(kabupaten_id=_kabupaten_code(user)),
            "office_edit",
            lambda o: o.name,
            url_takes_pk=False,
        ),
        # Figures and documents without a page of their own: named (nothing personal in them), not linked.
        "premiums.bill": _Kind(
            None, None, lambda b: f"{b.month:%m/%Y} · {b.funding_source.name}", ("funding_source",)
        ),
        "premiums.payment": _Kind(None, None),
        "premiums.claim": _Kind(None, None, lambda c: f"{c.kind} · {c.event_date:%d/%m/%Y}"),
        "api.apitoken": _Kind(None, None, lambda t: t.name),
        "regions.region": _Kind(None, None, lambda r: f"{r.name} ({r.code})"),
        "reports.regulation": _Kind(None, None),
        "reports.innovation": _Kind(None, None),
        "reports.budget": _Kind(None, None, lambda b: str(b.year)),
        "reports.potentialworkers": _Kind(None, None, lambda p: str(p.year)),
        "reports.coveragetarget": _Kind(None, None, lambda t: str(t.year)),
    }


def _pk_values(model: Any, ids: Iterable[str]) -> list[Any]:
    """The trail keeps ids as text; those the model's key cannot hold (a typo'd import) are left out."""
    values = []
    for object_id in ids:
        try:
            values.append(model._meta.pk.to_python(object_id))
        except ValidationError:
            continue
    return values


def describe_objects(events: Iterable[AuditEvent], user: Any) -> dict[tuple[str, str], ObjectRef]:
    """(object_type, object_id) → how the reviewer reads it, with one query per object type on the page."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        wanted.setdefault(event.object_type, set()).add(event.object_id)
    kinds = _kinds()
    refs: dict[tuple[str, str], ObjectRef] = {}
    for object_type, ids in wanted.items():
        noun = object_noun(object_type)
        kind = kinds.get(object_type)
        found: dict[str, Any] = {}
        if kind is not None:
            source = (
                kind.openable(user) if kind.openable else apps.get_model(object_type)._default_manager.all()
            )
            if kind.related:
                source = source.select_related(*kind.related)
            found = {str(obj.pk): obj for obj in source.filter(pk__in=_pk_values(source.model, ids))}
        for object_id in ids:
            obj = found.get(object_id)
            if obj is None or kind is None:
                refs[(object_type, object_id)] = ObjectRef(noun=noun, name=f"#{object_id}")
                continue
            url = None
            if kind.openable and kind.url_name:
                url = reverse(kind.url_name, args=[obj.pk]) if kind.url_takes_pk else reverse(kind.url_name)
            refs[(object_type, object_id)] = ObjectRef(noun=noun, name=kind.name(obj), url=url)
    return refs


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    label: str
    obj: ObjectRef


def event_rows(events: Iterable[AuditEvent], user: Any) -> list[EventRow]:
    """The page's events with the action in words and the object as the reviewer may read it."""
    events = list(events)
    refs = describe_objects(events, user)
    return [
        EventRow(
            event=e,
            label=action_label(e.action, e.object_type),
            obj=refs[(e.object_type, e.object_id)],
        )
        for e in events
    ]
