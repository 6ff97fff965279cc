"""Eligibility rules as data: each rule is a dated row with its legal basis; results are stored per worker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Worker


class RuleKind(models.TextChoices):
    AGE = "usia", _("Rentang usia")
    DOMICILE = "domisili", _("Berdomisili di kabupaten")
    NOT_ASN = "bukan_asn", _("Bukan ASN, TNI, atau Polri")
    NOT_PARTICIPANT = "bukan_peserta", _("Belum menjadi peserta aktif BPJS Ketenagakerjaan")
    DESIL = "desil", _("Desil P3KE paling tinggi")


class SegmentFilter(models.TextChoices):
    ALL = "semua", _("Semua segmen")
    RENTAN = "rentan", _("Pekerja rentan")
    NON_ASN = "non_asn", _("Non-ASN")


class DomicileBasis(models.TextChoices):
    DESA = "desa", _("Desa tempat tinggal yang dipilih")
    NIK = "nik", _("Wilayah pada NIK")
    NIK_OR_KK = "nik_atau_kk", _("Wilayah pada NIK, atau pada nomor KK bagi yang pindah")


class EligibilityRule(models.Model):
    kind = models.CharField(_("jenis aturan"), max_length=20, choices=RuleKind.choices)
    # Kind-specific values, e.g. {"min": 18, "max": 65} or {"max": 3}; see rules.py for each kind.
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    segment = models.CharField(
        _("berlaku untuk"), max_length=10, choices=SegmentFilter.choices, default=SegmentFilter.ALL
    )
    effective_from = models.DateField(_("berlaku sejak"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200)
    active = models.BooleanField(_("aktif"), default=True)
    # Empty: the deployment's rule for every kabupaten/kota (the province's default). Set: that kabupaten's own
    # rule, which replaces the default rules of the same kind there (rules.rules_in_force).
    kabupaten = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khusus kabupaten/kota"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "effective_from", "id"]
        verbose_name = _("aturan kelayakan")
        verbose_name_plural = _("aturan kelayakan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.legal_basis})"


class WorkerDeclaration(models.Model):
    """What the worker declared about themself: the seam for the ASN and active-participant rules.

    When enrolment records memberships, `bukan_peserta` should also look for an active membership.
    """

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="declaration")
    is_asn = models.BooleanField(_("ASN, TNI, atau Polri"), default=False)
    bpjs_active = models.BooleanField(_("sudah peserta aktif BPJS Ketenagakerjaan"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.worker_id}: asn={self.is_asn} bpjs={self.bpjs_active}"


class EligibilityResult(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="eligibility_results")
    rule = models.ForeignKey(EligibilityRule, on_delete=models.CASCADE, related_name="results")
    passed = models.BooleanField()
    reason = models.CharField(max_length=300)
    evaluated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "rule"], name="eligibility_result_once")]
        indexes = [models.Index(fields=["passed", "worker"])]

    def __str__(self) -> str:
        return f"{self.worker_id} · {self.rule_id}: {self.passed}"
