"""An audit event's recorded values as the worker page shows them: field names in words, codes as their labels,
places, occupations and OPDs by name, "old → new", and the NIK and KK masked.

The trail keeps the raw values (the privacy export and the audit need them); only the page reads them this way.
A full NIK is shown only by the audited "show NIK" button, never by the history.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.accounts.models import Agency
from lindung.lib.nik import mask_nik
from lindung.regions.models import Region

from .models import Occupation, Worker

MASKED = {"nik", "kk"}
# Ids kept in the trail for the record; the page names the thing instead (merged_name, into_name, token).
HIDDEN = {"import", "token_id", "merged", "into", "worker_a", "worker_b"}
KEY_LABELS = {
    "note": gettext_lazy("catatan"),
    "reason": gettext_lazy("alasan"),
    "failed": gettext_lazy("aturan yang tidak terpenuhi"),
    "merged_name": gettext_lazy("data yang digabungkan"),
    "into_name": gettext_lazy("digabungkan ke"),
    "filled": gettext_lazy("isian yang dilengkapi"),
    "fields": gettext_lazy("isian yang dihapus"),
    "token": gettext_lazy("token API"),
    "endpoint": gettext_lazy("data yang dibaca"),
    "filters": gettext_lazy("saringan"),
    "count": gettext_lazy("jumlah"),
    "via": gettext_lazy("lewat"),
    "text_version": gettext_lazy("versi teks persetujuan"),
    "format": gettext_lazy("format"),
}
_RELATED = {"desa": Region, "kecamatan": Region, "occupation": Occupation, "agency": Agency}


def _field(key: str) -> Any:
    try:
        return Worker._meta.get_field(key.removesuffix("_id"))
    except FieldDoesNotExist:
        return None


def field_label(key: str) -> str:
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    field = _field(key)
    return str(field.verbose_name) if field is not None else key


class _Names:
    """Names of the regions, occupations and OPDs a history mentions, looked up once per page."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], str] = {}

    def name(self, kind: str, pk: Any) -> str:
        key = (kind, str(pk))
        if key not in self._cache:
            row = _RELATED[kind]._default_manager.filter(pk=pk).first()
            self._cache[key] = str(getattr(row, "name", "")) or f"#{pk}"
        return self._cache[key]


def _value(key: str, value: Any, names: _Names) -> str:
    if value is None or value == "":
        return "—"
    base = key.removesuffix("_id")
    if key in MASKED:
        return mask_nik(str(value))
    if base in _RELATED:
        return names.name(base, value)
    if key in ("filled", "fields") and isinstance(value, list | tuple):
        return ", ".join(field_label(str(v)) for v in value) or "—"
    if key == "failed" and isinstance(value, list):
        return "; ".join(str(item.get("reason", "")) for item in value if isinstance(item, dict)) or "—"
    field = _field(key)
    if field is not None and field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return str(value)


def readable_changes(changes: dict[str, Any]) -> dict[str, str]:
    """{field in words: value in words}; a pair [old, new] reads "old → new"."""
    names = _Names()
    shown: dict[str, str] = {}
    for key, value in changes.items():
        if key in HIDDEN:
            continue
        if isinstance(value, list) and len(value) == 2 and _field(key) is not None:
            text = f"{_value(key, value[0], names)} → {_value(key, value[1], names)}"
        else:
            text = _value(key, value, names)
        shown[field_label(key)] = text
    return shown
