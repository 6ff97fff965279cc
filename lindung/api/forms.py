from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Agency, Role
from lindung.regions.models import Region

from .services import check_role_area


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nama sistem"), max_length=100, help_text=_("Mis. SIKS-NG Desa, aplikasi BPJS")
    )
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    area: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Wilayah"), queryset=Region.objects.none())
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("OPD"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, areas: Any, agencies: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["area"].label_from_instance = lambda r: f"{r.code} · {r.get_level_display()} {r.name}"  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") and data.get("area"):
            agency: Agency | None = data.get("agency")
            if data["role"] != Role.OPERATOR_OPD:
                data["agency"] = agency = None
            try:
                check_role_area(role=data["role"], area=data["area"], agency=agency)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return data
