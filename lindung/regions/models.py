from django.db import models
from django.utils.translation import gettext_lazy as _


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
