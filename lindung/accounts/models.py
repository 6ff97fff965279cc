from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.regions.models import Region


class Agency(models.Model):
    """An OPD (perangkat daerah) that employs non-ASN staff."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kabupaten = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("perangkat daerah (OPD)")
        verbose_name_plural = _("perangkat daerah (OPD)")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN_DINAS = "admin_dinas", _("Admin Dinas")
    OPERATOR_KECAMATAN = "operator_kecamatan", _("Operator Kecamatan")
    OPERATOR_DESA = "operator_desa", _("Operator Desa")
    OPERATOR_OPD = "operator_opd", _("Operator OPD")
    PETUGAS_BPJS = "petugas_bpjs", _("Petugas BPJS")
    PIMPINAN = "pimpinan", _("Pimpinan")


# The level of area each role works on.
ROLE_AREA_LEVEL = {
    Role.ADMIN_DINAS: Region.Level.KABUPATEN,
    Role.OPERATOR_KECAMATAN: Region.Level.KECAMATAN,
    Role.OPERATOR_DESA: Region.Level.DESA,
    Role.OPERATOR_OPD: Region.Level.KABUPATEN,
    Role.PETUGAS_BPJS: Region.Level.KABUPATEN,
}

# Who may write to the registry (create and edit workers).
ENTRY_ROLES = {Role.ADMIN_DINAS, Role.OPERATOR_KECAMATAN, Role.OPERATOR_DESA, Role.OPERATOR_OPD}


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    area = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wilayah kerja"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("OPD")
    )

    def clean(self) -> None:
        super().clean()
        if not self.role:
            return
        expected = ROLE_AREA_LEVEL.get(Role(self.role))
        if self.role == Role.PIMPINAN:
            if self.area is None or self.area.level == Region.Level.PROVINSI:
                raise ValidationError(
                    {"area": _("Pimpinan harus punya wilayah kabupaten, kecamatan, atau desa.")}
                )
        elif expected and (self.area is None or self.area.level != expected):
            raise ValidationError(
                {
                    "area": _("Peran ini harus punya wilayah kerja tingkat %(level)s.")
                    % {"level": Region.Level(expected).label}
                }
            )
        if self.role == Role.OPERATOR_OPD and self.agency is None:
            raise ValidationError({"agency": _("Operator OPD harus terhubung ke satu OPD.")})

    @property
    def can_enter_workers(self) -> bool:
        return self.is_superuser or self.role in ENTRY_ROLES

    @property
    def is_admin_dinas(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN_DINAS
