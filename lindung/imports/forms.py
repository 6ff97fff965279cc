from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
    """One select per unknown header (the first MAX_MAPPED_COLUMNS): which field it holds, or ignore it.

    Headers past the cap are ignored when the mapping is saved; the page says how many.
    """

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(abaikan kolom ini)")), *[(c.key, c.label) for c in COLUMNS]]
        self.headers = headers
        self.shown = headers[:MAX_MAPPED_COLUMNS]
        self.hidden_count = len(headers) - len(self.shown)
        for index, header in enumerate(self.shown):
            label = header if len(header) <= LABEL_CHARS else header[: LABEL_CHARS - 1] + "…"
            self.fields[f"col_{index}"] = forms.ChoiceField(label=label, choices=choices, required=False)

    def mapping(self) -> dict[str, str]:
        chosen = {header: self.cleaned_data.get(f"col_{i}", "") for i, header in enumerate(self.shown)}
        return {**dict.fromkeys(self.headers, ""), **chosen}
