from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.regions.models import Region

from .models import Budget, CoverageTarget, Innovation, PotentialWorkers, Regulation, SemesterProblem

YEAR = {"min_value": 2000, "max_value": 2100}


class UpsertForm(forms.ModelForm):
    """Entering a year that exists replaces its figure (the service upserts), so skip the unique check."""

    def _get_validation_exclusions(self) -> set[str]:
        return {*super()._get_validation_exclusions(), "year"}  # type: ignore[misc]


class PotentialForm(UpsertForm):
    class Meta:
        model = PotentialWorkers
        fields = ["region", "year", "count", "source_note"]

    def __init__(self, *args: Any, kabupaten: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["region"]
        field.queryset = Region.objects.filter(code=kabupaten.code) | Region.objects.filter(
            level=Region.Level.KECAMATAN, parent=kabupaten
        )
        self.fields["year"].widget.attrs.update(YEAR)


class TargetForm(UpsertForm):
    class Meta:
        model = CoverageTarget
        fields = ["year", "percent", "legal_basis"]


class RegulationForm(forms.ModelForm):
    class Meta:
        model = Regulation
        fields = ["kind", "number", "year", "title"]


class InnovationForm(forms.ModelForm):
    class Meta:
        model = Innovation
        fields = ["year", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class BudgetForm(UpsertForm):
    class Meta:
        model = Budget
        fields = ["year", "allocated", "realised", "note"]


class ProblemForm(forms.ModelForm):
    class Meta:
        model = SemesterProblem
        fields = ["year", "semester", "problem", "follow_up"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2017, max_value=2100)
    semester = forms.TypedChoiceField(
        label=_("Semester"), choices=[(1, "I"), (2, "II")], coerce=int, required=False, empty_value=None
    )
