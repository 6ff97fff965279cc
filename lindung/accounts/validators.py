"""Password rules beyond Django's: no username and no NIK/KK-like number inside the password."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SIXTEEN_DIGITS = re.compile(r"\d{16}")


class NoIdentityInPasswordValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").strip().lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError(
                _("Kata sandi tidak boleh memuat nama pengguna."), code="password_contains_username"
            )
        if SIXTEEN_DIGITS.search(password):
            raise ValidationError(
                _("Kata sandi tidak boleh memuat nomor 16 angka seperti NIK atau nomor KK."),
                code="password_contains_nik",
            )

    def get_help_text(self) -> str:
        return _("Kata sandi tidak boleh memuat nama pengguna atau nomor 16 angka (NIK/KK).")
