"""Enrolment with BPJS Ketenagakerjaan: funding sources, batches sent to the branch, and memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Agency
from lindung.core.leases import lease_held
from lindung.regions.models import Region, unique_per_kabupaten
from lindung.workers.models import Worker

DEFAULT_DECLARED_INCOME = 1_000_000
DEFAULT_PROGRAMS = "JKK+JKM"


class FundingSource(models.Model):
    class Kind(models.TextChoices):
        APBD_KABUPATEN = "apbd_kabupaten", _("APBD kabupaten")
        APBDES = "apbdes", _("APBDes")
        OPD = "opd", _("Anggaran OPD")
        APBN = "apbn", _("APBN")
        MANDIRI = "mandiri", _("Mandiri (dibayar peserta)")

    class Group(models.TextChoices):
        SG = "SG", _("SG — pekerja rentan dibiayai pemerintah")
        SA = "SA", _("SA — pekerja desa dibiayai APBD")
        SD = "SD", _("SD — dibiayai APBDes")

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    group_code = models.CharField(_("kode wadah"), max_length=2, choices=Group.choices, default=Group.SG)
    # A government program registers every member at this income, whatever the worker earns.
    declared_income = models.PositiveIntegerField(
        _("penghasilan yang didaftarkan (Rp)"), default=DEFAULT_DECLARED_INCOME
    )
    kabupaten = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = _("sumber dana")
        verbose_name_plural = _("sumber dana")

    def __str__(self) -> str:
        return self.name


class ExportLayout(models.Model):
    """The branch file's columns: [header, field] or [header, field, option] (fixed text, a date format).
    Branches differ; no public template exists."""

    # Unique per scope (Meta), like Occupation.code; the master-data form also refuses a kabupaten's name that
    # repeats a deployment-wide one (both are offered in that kabupaten's batch form) and compares without case.
    name = models.CharField(_("nama"), max_length=100)
    columns = models.JSONField(_("kolom"))
    is_default = models.BooleanField(_("bawaan"), default=False)
    # Empty: a layout of the whole deployment. Set: that kabupaten/kota's own; its default layout wins there over
    # the deployment's default (batches.layout_for).
    kabupaten = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khusus kabupaten/kota"),
    )

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = unique_per_kabupaten(
            "name", "export_layout_name", _("Tata letak dengan nama ini sudah ada.")
        )

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .export_layout import column_problems

        problems = column_problems(self.columns)
        if problems:
            raise ValidationError({"columns": problems})


class EnrolmentBatch(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SEALED = "sealed", _("Dikunci")
        # The file is made in Lindung; sending it to the branch (e-mail, flash disk, the branch's portal) happens
        # outside and is recorded by hand, so the status never claims a file went out that nobody sent.
        EXPORTED = "exported", _("Berkas dibuat")
        SENT = "sent", _("Berkas dikirim")
        RESULTS_APPLIED = "results_applied", _("Hasil diterapkan")
        CLOSED = "closed", _("Ditutup")

    number = models.CharField(_("nomor"), max_length=30, unique=True)
    coverage_start = models.DateField(_("mulai kepesertaan"))
    funding_source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="batches")
    group_code = models.CharField(_("kode wadah"), max_length=2, choices=FundingSource.Group.choices)
    kabupaten = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    filters = models.JSONField(default=dict, blank=True)
    workers = models.ManyToManyField(Worker, through="BatchLine", related_name="enrolment_batches")
    layout = models.ForeignKey(ExportLayout, on_delete=models.PROTECT, null=True, blank=True)
    exported_file = models.FileField(upload_to="enrolment/batches/", blank=True)
    result_file = models.FileField(upload_to="enrolment/results/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sealed_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("dikirim ke BPJS"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_note = models.CharField(_("cara pengiriman"), max_length=200, blank=True)
    # A large seal or apply runs in the background worker; the page shows its state and outcome.
    job = models.CharField(max_length=10, blank=True)  # "", "seal", "apply"
    job_message = models.CharField(max_length=300, blank=True)
    # Set by the worker that took the job; with nobody holding the lease, that worker died (core.leases).
    job_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("batch pendaftaran")

    def __str__(self) -> str:
        return self.number

    @property
    def lease_key(self) -> str:
        return f"batch:{self.pk}"

    @cached_property
    def job_stalled(self) -> bool:
        """The background job on this batch lost its worker before finishing (its transaction rolled back)."""
        return bool(self.job) and self.job_started_at is not None and not lease_held(self.lease_key)


class BatchLine(models.Model):
    class Result(models.TextChoices):
        PENDING = "", _("Menunggu hasil")
        ACCEPTED = "diterima", _("Diterima")
        REJECTED = "ditolak", _("Ditolak BPJS")
        DROPPED = "dikeluarkan", _("Dikeluarkan saat penguncian")

    batch = models.ForeignKey(EnrolmentBatch, on_delete=models.CASCADE, related_name="lines")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="batch_lines")
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=100)
    result = models.CharField(max_length=12, choices=Result.choices, default=Result.PENDING, blank=True)
    kpj = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["batch", "worker"], name="batchline_once_per_batch")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.nik}"


class ResultUpload(models.Model):
    """A result file from the branch, parsed and reconciled; applied only when a user confirms."""

    batch = models.ForeignKey(EnrolmentBatch, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to="enrolment/results/")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    report = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class EndReason(models.TextChoices):
    MENINGGAL = "meninggal", _("Meninggal dunia")
    PINDAH = "pindah_domisili", _("Pindah domisili")
    PENERIMA_UPAH = "penerima_upah", _("Menjadi pekerja penerima upah")
    USIA = "batas_usia", _("Melewati batas usia")
    MUNDUR = "mengundurkan_diri", _("Mengundurkan diri")
    TMS = "tidak_memenuhi_syarat", _("Tidak memenuhi syarat")


class Membership(models.Model):
    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        NONAKTIF = "nonaktif", _("Nonaktif")
        BERHENTI = "berhenti", _("Berhenti")

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="memberships")
    kpj = models.CharField(_("nomor KPJ"), max_length=20, db_index=True)
    programs = models.CharField(_("program"), max_length=20, default=DEFAULT_PROGRAMS)
    funding_source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="memberships")
    start = models.DateField(_("mulai"))
    # The last day the current period covers (end of the fiscal year); renewal moves it on.
    end = models.DateField(_("berlaku sampai"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AKTIF, db_index=True)
    end_reason = models.CharField(_("alasan berhenti"), max_length=30, choices=EndReason.choices, blank=True)
    end_date = models.DateField(_("tanggal berhenti"), null=True, blank=True)
    evidence = models.TextField(_("catatan bukti"), blank=True)
    batch = models.ForeignKey(
        EnrolmentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("kepesertaan")
        verbose_name_plural = _("kepesertaan")
        constraints = [
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(status__in=["aktif", "nonaktif"]),
                name="membership_one_open_per_worker",
            )
        ]

    def __str__(self) -> str:
        return f"KPJ {self.kpj}"


class Benefit(models.Model):
    """What a program pays, in plain words, as dated data (DOMAIN.md); the letter prints these."""

    program = models.CharField(max_length=5)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    description = models.TextField()
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    income_multiple = models.PositiveSmallIntegerField(null=True, blank=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    legal_basis = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["program", "order", "id"]

    def __str__(self) -> str:
        return f"{self.program}: {self.title}"


class RenewalRun(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Usulan")
        CONFIRMED = "confirmed", _("Dikonfirmasi")

    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kabupaten = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "-id"]

    def __str__(self) -> str:
        return f"Pembaruan {self.fiscal_year}"


class RenewalLine(models.Model):
    class Proposal(models.TextChoices):
        CONTINUE = "lanjut", _("Lanjut")
        END = "berhenti", _("Berhenti")

    run = models.ForeignKey(RenewalRun, on_delete=models.CASCADE, related_name="lines")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    proposal = models.CharField(max_length=10, choices=Proposal.choices)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.proposal}"


class MembershipLetter(models.Model):
    """A numbered "Surat Keterangan Kepesertaan": one per membership and coverage period, numbered once.

    The number runs per kabupaten and year (kode/0001/2027); the token behind the QR code lets anyone check
    on /verifikasi-surat/<token>/ that the letter is genuine and still valid, without showing the NIK.
    """

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="letters")
    period_end = models.DateField(null=True, blank=True)
    kabupaten = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("nomor surat"), max_length=80, unique=True)
    token = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kabupaten", "year", "serial"], name="letter_serial_per_year"),
            models.UniqueConstraint(fields=["membership", "period_end"], name="letter_once_per_period"),
        ]

    def __str__(self) -> str:
        return self.number
