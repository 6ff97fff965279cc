from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Source

from .columns import COLUMNS


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas (.xlsx atau .csv)"))
    source = forms.ChoiceField(label=_("Sumber data"), choices=Source.choices, initial=Source.IMPOR)


class MappingForm(forms.Form):
    """One select per unknown header: which field it holds, or ignore it."""

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(abaikan kolom ini)")), *[(c.key, c.label) for c in COLUMNS]]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(label=header, choices=choices, required=False)

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"col_{i}", "") for i, header in enumerate(self.headers)}
