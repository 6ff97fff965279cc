"""The office profile: the dinas's contact on the public pages and notices, the letterhead and signatory."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from PIL import Image, UnidentifiedImageError

from lindung.accounts.capabilities import Capability
from lindung.accounts.selectors import admin_kabupaten
from lindung.core.access import capability_required
from lindung.core.models import Office

from .. import services

LOGO_MAX_BYTES = 500_000


class OfficeForm(forms.ModelForm):
    # Longer than the 18 digits so that a NIP typed in groups ("1970 0101 1995 03 1 001") reaches the cleaner.
    signatory_nip = forms.CharField(label=gettext_lazy("NIP penandatangan"), max_length=30, required=False)
    logo_file = forms.FileField(
        label=gettext_lazy("Logo kop surat (PNG atau JPEG, paling besar 500 KB)"),
        required=False,
        help_text=gettext_lazy("Tanpa logo, surat memakai lambang sederhana dengan inisial kabupaten."),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Hapus logo"), required=False)

    class Meta:
        model = Office
        fields = [f for f in services.OFFICE_FIELDS if f not in ("logo_type", "logo_size")]

    def clean_signatory_nip(self) -> str:
        nip = "".join(self.cleaned_data.get("signatory_nip", "").split())
        if nip and (not nip.isdigit() or len(nip) != 18):
            raise forms.ValidationError(_("NIP terdiri dari 18 angka."))
        return nip

    def clean_logo_file(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Berkas logo terlalu besar (paling besar 500 KB)."))
        content = upload.read()
        try:
            kind = Image.open(io.BytesIO(content)).format
        except (UnidentifiedImageError, OSError):
            kind = None
        if kind not in ("PNG", "JPEG"):
            raise forms.ValidationError(_("Logo harus berupa gambar PNG atau JPEG."))
        return content, kind.lower()


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def office_edit(request: HttpRequest) -> HttpResponse:
    kabupaten = admin_kabupaten(request.user)
    office = Office.objects.filter(kabupaten=kabupaten).first() or Office.default_for(kabupaten)
    before = services.snapshot(office, services.OFFICE_FIELDS) if office.pk else None
    form = OfficeForm(request.POST or None, request.FILES or None, instance=office)
    if request.method == "POST" and form.is_valid():
        office = form.save(commit=False)
        logo = form.cleaned_data.get("logo_file")
        if logo:
            office.logo, office.logo_type = logo
        elif form.cleaned_data.get("remove_logo"):
            office.logo, office.logo_type = None, ""
        services.office_save(office=office, before=before, by=request.user, request=request)
        messages.success(request, _("Profil instansi tersimpan."))
        return redirect("office_edit")
    return render(request, "masterdata/office_form.html", {"form": form, "office": office})
