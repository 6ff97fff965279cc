import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Demo saja: tampilkan kode verifikasi dua langkah saat ini untuk login demo."

    def handle(self, *args: Any, **options: Any) -> None:
        devices = TOTPDevice.objects.filter(name="demo", confirmed=True).select_related("user")
        if not devices:
            raise CommandError("Tidak ada perangkat demo; jalankan `manage.py seed_demo` dahulu.")
        device = devices[0]
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        left = device.step - int(totp.time - device.t0) % device.step
        users = ", ".join(sorted(d.user.username for d in devices))
        self.stdout.write(f"Kode saat ini: {totp.token():06d} (berlaku {left} detik lagi) untuk {users}")
