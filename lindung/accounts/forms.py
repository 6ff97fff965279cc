from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindung.audit.services import audit_log, client_ip

from . import throttle
from .models import User


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
        throttle.clear_failures(username)
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
