from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PLACEHOLDERS, Channel, NoticeTemplate
from .services import placeholders_in


class NoticeTemplateForm(forms.ModelForm):
    class Meta:
        model = NoticeTemplate
        fields = ["text", "provider_template", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.channel != Channel.WHATSAPP:
            del self.fields["provider_template"]

    def clean_provider_template(self) -> str:
        name = self.cleaned_data["provider_template"].strip()
        # Meta names templates in lower-case letters, digits and underscores.
        if name and not re.fullmatch(r"[a-z0-9_]{1,100}", name):
            raise forms.ValidationError(
                _(
                    "Nama templat WhatsApp hanya huruf kecil, angka, dan garis bawah, mis. lindung_pengajuan_diterima."
                )
            )
        return name

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        allowed = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
        try:
            used = placeholders_in(text)
        except ValueError:
            raise forms.ValidationError(
                _("Kurung kurawal tidak berpasangan. Isian yang bisa dipakai: %(allowed)s.")
                % {"allowed": allowed}
            ) from None
        unknown = sorted(used - set(PLACEHOLDERS))
        if unknown:
            raise forms.ValidationError(
                _("Isian %(unknown)s tidak dikenal. Isian yang bisa dipakai: %(allowed)s.")
                % {"unknown": ", ".join("{" + u + "}" for u in unknown), "allowed": allowed}
            )
        if len(text) > 1000:
            raise forms.ValidationError(_("Pesan terlalu panjang (paling banyak 1.000 huruf)."))
        return text
