import io
import re

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.core.demo import people, security

pytestmark = pytest.mark.django_db


def test_demo_2fa_logins_get_the_known_secret_once_and_the_code_command_works():
    out = io.StringIO()
    people.seed_agencies(out)
    people.seed_users(out)
    security.seed(out)
    security.seed(out)
    devices = TOTPDevice.objects.filter(name="demo", confirmed=True)
    assert sorted(d.user.username for d in devices) == ["desa", "desa2", "dinas", "kecamatan", "opd"]
    assert security.DEMO_TOTP_SECRET in out.getvalue()

    printed = io.StringIO()
    call_command("demo_otp", stdout=printed)
    match = re.search(r"Kode saat ini: (\d{6})", printed.getvalue())
    assert match, printed.getvalue()
    code = match.group(1)
    assert devices.get(user__username="dinas").verify_token(code)
