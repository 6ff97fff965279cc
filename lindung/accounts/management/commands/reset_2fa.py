from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lindung.accounts.models import User
from lindung.accounts.twofactor import totp_reset


class Command(BaseCommand):
    help = "Hapus verifikasi dua langkah seorang pengguna (ponsel hilang); ia mendaftar ulang saat masuk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Pengguna {options['username']} tidak ada.")
        totp_reset(user=user, by=None, request=None)
        self.stdout.write(
            f"Verifikasi dua langkah {user.username} dihapus; ia akan mendaftar ulang saat masuk."
        )
