"""Figures the reports need that no other part of the system holds, and the dashboard's snapshot table."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Agency
from lindung.regions.models import Region

NATIONAL_TARGET = Decimal("52.15")


class PotentialWorkers(models.Model):
    """The BPS figure of the working population: the denominator of coverage."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    year = models.PositiveSmallIntegerField(_("tahun"))
    count = models.PositiveIntegerField(_("jumlah pekerja potensial"))
    source_note = models.CharField(_("sumber"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["region_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="potential_once_per_year")]
        verbose_name = _("pekerja potensial (BPS)")
        verbose_name_plural = _("pekerja potensial (BPS)")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.count}"


class CoverageTarget(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    percent = models.DecimalField(
        _("target cakupan (%)"),
        max_digits=5,
        decimal_places=2,
        default=NATIONAL_TARGET,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    legal_basis = models.CharField(_("dasar"), max_length=200, blank=True)

    class Meta:
        ordering = ["region_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="target_once_per_year")]
        verbose_name = _("target cakupan")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.percent}%"


class Regulation(models.Model):
    class Kind(models.TextChoices):
        PERDA = "perda", _("Peraturan Daerah")
        PERBUP = "perbup", _("Peraturan Bupati/Wali Kota")
        SK = "sk", _("Keputusan/SK")
        SE = "se", _("Surat Edaran")
        INPRES = "inpres", _("Instruksi Presiden")
        PUSAT = "pusat", _("Peraturan pusat lainnya")

    kabupaten = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten")
    )
    title = models.CharField(_("judul"), max_length=300)
    number = models.CharField(_("nomor"), max_length=40)
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["-year", "kind", "number"]
        verbose_name = _("regulasi")
        verbose_name_plural = _("regulasi")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}/{self.year}"


class Innovation(models.Model):
    kabupaten = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("nama inovasi"), max_length=200)
    description = models.TextField(_("uraian"))

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("inovasi")
        verbose_name_plural = _("inovasi")

    def __str__(self) -> str:
        return self.title


class Budget(models.Model):
    """Budget allocated and realised for the program in a fiscal year, entered by the dinas."""

    kabupaten = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten")
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    allocated = models.PositiveBigIntegerField(_("anggaran dialokasikan (Rp)"))
    realised = models.PositiveBigIntegerField(_("anggaran terealisasi (Rp)"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["kabupaten", "year"], name="budget_once_per_year")]
        verbose_name = _("anggaran")
        verbose_name_plural = _("anggaran")

    def __str__(self) -> str:
        return f"{self.kabupaten_id} {self.year}"


class SemesterProblem(models.Model):
    """Problems and follow-up for the Kemenko PMK semester report (free text)."""

    kabupaten = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten")
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=[(1, "I"), (2, "II")])
    problem = models.TextField(_("permasalahan"))
    follow_up = models.TextField(_("tindak lanjut"), blank=True)

    class Meta:
        ordering = ["-year", "-semester", "id"]
        verbose_name = _("permasalahan semester")

    def __str__(self) -> str:
        return self.problem[:60]


class CoverageSnapshot(models.Model):
    """Counts per desa (and segment/OPD) and per breakdown key, as of one date.

    The dashboard sums these small rows instead of joining a million workers on every page view.
    The columns desa/kecamatan/kabupaten/segment/agency carry the same names as on Worker, so the one
    area rule (`workers.selectors.area_filter`) scopes them unchanged.
    """

    class Dimension(models.TextChoices):
        TOTAL = "total"
        SEX = "sex"
        AGE = "age"
        OCCUPATION = "occupation"
        FUNDING = "funding"
        STATUS = "status"  # workers (not memberships) by current status
        COST = "cost"  # Rupiah: active members of a funding source (key) × its monthly premium on that date

    on = models.DateField(db_index=True)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    key = models.CharField(max_length=40, blank=True)
    desa = models.ForeignKey(Region, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    kecamatan = models.ForeignKey(Region, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    kabupaten = models.ForeignKey(Region, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    segment = models.CharField(max_length=10)
    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, null=True, blank=True, related_name="+", db_constraint=False
    )
    count = models.PositiveBigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["on", "dimension", "kabupaten"]),
            models.Index(fields=["on", "dimension", "kecamatan"]),
            models.Index(fields=["on", "dimension", "desa"]),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.dimension}={self.key} {self.desa_id}: {self.count}"


class SnapshotRun(models.Model):
    """When the snapshot was last rebuilt, so the dashboard can say how fresh its figures are."""

    finished_at = models.DateTimeField(auto_now_add=True)
    on = models.DateField()
    rows = models.PositiveIntegerField()
    seconds = models.FloatField()

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.on}: {self.rows} rows"
