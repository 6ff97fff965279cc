from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PLACEHOLDERS, NoticeTemplate
from .services import placeholders_in


class NoticeTemplateForm(forms.ModelForm):
    class Meta:
        model = NoticeTemplate
        fields = ["text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

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
