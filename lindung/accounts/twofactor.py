"""TOTP two-factor authentication on django-otp: enrolment with a QR code, verification, backup codes."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.audit.services import audit_log

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "aplikasi autentikator"
BACKUP_NAME = "kode cadangan"


def two_factor_required(user: Any) -> bool:
    return bool(settings.LINDUNG_REQUIRE_2FA and user.is_authenticated and user.requires_2fa)


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user: Any) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user; a fresh secret only when none is pending)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG (no Pillow, no JavaScript)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff", title="QR")


def secret_b32(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


def totp_confirm(*, user: Any, token: str, request: HttpRequest) -> list[str] | None:
    """Confirm the pending device with a code from the app; returns new backup codes, or None if wrong."""
    device = pending_totp(user)
    if not device.verify_token(_digits(token)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = backup_codes_regenerate(user=user, request=None)
        audit_log(actor=user, action="account.2fa_enrol", obj=user, request=request)
    otp_login(request, device)
    return codes


def backup_codes_regenerate(*, user: Any, request: HttpRequest | None) -> list[str]:
    """Replace all backup codes; each works once. Returned once to show the user, stored for checking."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    if request is not None:
        audit_log(actor=user, action="account.backup_codes", obj=user, request=request)
    return codes


def backup_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def verify(*, request: HttpRequest, token: str) -> bool:
    """Check a TOTP code or a backup code for the logged-in user and mark the session verified."""
    user: Any = request.user
    token = token.strip().replace(" ", "").lower()
    for device in devices_for_user(user, confirmed=True):
        candidate = _digits(token) if isinstance(device, TOTPDevice) else token
        if candidate and device.verify_token(candidate):
            otp_login(request, device)
            action = "account.2fa_backup_used" if isinstance(device, StaticDevice) else "account.2fa_ok"
            audit_log(actor=user, action=action, obj=user, request=request)
            return True
    audit_log(actor=user, action="account.2fa_failed", obj=user, request=request)
    return False


def totp_reset(*, user: Any, by: Any, request: HttpRequest | None) -> None:
    """Remove every second factor of a user (lost phone); they enrol again at their next login."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_log(actor=by, action="account.2fa_reset", obj=user, request=request)


def throttled(user: Any) -> bool:
    """True while django-otp makes the user wait after wrong codes (the delay doubles each time)."""
    return any(not d.verify_is_allowed()[0] for d in TOTPDevice.objects.filter(user=user))


def _digits(token: str) -> str:
    return "".join(ch for ch in token if ch.isdigit())
