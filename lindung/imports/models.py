from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lindung.core.leases import lease_held
from lindung.regions.models import Region
from lindung.workers.models import Source


class ImportJob(models.Model):
    """One uploaded worker list, from upload through check and commit (and possibly undo)."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        MAPPING = "mapping", _("Perlu pemetaan kolom")
        CHECKING = "checking", _("Sedang diperiksa")
        CHECKED = "checked", _("Selesai diperiksa")
        COMMITTING = "committing", _("Sedang disimpan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")
        UNDONE = "undone", _("Diurungkan")

    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=200)
    source = models.CharField(_("sumber data"), max_length=10, choices=Source.choices, default=Source.IMPOR)
    # The uploader's area: rows outside it are refused. kabupaten is where desa names are looked up.
    area = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah"))
    kabupaten = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A file without a desa column (OpenSID: one install is one desa) gets its desa once, for every row.
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("desa")
    )
    needs_desa = models.BooleanField(default=False)
    # The recognised layout (layouts.py), e.g. "opensid:kode"; empty for any other file.
    layout = models.CharField(_("format berkas"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    cancel_requested = models.BooleanField(default=False)

    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    rows_read = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(_("valid"), default=0)
    invalid = models.PositiveIntegerField(_("tidak valid"), default=0)
    duplicates = models.PositiveIntegerField(_("ganda di dalam berkas"), default=0)
    already_registered = models.PositiveIntegerField(_("sudah terdaftar"), default=0)
    probable_duplicates = models.PositiveIntegerField(_("kemungkinan ganda"), default=0)
    warnings = models.PositiveIntegerField(_("peringatan"), default=0)
    # Rows saved with a flag for the verifier (followups.py): the occupation says the person does not work; the
    # NIK's birth date or sex disagrees with the row (accepted as Dukcapil's record or by the operator's choice).
    flagged_not_working = models.PositiveIntegerField(_("bukan pekerja (ditandai)"), default=0)
    flagged_nik = models.PositiveIntegerField(_("tanggal lahir berbeda dengan NIK (ditandai)"), default=0)
    refused_nik_mismatch = models.PositiveIntegerField(default=0)  # refused only for that disagreement
    accept_nik_mismatch = models.BooleanField(
        _("terima baris yang tanggal lahirnya berbeda dengan NIK, dengan tanda untuk verifikator"),
        default=False,
    )
    # {"occupation as written": rows} of the values that fell to Lainnya, the most frequent first.
    unmapped_occupations = models.JSONField(default=dict, blank=True)
    # Registered workers whose data this newer extract changes (reimport.py), and how many of them an operator
    # has verified already (status past Diajukan).
    changes = models.PositiveIntegerField(_("perubahan data pekerja terdaftar"), default=0)
    changes_verified = models.PositiveIntegerField(default=0)
    changes_applied = models.PositiveIntegerField(default=0)
    # Registered workers this file reports dead, moved or missing: flagged for review at Simpan, never ended here.
    status_reports = models.PositiveIntegerField(
        _("pekerja terdaftar dilaporkan meninggal/pindah"), default=0
    )
    # Rows of people the source records as dead, moved or missing: never imported as new workers.
    inactive = models.PositiveIntegerField(_("meninggal, pindah, atau hilang"), default=0)
    # Field-collection exports (ODK Central ReviewState, Kobo _validation_status): submissions the reviewer
    # rejected are not imported; those marked with issues are imported with a flag for the verifier.
    review_rejected = models.PositiveIntegerField(_("ditolak peninjau formulir lapangan"), default=0)
    flagged_review = models.PositiveIntegerField(_("bermasalah menurut peninjau (ditandai)"), default=0)
    # Rows whose enumerator is a Lindung user of the worker's area (recorded as the entering operator).
    enumerators_matched = models.PositiveIntegerField(default=0)

    # {"header in the file": "field" or "" (ignored)}; filled by header matching and the mapping step.
    mapping = models.JSONField(default=dict, blank=True)
    unknown_headers = models.JSONField(default=list, blank=True)
    first_errors = models.JSONField(default=list, blank=True)
    error_report = models.FileField(upload_to="imports/reports/", blank=True)
    # Checked, normalised valid rows waiting for the user's confirmation (a CSV in the COPY column order).
    staged = models.FileField(upload_to="imports/staged/", blank=True)
    error_message = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    # Set by the background worker when it takes the job (check or commit), cleared when the job is queued
    # again: a running job with this set and nobody holding its lease lost its worker (see core.leases).
    worker_started_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def status_label(self) -> str:
        """The status as the pages name it: a file that only waits for its desa says so."""
        if self.status == self.Status.MAPPING and self.needs_desa and not self.unknown_headers:
            return str(_("Menunggu pilihan desa"))
        return str(self.get_status_display())

    @property
    def layout_label(self) -> str:
        from .layouts import layout_label

        return layout_label(self.layout)

    @property
    def running(self) -> bool:
        return self.status in (self.Status.UPLOADED, self.Status.CHECKING, self.Status.COMMITTING)

    @property
    def lease_key(self) -> str:
        return f"import:{self.pk}"

    @cached_property
    def stalled(self) -> bool:
        """The worker that took this job died before finishing it (nothing of the phase was written)."""
        return (
            self.status in (self.Status.CHECKING, self.Status.COMMITTING)
            and self.worker_started_at is not None
            and not lease_held(self.lease_key)
        )

    @property
    def percent(self) -> int:
        if self.status == self.Status.COMMITTING:
            done, total = self.rows_written, self.valid  # valid includes the flagged probable duplicates
        else:
            done, total = self.rows_checked, self.total
        return min(100, int(100 * done / total)) if total else 0
