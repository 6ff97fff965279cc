from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.regions.models import Region
from lindung.workers.models import Occupation

from .models import DomicileBasis, EligibilityRule, RuleKind


class RuleForm(forms.ModelForm):
    """The rule's parameters as plain fields; `clean` folds the ones its kind uses into the JSON."""

    min_age = forms.IntegerField(
        label=_("Usia paling rendah (tahun)"), required=False, min_value=0, max_value=120
    )
    max_age = forms.IntegerField(
        label=_("Usia paling tinggi (tahun)"), required=False, min_value=0, max_value=120
    )
    kabupaten = forms.CharField(
        label=_("Kode kabupaten"),
        required=False,
        max_length=5,
        help_text=_("Kosongkan untuk kabupaten tempat pekerja didata."),
    )
    basis = forms.ChoiceField(label=_("Dasar domisili"), choices=DomicileBasis.choices, required=False)
    occupations = forms.ModelMultipleChoiceField(
        label=_("Pekerjaan yang termasuk ASN/TNI/Polri"),
        queryset=Occupation.objects.all(),
        to_field_name="code",
        required=False,
    )
    max_desil = forms.IntegerField(label=_("Desil paling tinggi"), required=False, min_value=1, max_value=10)
    own_kabupaten = forms.ModelChoiceField(
        label=_("Khusus kabupaten/kota"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("Semua kabupaten/kota (aturan bawaan)"),
        help_text=_("Aturan khusus suatu kabupaten/kota menggantikan aturan bawaan berjenis sama di sana."),
    )

    class Meta:
        model = EligibilityRule
        fields = ["kind", "segment", "effective_from", "effective_to", "legal_basis", "active"]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effective_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Admin Dinas writes rules for its own kabupaten/kota (or the shared default); a superuser for any.
        kabupaten = Region.objects.filter(level=Region.Level.KABUPATEN)
        if user is not None and not user.is_superuser:
            kabupaten = kabupaten.filter(code=getattr(user, "area_id", None))
        own_field: Any = self.fields["own_kabupaten"]
        own_field.queryset = kabupaten
        if user is not None:
            occupations: Any = self.fields["occupations"]
            occupations.queryset = Occupation.objects.for_user(user)
        self.fields["own_kabupaten"].initial = self.instance.kabupaten_id
        p = self.instance.parameters or {}
        self.fields["min_age"].initial = p.get("min")
        self.fields["max_age"].initial = p.get("max") if self.instance.kind == RuleKind.AGE else None
        self.fields["kabupaten"].initial = p.get("kabupaten", "")
        self.fields["basis"].initial = p.get("basis", DomicileBasis.NIK_OR_KK)
        self.fields["occupations"].initial = p.get("occupations", [])
        self.fields["max_desil"].initial = p.get("max") if self.instance.kind == RuleKind.DESIL else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        start, end = data.get("effective_from"), data.get("effective_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("effective_to", _("Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."))
        if kind == RuleKind.AGE:
            low, high = data.get("min_age"), data.get("max_age")
            if low is None:
                self.add_error("min_age", _("Isi usia paling rendah."))
            if high is None:
                self.add_error("max_age", _("Isi usia paling tinggi."))
            if low is not None and high is not None and low > high:
                self.add_error("max_age", _("Usia paling tinggi harus lebih besar dari usia paling rendah."))
            self.parameters = {"min": low, "max": high}
        elif kind == RuleKind.DOMICILE:
            kab = (data.get("kabupaten") or "").strip()
            if kab and not (len(kab) == 5 and kab[2] == "." and kab.replace(".", "").isdigit()):
                self.add_error("kabupaten", _("Tulis kode kabupaten seperti 16.06, atau kosongkan."))
            self.parameters = {"kabupaten": kab, "basis": data.get("basis") or DomicileBasis.NIK_OR_KK}
        elif kind == RuleKind.NOT_ASN:
            self.parameters = {"occupations": [o.code for o in data.get("occupations") or []]}
        elif kind == RuleKind.DESIL:
            if data.get("max_desil") is None:
                self.add_error("max_desil", _("Isi desil paling tinggi."))
            self.parameters = {"max": data.get("max_desil")}
        else:
            self.parameters = {}
        return data

    def save(self, commit: bool = True) -> EligibilityRule:
        rule: EligibilityRule = super().save(commit=False)
        rule.parameters = self.parameters
        if commit:
            rule.save()
        return rule


class EndRuleForm(forms.Form):
    effective_to = forms.DateField(
        label=_("Berakhir pada"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
