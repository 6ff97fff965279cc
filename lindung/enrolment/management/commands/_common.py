from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from lindung.accounts.models import Role, User


def acting_user(username: str | None) -> User:
    """The named user, else the first Admin Dinas of the default kabupaten: commands act as a person."""
    if username:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"Pengguna {username!r} tidak ada.") from None
    user = (
        User.objects.filter(role=Role.ADMIN_DINAS, area_id=settings.DEFAULT_KABUPATEN, is_active=True)
        .order_by("id")
        .first()
    )
    if user is None:
        raise CommandError("Tidak ada Admin Dinas untuk kabupaten bawaan; sebutkan --user.")
    return user
