from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lindung.regions.models import Region
from lindung.workers.models import Source

from .columns import COLUMNS


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas (.xlsx atau .csv)"))
    source = forms.ChoiceField(label=_("Sumber data"), choices=Source.choices, initial=Source.IMPOR)
    accept_nik_mismatch = forms.BooleanField(
        label=_(
            "Terima baris yang tanggal lahir atau jenis kelaminnya berbeda dengan NIK, dengan tanda untuk verifikator"
        ),
        help_text=_("Data Dukcapil (SIAK, P3KE yang padan Dukcapil) selalu diterima dengan tanda."),
        required=False,
    )


# A worker list has a few dozen columns; a file with thousands of unknown headers is not one to map by hand, and
# a select per column would make a page of megabytes (and a POST over Django's 1,000-field limit).
MAX_MAPPED_COLUMNS = 60
LABEL_CHARS = 80


class MappingForm(forms.Form):
    """One select per unknown header (the first MAX_MAPPED_COLUMNS): which field it holds, or ignore it; and,
    for a file without a desa column, the desa of all its rows (a plain select grouped by kecamatan: no
    JavaScript needed).

    Headers past the cap are ignored when the mapping is saved; the page says how many.
    """

    def __init__(
        self, *args: Any, headers: list[str], desa_choices: QuerySet[Region] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(abaikan kolom ini)")), *[(c.key, c.label) for c in COLUMNS]]
        self.headers = headers
        self.shown = headers[:MAX_MAPPED_COLUMNS]
        self.hidden_count = len(headers) - len(self.shown)
        for index, header in enumerate(self.shown):
            label = header if len(header) <= LABEL_CHARS else header[: LABEL_CHARS - 1] + "…"
            self.fields[f"col_{index}"] = forms.ChoiceField(label=label, choices=choices, required=False)
        if desa_choices is not None:
            groups: dict[str, list[tuple[str, str]]] = {}
            for region in desa_choices:
                kecamatan = region.parent.name if region.parent else ""
                groups.setdefault(_("Kecamatan %(name)s") % {"name": kecamatan}, []).append(
                    (region.code, f"{region.name} ({region.code})")
                )
            self.fields["desa"] = forms.ChoiceField(
                label=_("Desa/kelurahan seluruh baris berkas"),
                choices=[("", "—"), *groups.items()],
                required=not headers,
            )

    def desa(self) -> str | None:
        return self.cleaned_data.get("desa") or None

    def mapping(self) -> dict[str, str]:
        chosen = {header: self.cleaned_data.get(f"col_{i}", "") for i, header in enumerate(self.shown)}
        return {**dict.fromkeys(self.headers, ""), **chosen}
