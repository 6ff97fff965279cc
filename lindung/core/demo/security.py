"""Demo two-factor devices: every demo login whose role needs 2FA gets a TOTP device with one known secret.

A real deployment never runs this. For the demo, add DEMO_TOTP_SECRET to an authenticator app once (or run
`manage.py demo_otp` for the current code) and every demo login of an Admin Dinas or operator works.
"""

from __future__ import annotations

import sys
from base64 import b32decode
from pathlib import Path
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.accounts.models import User

from .people import demo_logins

DEMO_TOTP_SECRET = "LINDUNGDEMOMUBATOTPKEYSEKAYUDEMO"  # noqa: S105 — printed on purpose, demo only
DEMO_DEVICE_NAME = "demo"


def demo_key_hex() -> str:
    return b32decode(DEMO_TOTP_SECRET + "=" * (-len(DEMO_TOTP_SECRET) % 8)).hex()


def seed(out: Any) -> None:
    names = [username for username, _role, _area in demo_logins()]
    enrolled = []
    for user in User.objects.filter(username__in=names).order_by("username"):
        if not user.requires_2fa:
            continue
        enrolled.append(user.username)
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            continue  # already enrolled (with the demo secret or the user's own app): leave it
        TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, key=demo_key_hex(), confirmed=True)
    out.write(
        f"Verifikasi dua langkah (demo) untuk {', '.join(enrolled)}: tambahkan kunci {DEMO_TOTP_SECRET} "
        f"ke aplikasi autentikator, atau jalankan `make otp` (sama dengan `{manage_command('demo_otp')}`) "
        "untuk kode saat ini."
    )


def manage_command(name: str) -> str:
    """`<this interpreter> manage.py <name>` as it can be typed from the project folder (.venv/bin/python after
    `make run`): a bare `python` is often not the virtualenv's and fails with a missing Django."""
    python = Path(sys.executable)
    try:
        shown = str(python.relative_to(Path.cwd()))
    except ValueError:
        shown = str(python)
    return f"{shown} manage.py {name}"
