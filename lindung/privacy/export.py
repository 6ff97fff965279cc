"""Everything Lindung holds about one person, for a data-subject access request (UU PDP art. 32).

Related data is found generically through the reverse relations that point at the worker (and one level
further), so that apps added later (memberships, notices, eligibility results) are included without a change.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import uuid
from collections import defaultdict
from typing import Any

from django.db import connection, models
from django.db.models import ForeignObjectRel, Q
from django.utils import timezone

from lindung.accounts.models import Agency
from lindung.audit.models import AuditEvent
from lindung.lib import sheets
from lindung.regions.models import Region
from lindung.workers.models import Occupation, Worker

# Targets of a foreign key that are shown by name; any other target only by id, so that the export of one
# person never carries another person's name.
NAMED_TARGETS = (Region, Occupation, Agency)
MAX_DEPTH = 2


def _value(obj: models.Model, field: models.Field) -> Any:
    if isinstance(field, models.ForeignKey):
        target_id = getattr(obj, field.attname)
        if target_id is not None and issubclass(field.related_model, NAMED_TARGETS):
            return f"{target_id} {getattr(obj, field.name)}"
        return target_id
    value = getattr(obj, field.attname)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} byte>"
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return value


def row(obj: models.Model) -> dict[str, Any]:
    return {field.name: _value(obj, field) for field in obj._meta.concrete_fields}


def _reverse_objects(obj: models.Model, tables: set[str]) -> list[tuple[str, list[models.Model]]]:
    found = []
    # Hidden relations too (related_name="+", e.g. duplicate pairs): they are still data about the person.
    for rel in obj._meta.get_fields(include_hidden=True):
        if not isinstance(rel, ForeignObjectRel) or rel.many_to_many:
            continue
        model = rel.related_model
        if model in (Worker, AuditEvent) or not isinstance(model, type):
            continue
        if model._meta.db_table not in tables:  # an app installed but not migrated yet
            continue
        field = rel.field
        objects = list(model._default_manager.filter(**{field.name: obj.pk}).order_by("pk"))
        if objects:
            found.append((model._meta.label_lower, objects))
    return found


def collect(worker: Worker) -> dict[str, Any]:
    """A JSON-ready dict: the worker's own fields, every related record, and the audit events about them."""
    related: dict[str, list[dict[str, Any]]] = defaultdict(list)
    touched: dict[str, set[str]] = defaultdict(set)
    touched[worker._meta.label_lower].add(str(worker.pk))
    frontier: list[models.Model] = [worker]
    tables = set(connection.introspection.table_names())
    for _depth in range(MAX_DEPTH):
        next_frontier: list[models.Model] = []
        for parent in frontier:
            for label, objects in _reverse_objects(parent, tables):
                for obj in objects:
                    if str(obj.pk) in touched[label]:
                        continue
                    touched[label].add(str(obj.pk))
                    related[label].append(row(obj))
                    next_frontier.append(obj)
        frontier = next_frontier
    where = Q(pk__in=[])
    for label, ids in touched.items():
        where |= Q(object_type=label, object_id__in=sorted(ids))
    events = [
        {
            "at": timezone.localtime(e.at).isoformat(),
            "action": e.action,
            "object": f"{e.object_type}#{e.object_id}",
            "by": e.actor.username if e.actor else "",
            "changes": e.changes,
        }
        for e in AuditEvent.objects.filter(where).select_related("actor").order_by("at", "id")
    ]
    return {
        "generated_at": timezone.localtime().isoformat(),
        "worker": row(worker),
        "related": dict(related),
        "audit_events": events,
    }


def to_xlsx(data: dict[str, Any]) -> bytes:
    """One sheet for the person, one per kind of related record, one for the audit trail."""
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("Pekerja")
    sheet.write_row(0, 0, ["Kolom", "Nilai"], bold)
    for i, (key, value) in enumerate(data["worker"].items(), start=1):
        sheet.write_string(i, 0, key)
        _write(sheet, i, 1, value)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 40)
    used = {"pekerja"}
    for label, rows in data["related"].items():
        _table(book, _sheet_name(label, used), rows, bold)
    _table(book, _sheet_name("jejak audit", used), data["audit_events"], bold)
    book.close()
    return buffer.getvalue()


def _sheet_name(label: str, used: set[str]) -> str:
    base = label.replace(".", " ")[:28]
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base[:26]} {n}"
    used.add(name.lower())
    return name


def _table(book: Any, name: str, rows: list[dict[str, Any]], bold: Any) -> None:
    sheet = book.add_worksheet(name)
    columns: list[str] = []
    for r in rows:
        columns += [k for k in r if k not in columns]
    sheet.write_row(0, 0, columns, bold)
    for i, r in enumerate(rows, start=1):
        for j, column in enumerate(columns):
            _write(sheet, i, j, r.get(column))


def _write(sheet: Any, row_no: int, col: int, value: Any) -> None:
    # Every text is written as text: a name like "=HYPERLINK(...)" stays a name, never a formula.
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row_no, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row_no, col, value)
    elif isinstance(value, dict | list):
        import json

        sheet.write_string(row_no, col, json.dumps(value, ensure_ascii=False, default=str))
    else:
        sheet.write_string(row_no, col, str(value))
