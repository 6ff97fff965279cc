from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.enrolment.models import FundingSource

from .models import Claim

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class MonthField(forms.DateField):
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class PaymentForm(forms.Form):
    funding_source = forms.ModelChoiceField(FundingSource.objects.none(), label=_("Sumber dana"))
    month = MonthField(label=_("Bulan tagihan"), widget=MONTH)
    sp2d_number = forms.CharField(label=_("Nomor SP2D"), max_length=60)
    sp2d_date = forms.DateField(label=_("Tanggal SP2D"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=1)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=200)


class AllocationForm(forms.Form):
    allocation = forms.IntegerField(label=_("Pagu (Rp)"), min_value=0)
    legal_basis = forms.CharField(label=_("Dasar (DPA/APBD)"), required=False, max_length=200)


class InvoiceForm(forms.Form):
    funding_source = forms.ModelChoiceField(FundingSource.objects.none(), label=_("Sumber dana"))
    month = MonthField(label=_("Bulan"), widget=MONTH)
    file = forms.FileField(label=_("Berkas tagihan BPJS (xlsx atau csv)"))


class ClaimForm(forms.Form):
    kpj = forms.CharField(label=_("Nomor KPJ"), max_length=20)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Claim.Kind.choices)
    event_date = forms.DateField(label=_("Tanggal kejadian"), widget=forms.DateInput(attrs={"type": "date"}))
    reported_by_name = forms.CharField(label=_("Pelapor (keluarga/desa)"), required=False, max_length=100)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ClaimPaidForm(forms.Form):
    amount = forms.IntegerField(label=_("Dibayar BPJS (Rp)"), min_value=1)
    paid_date = forms.DateField(label=_("Tanggal dibayar"), widget=forms.DateInput(attrs={"type": "date"}))
