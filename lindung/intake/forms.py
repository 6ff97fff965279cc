"""The public application form: the registry's WorkerForm rules, plus what only the public form needs."""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from functools import cache, partial
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Agency
from lindung.regions.models import Region
from lindung.workers.forms import WorkerForm

from .receipts import normalize_receipt_no

YES_NO = [("tidak", _("Tidak")), ("ya", _("Ya"))]
_PHONE = re.compile(r"^(?:\+?62|0)8\d{7,12}$")


def desa_choices(kabupaten: str) -> list[tuple[str, Any]]:
    """Every desa of the kabupaten grouped by kecamatan: one select that works without JavaScript."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    names: dict[str, str] = {}
    desa = Region.objects.filter(level=Region.Level.DESA, code__startswith=kabupaten + ".")
    for code, name, parent, parent_name in desa.values_list("code", "name", "parent_id", "parent__name"):
        groups[parent].append((code, name))
        names[parent] = parent_name
    choices: list[tuple[str, Any]] = [("", _("— pilih desa/kelurahan —"))]
    for parent in sorted(groups, key=lambda p: names[p]):
        choices.append((f"{_('Kec.')} {names[parent]}", sorted(groups[parent], key=lambda c: c[1])))
    return choices


class ApplicationForm(WorkerForm):
    # Whether the NIK is registered is decided after every field is valid, and answered with the same receipt
    # (services.application_submit): an error here would tell anyone which NIKs are in the registry.
    check_registered = False

    income = forms.CharField(
        label=_("Penghasilan per bulan (Rp)"),
        max_length=20,
        help_text=_("Perkiraan saja, misalnya 1.500.000"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    is_asn = forms.ChoiceField(
        label=_("Apakah Anda ASN (PNS/PPPK), anggota TNI, atau Polri?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    bpjs_active = forms.ChoiceField(
        label=_("Apakah Anda sekarang peserta aktif BPJS Ketenagakerjaan?"),
        choices=[*YES_NO, ("tidak_tahu", _("Tidak tahu"))],
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "Saya sudah membaca pernyataan di atas dan setuju data saya diproses untuk keperluan tersebut."
        ),
        error_messages={"required": _("Centang persetujuan ini agar permohonan bisa diproses.")},
    )
    # Honeypot: hidden from people by CSS; a bot that fills every field gives itself away.
    situs_web = forms.CharField(
        label=_("Jangan diisi"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta(WorkerForm.Meta):
        fields = [f for f in WorkerForm.Meta.fields if f != "desil"]
        widgets = {
            "sex": forms.RadioSelect,
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kabupaten = settings.DEFAULT_KABUPATEN
        kwargs.setdefault(
            "desa_queryset", Region.objects.filter(level=Region.Level.DESA, code__startswith=kabupaten + ".")
        )
        kwargs.setdefault("agency_queryset", Agency.objects.filter(kabupaten_id=kabupaten))
        kwargs.setdefault("kabupaten", kabupaten)  # the form serves this kabupaten's desa: its occupations
        super().__init__(*args, **kwargs)
        # Read when the select is drawn, not when a valid application is checked (the queryset checks the code).
        # Drawing the select iterates them twice (the first option decides `required`): one query per form.
        self.fields["desa"].choices = cache(partial(desa_choices, kabupaten))  # type: ignore[attr-defined]
        self.fields["desa"].label = _("Desa/kelurahan tempat tinggal")
        self.fields["sex"].choices = [c for c in self.fields["sex"].choices if c[0]]  # type: ignore[attr-defined]
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["kk"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["nik"].help_text = _("16 angka, seperti di KTP")
        self.fields["agency"].label = _("OPD tempat bekerja (khusus non-ASN)")
        for name in ("occupation", "phone", "address", "birth_place"):
            self.fields[name].required = True
        self.fields["birth_date"].widget.attrs["autocomplete"] = "bday"

    def clean_income(self) -> int:
        digits = re.sub(r"[^\d]", "", re.sub(r"[,.]00$", "", self.cleaned_data["income"].strip()))
        if not digits:
            raise forms.ValidationError(_("Tulis penghasilan dalam angka, misalnya 1.500.000."))
        value = int(digits)
        if value > 1_000_000_000:
            raise forms.ValidationError(_("Penghasilan terlalu besar; periksa jumlah angka nolnya."))
        return value

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s\-().]", "", self.cleaned_data.get("phone", ""))
        if not _PHONE.match(phone):
            raise forms.ValidationError(_("Nomor HP/WhatsApp tidak dikenali; tulis seperti 081234567890."))
        return "0" + phone.removeprefix("+").removeprefix("62").removeprefix("0")

    def clean_form_token(self) -> str:
        token = self.cleaned_data.get("form_token") or ""
        return token if re.fullmatch(r"[A-Za-z0-9_\-]{16,64}", token) else secrets.token_urlsafe(24)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("situs_web"))


class StatusForm(forms.Form):
    receipt_no = forms.CharField(label=_("Nomor tanda terima"), max_length=30)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )

    def clean_receipt_no(self) -> str:
        return normalize_receipt_no(self.cleaned_data["receipt_no"])


class FieldEntryForm(WorkerForm):
    """An operator entering a worker on the spot: the same rules as the public form, asked of the person."""

    is_asn = forms.ChoiceField(
        label=_("Apakah pekerja ini ASN (PNS/PPPK), anggota TNI, atau Polri?"),
        choices=YES_NO,
        # The people an operator meets in the field are almost never ASN: "Tidak" is chosen, the operator changes
        # it for the rare one who is (the eligibility rule then refuses them as before).
        initial="tidak",
        widget=forms.RadioSelect,
    )
    bpjs_active = forms.ChoiceField(
        label=_("Apakah pekerja ini sekarang peserta aktif BPJS Ketenagakerjaan?"),
        choices=[*YES_NO, ("tidak_tahu", _("Tidak tahu"))],
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "Pernyataan persetujuan di atas sudah dibacakan atau dibaca oleh pekerja, dan pekerja menyetujuinya."
        ),
        error_messages={"required": _("Tanpa persetujuan pekerja, datanya tidak boleh dicatat.")},
    )
