"""Tokens that let other systems use the API with a role and an area, like a staff login."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Agency, Role
from lindung.regions.models import Region

KEY_PREFIX = "lnd_"


def hash_key(key: str) -> str:
    """Keys are long random strings, so one SHA-256 is enough; only this hash is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    name = models.CharField(_("nama sistem"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, shown in lists so an operator can tell tokens apart.
    key_hint = models.CharField(max_length=12, editable=False)
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
