from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Region(models.Model):
    """A Kemendagri region. The dotted code is the key: 16 · 16.06 · 16.06.01 · 16.06.01.2001."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten/Kota")
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa/Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def level_of(code: str) -> str:
        return [Region.Level.PROVINSI, Region.Level.KABUPATEN, Region.Level.KECAMATAN, Region.Level.DESA][
            code.count(".")
        ]

    @property
    def is_kelurahan(self) -> bool:
        return self.level == Region.Level.DESA and self.code.rsplit(".", 1)[-1].startswith("1")

    def contains(self, code: str) -> bool:
        return code == self.code or code.startswith(self.code + ".")


class RegionAlias(models.Model):
    """Another name of a region: a former name from an older Kemendagri list, or one a rename left behind.

    Files from other systems (P3KE, older village lists) keep writing the old spelling; the code is the key.
    """

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("wilayah")
    )
    name = models.CharField(_("nama lain"), max_length=100)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["region_id", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="region_alias_unique")]
        verbose_name = _("nama lain wilayah")
        verbose_name_plural = _("nama lain wilayah")

    def __str__(self) -> str:
        return f"{self.name} → {self.region_id}"


def unique_per_kabupaten(field: str, name: str, message: StrPromise) -> list[models.BaseConstraint]:
    """`field` unique among the rows of the whole deployment (no kabupaten) and among each kabupaten's own rows.

    Two constraints, because NULLs are distinct in a unique index on both databases: the deployment's rows need
    their own. Named `<name>_deployment` and `<name>_kabupaten`.
    """
    return [
        models.UniqueConstraint(
            fields=[field],
            condition=Q(kabupaten__isnull=True),
            name=f"{name}_deployment",
            violation_error_message=message,
        ),
        models.UniqueConstraint(
            fields=["kabupaten", field],
            condition=Q(kabupaten__isnull=False),
            name=f"{name}_kabupaten",
            violation_error_message=message,
        ),
    ]
