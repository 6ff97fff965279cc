"""Premium rates as dated rows, and the monthly bill per funding source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.enrolment.models import FundingSource, Membership


class PremiumRate(models.Model):
    class Program(models.TextChoices):
        JKK = "JKK", _("Jaminan Kecelakaan Kerja")
        JKM = "JKM", _("Jaminan Kematian")
        JHT = "JHT", _("Jaminan Hari Tua")

    class Basis(models.TextChoices):
        PERCENT = "percent_of_income", _("Persen dari penghasilan yang didaftarkan")
        FLAT = "flat", _("Nominal tetap per bulan")

    program = models.CharField(_("program"), max_length=3, choices=Program.choices)
    basis = models.CharField(_("dasar"), max_length=20, choices=Basis.choices)
    # Percent (1.0000 = 1%) or Rupiah per month, depending on the basis.
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=4)
    effective_from = models.DateField(_("berlaku mulai"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    # Funding kinds this row does not apply to (PP 50/2025's discount excludes APBN/APBD-paid members).
    excluded_kinds = models.JSONField(_("tidak berlaku untuk sumber dana"), default=list, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200)

    class Meta:
        ordering = ["program", "-effective_from", "id"]
        verbose_name = _("tarif iuran")
        verbose_name_plural = _("tarif iuran")

    def __str__(self) -> str:
        return f"{self.program} {self.value} ({self.effective_from})"

    @property
    def excluded_kind_labels(self) -> list[str]:
        """The funding sources this rate skips, as staff call them ("APBD kabupaten", not apbd_kabupaten)."""
        labels = dict(FundingSource.Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.excluded_kinds or []]


class Bill(models.Model):
    """What the regency owes BPJS for one month and one funding source."""

    month = models.DateField(_("bulan"))  # the first day of the month
    funding_source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="bills")
    member_count = models.PositiveIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "funding_source__name"]
        constraints = [
            models.UniqueConstraint(fields=["month", "funding_source"], name="bill_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.funding_source}"


class BillLine(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="bill_lines")
    kpj = models.CharField(max_length=20)
    jkk = models.PositiveIntegerField(default=0)
    jkm = models.PositiveIntegerField(default=0)
    jht = models.PositiveIntegerField(default=0)
    amount = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kpj} {self.amount}"


class Payment(models.Model):
    """A transfer to BPJS (SP2D) for one month's bill of one funding source."""

    funding_source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="payments")
    month = models.DateField(_("bulan tagihan"))  # the first day of the month paid for
    sp2d_number = models.CharField(_("nomor SP2D"), max_length=60, unique=True)
    sp2d_date = models.DateField(_("tanggal SP2D"))
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sp2d_date", "-id"]

    def __str__(self) -> str:
        return f"SP2D {self.sp2d_number}"


class BudgetAllocation(models.Model):
    """The year's allocation for one funding source; commitment, realisation and forecast are computed."""

    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    funding_source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="budget_allocations"
    )
    allocation = models.PositiveBigIntegerField(_("pagu (Rp)"))
    legal_basis = models.CharField(_("dasar (DPA/APBD)"), max_length=200, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "funding_source__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "funding_source"], name="premium_allocation_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.funding_source}"


class InvoiceUpload(models.Model):
    """A BPJS invoice (tagihan) file, reconciled line by line against our bill for the month."""

    funding_source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="invoices")
    month = models.DateField(_("bulan"))
    filename = models.CharField(max_length=200)
    total = models.PositiveBigIntegerField(default=0)
    report = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class Claim(models.Model):
    """A JKK (work accident) or JKM (death) case reported by a family or a village."""

    class Kind(models.TextChoices):
        JKK = "JKK", _("Kecelakaan kerja (JKK)")
        JKK_DEATH = "JKK_MD", _("Meninggal karena kecelakaan kerja (JKK)")
        JKM = "JKM", _("Meninggal dunia (JKM)")

    class Status(models.TextChoices):
        REPORTED = "dilaporkan", _("Dilaporkan")
        SUBMITTED = "diajukan", _("Diajukan ke BPJS")
        PAID = "dibayar", _("Dibayar")
        REJECTED = "ditolak", _("Ditolak")

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="claims")
    kind = models.CharField(_("jenis"), max_length=6, choices=Kind.choices)
    event_date = models.DateField(_("tanggal kejadian"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REPORTED)
    reported_by_name = models.CharField(_("pelapor"), max_length=100, blank=True)
    amount_paid = models.PositiveBigIntegerField(_("dibayar BPJS (Rp)"), null=True, blank=True)
    paid_date = models.DateField(_("tanggal dibayar"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-event_date", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_date}"
