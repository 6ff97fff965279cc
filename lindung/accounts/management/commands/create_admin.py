import os
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lindung.accounts.models import Role, User
from lindung.accounts.services import user_snapshot
from lindung.audit.services import audit_log
from lindung.regions.models import Region


class Command(BaseCommand):
    help = (
        "Buat Admin Dinas pertama dari variabel lingkungan LINDUNG_ADMIN_USERNAME dan LINDUNG_ADMIN_PASSWORD "
        "(wilayah: LINDUNG_ADMIN_AREA, bawaan LINDUNG_KABUPATEN). Bila nama pengguna itu sudah ada, tidak ada "
        "yang diubah. Verifikasi dua langkah didaftarkan saat ia pertama kali masuk."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        username = os.environ.get("LINDUNG_ADMIN_USERNAME", "").strip()
        password = os.environ.get("LINDUNG_ADMIN_PASSWORD", "")
        area_code = os.environ.get("LINDUNG_ADMIN_AREA", settings.DEFAULT_KABUPATEN).strip()
        if not username or not password:
            raise CommandError(
                "Isi LINDUNG_ADMIN_USERNAME dan LINDUNG_ADMIN_PASSWORD untuk membuat admin pertama."
            )
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Pengguna {username} sudah ada; tidak diubah.")
            return
        area = Region.objects.filter(code=area_code).first()
        if area is None or area.level != Region.Level.KABUPATEN:
            raise CommandError(
                f"Wilayah {area_code} bukan kabupaten/kota yang sudah dimuat; jalankan `manage.py load_regions "
                f"{area_code}` dahulu atau perbaiki LINDUNG_ADMIN_AREA."
            )
        user = User(username=username, role=Role.ADMIN_DINAS, area=area)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(
                "Kata sandi LINDUNG_ADMIN_PASSWORD ditolak: " + " ".join(exc.messages)
            ) from None
        user.set_password(password)
        user.save()
        audit_log(actor=None, action="account.create", obj=user, changes=user_snapshot(user))
        self.stdout.write(
            f"Admin Dinas {username} dibuat untuk {area.name}. Hapus LINDUNG_ADMIN_PASSWORD dari berkas "
            "lingkungan; verifikasi dua langkah didaftarkan saat masuk pertama."
        )
