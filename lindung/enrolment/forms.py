from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.regions.models import Region
from lindung.workers.models import Occupation, Segment
from lindung.workers.selectors import regions_visible_to

from .models import EndReason, ExportLayout, FundingSource


def first_of_next_month(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


class BatchForm(forms.Form):
    funding_source = forms.ModelChoiceField(FundingSource.objects.none(), label=_("Sumber dana"))
    # A date input shows only yyyy-mm-dd; the locale's 01-01-2027 leaves it looking empty.
    coverage_start = forms.DateField(
        label=_("Mulai kepesertaan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )
    kecamatan = forms.MultipleChoiceField(label=_("Kecamatan"), required=False)
    desa = forms.MultipleChoiceField(label=_("Desa/kelurahan"), required=False)
    occupation = forms.MultipleChoiceField(label=_("Pekerjaan"), required=False)
    segment = forms.ChoiceField(
        label=_("Segmen"), required=False, choices=[("", _("Semua segmen")), *Segment.choices]
    )
    desil = forms.MultipleChoiceField(
        label=_("Desil P3KE/DTKS"), required=False, choices=[(str(i), str(i)) for i in range(1, 11)]
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kabupaten = user.area.code[:5] if user.area else ""
        self.fields["funding_source"].queryset = FundingSource.objects.filter(kabupaten_id=kabupaten)  # type: ignore[attr-defined]
        choices: dict[str, list[tuple[str, str]]] = {
            "kecamatan": [(r.code, r.name) for r in regions_visible_to(user, Region.Level.KECAMATAN)],
            "desa": [
                (r.code, f"{r.name} ({r.parent_id})") for r in regions_visible_to(user, Region.Level.DESA)
            ],
            "occupation": [(o.code, o.name) for o in Occupation.objects.for_user(user)],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = options
        self.fields["coverage_start"].initial = first_of_next_month()

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("kecamatan", "desa", "occupation", "segment", "desil") if data.get(k)}


class ExportForm(forms.Form):
    layout = forms.ModelChoiceField(ExportLayout.objects.none(), label=_("Tata letak kolom"), required=False)

    def __init__(self, *args: Any, kabupaten: str, **kwargs: Any) -> None:
        """The deployment's layouts and those of the batch's kabupaten/kota; never another kabupaten's."""
        super().__init__(*args, **kwargs)
        layout: Any = self.fields["layout"]
        layout.queryset = ExportLayout.objects.filter(Q(kabupaten__isnull=True) | Q(kabupaten_id=kabupaten))


class ResultUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas hasil dari BPJS (xlsx atau csv)"))

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".xlsx", ".xls", ".csv", ".ods")):
            raise forms.ValidationError(_("Berkas harus berformat xlsx atau csv."))
        if file.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Berkas lebih dari 20 MB."))
        return file


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan berhenti"), choices=EndReason.choices)
    date = forms.DateField(label=_("Tanggal berhenti"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.CharField(label=_("Catatan bukti"), widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RenewalForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2020, max_value=2100)
