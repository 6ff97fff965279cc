from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.audit.services import audit_log, client_ip
from lindung.regions.models import Region

from . import throttle
from .models import Agency, Role, User


class LoginForm(AuthenticationForm):
    """Django's login form plus the lockout: checked before the password, counted after a failure."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        until = throttle.locked_until(username, ip)
        if until is not None:
            raise self._locked(until)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                throttle.record_failure(username, ip)
                until = throttle.locked_until(username, ip)
                if until is not None:
                    user = User.objects.filter(username__iexact=username).first()
                    if user is not None:
                        audit_log(actor=None, action="account.locked", obj=user, request=self.request)
                    raise self._locked(until) from None
            raise
        throttle.clear_failures(username, ip)
        return cleaned

    @staticmethod
    def _locked(until: Any) -> forms.ValidationError:
        return forms.ValidationError(
            _(
                "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, akun atau alamat ini dikunci "
                "sampai pukul %(time)s. Coba lagi setelah itu, atau hubungi Admin Dinas."
            )
            % {"time": formats.time_format(timezone.localtime(until), "H:i")},
            code="locked",
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


def area_choices(kabupaten: Region) -> list[tuple[Any, Any]]:
    """The kabupaten, its kecamatan, then its desa grouped by kecamatan: one select that needs no JavaScript."""
    kecamatan: list[tuple[str, str]] = []
    desa: dict[str, list[tuple[str, str]]] = defaultdict(list)
    inside = Region.objects.filter(code__startswith=kabupaten.code + ".").order_by("name")
    for code, name, level, parent in inside.values_list("code", "name", "level", "parent_id"):
        if level == Region.Level.KECAMATAN:
            kecamatan.append((code, name))
        elif level == Region.Level.DESA:
            desa[parent].append((code, name))
    choices: list[tuple[Any, Any]] = [
        ("", _("— pilih wilayah kerja —")),
        (kabupaten.code, _("%(name)s (seluruh kabupaten)") % {"name": kabupaten.name}),
        (_("Kecamatan"), [(code, _("Kec. %(name)s") % {"name": name}) for code, name in kecamatan]),
    ]
    for code, name in kecamatan:
        if desa[code]:
            choices.append((_("Desa/kelurahan di Kec. %(name)s") % {"name": name}, desa[code]))
    return choices


class StaffForm(forms.ModelForm):
    """A staff account inside one kabupaten. Whether the area fits the role is the model's rule (User.clean)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "role", "area", "agency"]
        labels = {"first_name": gettext_lazy("Nama lengkap")}
        help_texts = {
            "username": gettext_lazy(
                "Untuk masuk. Tanpa spasi; huruf, angka, dan tanda . _ - boleh dipakai."
            ),
            "area": gettext_lazy(
                "Operator Desa: desanya. Operator Kecamatan: kecamatannya. Pimpinan: kabupaten, kecamatan, "
                "atau desa. Peran lain: seluruh kabupaten."
            ),
            "agency": gettext_lazy("Hanya untuk Operator OPD."),
        }

    def __init__(self, *args: Any, kabupaten: Region, editing_self: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = Region.objects.filter(
            Q(code=kabupaten.code) | Q(code__startswith=kabupaten.code + ".")
        )
        area.choices = area_choices(kabupaten)
        area.required = True
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(kabupaten=kabupaten)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [("", _("— pilih peran —")), *Role.choices]
        role.required = True
        self.fields["first_name"].required = True
        if self.instance.pk:
            self.fields["username"].disabled = True
        if editing_self:
            # An admin who demotes themself or leaves the kabupaten locks themself out of this page.
            self.fields["role"].disabled = True
            self.fields["area"].disabled = True

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai. Pilih nama lain."))
        return username

    def clean_first_name(self) -> str:
        name = " ".join(self.cleaned_data["first_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Nama terlalu pendek."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") != Role.OPERATOR_OPD:
            data["agency"] = None  # only an OPD operator belongs to an agency
        return data
