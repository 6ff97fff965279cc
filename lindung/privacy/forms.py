from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    text_version = forms.CharField(label=_("Versi naskah persetujuan"), max_length=20, required=False)
    note = forms.CharField(
        label=_("Catatan (cara permintaan diterima, mis. datang ke kantor desa)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penahanan data"), max_length=200)


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Tindakan"), required=False, max_length=40)
    user = forms.CharField(label=_("Pengguna"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    worker = forms.IntegerField(label=_("ID pekerja"), required=False, min_value=1)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data
