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
    assert sorted(d.user.username for d in devices) == ["bpjs", "desa", "desa2", "dinas", "kecamatan", "opd"]
    assert security.DEMO_TOTP_SECRET in out.getvalue()

    printed = io.StringIO()
    call_command("demo_otp", stdout=printed)
    match = re.search(r"Kode saat ini: (\d{6})", printed.getvalue())
    assert match, printed.getvalue()
    code = match.group(1)
    assert devices.get(user__username="dinas").verify_token(code)


def test_the_printed_hints_work_as_printed(settings, tmp_path):
    import shlex
    import subprocess
    from pathlib import Path

    from lindung.core.demo import api

    out = io.StringIO()
    people.seed_agencies(out)
    people.seed_users(out)
    security.seed(out)
    hint = re.search(r"`make otp` \(sama dengan `([^`]+)`\)", out.getvalue())
    assert hint, out.getvalue()
    python, manage, command = shlex.split(hint.group(1))
    assert (manage, command) == ("manage.py", "demo_otp")
    # The interpreter printed is one that has Django (a bare `python` outside the venv has not).
    ran = subprocess.run([python, "-c", "import django"], cwd=Path.cwd(), check=False)  # noqa: S603
    assert ran.returncode == 0
    settings.DEMO_URL = "http://127.0.0.1:8123"
    printed = io.StringIO()
    api.seed(printed)
    assert (
        "curl -H 'Authorization: Bearer <kunci>' http://127.0.0.1:8123/api/statistics" in printed.getvalue()
    )
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    assert "LINDUNG_DEMO_URL=http://$(HOST)" in makefile and "\notp:" in makefile
