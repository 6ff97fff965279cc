from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.crypto import salted_hmac
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
    # A province's office watching its kabupaten/kota: their figures and reports, never a person.
    PEMANTAU_PROVINSI = "pemantau_provinsi", _("Pemantau Provinsi")


# The level of area each role works on.
ROLE_AREA_LEVEL = {
    Role.ADMIN_DINAS: Region.Level.KABUPATEN,
    Role.OPERATOR_KECAMATAN: Region.Level.KECAMATAN,
    Role.OPERATOR_DESA: Region.Level.DESA,
    Role.OPERATOR_OPD: Region.Level.KABUPATEN,
    Role.PETUGAS_BPJS: Region.Level.KABUPATEN,
    Role.PEMANTAU_PROVINSI: Region.Level.PROVINSI,
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
    # Part of the session hash: bumping it ends every session of the user ("keluar dari semua perangkat").
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # Set when Admin Dinas makes the password (a new account, a forgotten one): it was shown on a screen, so it
    # is the user's own only after they change it. Until then every page leads to the password change.
    must_change_password = models.BooleanField(default=False, editable=False)

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

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django checks this hash on every request; it changes with the password and with the generation.
        key_salt = "lindung.accounts.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def requires_2fa(self) -> bool:
        """Whoever can see any person's data confirms a one-time code after the password (capabilities.py)."""
        from .capabilities import role_sees_people

        return self.is_superuser or role_sees_people(self.role)

    @property
    def can_enter_workers(self) -> bool:
        return self.is_superuser or self.role in ENTRY_ROLES

    @property
    def is_admin_dinas(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN_DINAS


class LoginFailure(models.Model):
    """One failed password attempt; recent rows per username and per IP decide a lockout."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("gagal masuk")
        verbose_name_plural = _("gagal masuk")

    def __str__(self) -> str:
        return f"{self.username} {self.ip} {self.at:%Y-%m-%d %H:%M}"
