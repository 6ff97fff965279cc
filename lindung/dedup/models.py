from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from lindung.core.leases import lease_held
from lindung.workers.models import Worker


class Decision(models.TextChoices):
    PENDING = "pending", _("Belum diputuskan")
    SAME = "same", _("Orang yang sama")
    DIFFERENT = "different", _("Orang berbeda")


class DuplicateCandidate(models.Model):
    """A pair of workers that may be one person. worker_a has the smaller id; a decided pair is never
    proposed again (a later scan leaves it alone)."""

    worker_a = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    worker_b = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("skor"), db_index=True)
    reasons = models.JSONField(_("alasan"), default=list)
    decision = models.CharField(
        _("keputusan"), max_length=10, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("kemungkinan data ganda")
        verbose_name_plural = _("kemungkinan data ganda")
        constraints = [
            models.UniqueConstraint(fields=["worker_a", "worker_b"], name="dedup_unique_pair"),
            models.CheckConstraint(condition=Q(worker_a__lt=F("worker_b")), name="dedup_pair_ordered"),
        ]
        indexes = [models.Index(fields=["decision", "-score"])]

    def __str__(self) -> str:
        return f"{self.worker_a_id}~{self.worker_b_id} ({self.score:.2f})"


class DuplicateScan(models.Model):
    """One registry-wide scan, run as a background task; the review page shows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    kabupaten = models.CharField(_("kabupaten"), max_length=20, blank=True)
    min_score = models.FloatField(default=0.5)
    records = models.PositiveIntegerField(default=0)
    pairs_found = models.PositiveIntegerField(_("pasangan ditemukan"), default=0)
    pairs_new = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pemindaian data ganda")
        verbose_name_plural = _("pemindaian data ganda")

    def __str__(self) -> str:
        return f"scan {self.pk} {self.status} {self.progress}%"

    @property
    def lease_key(self) -> str:
        return f"scan:{self.pk}"

    @cached_property
    def stalled(self) -> bool:
        """Marked running, but the worker that ran it is gone (core.leases); no pair of it was stored."""
        return self.status == self.Status.RUNNING and not lease_held(self.lease_key)


class MatchWeights(models.Model):
    """Weights of the contact fields (phone, address, birth place, occupation), of the NIK's parts and of the
    identity fields' disagreement levels (another name, date, desa) estimated on this deployment's registry by
    `learning.estimate` (EM over the blocked pairs, reviewed pairs as labels). The newest row of a kabupaten
    (or of the whole registry, kabupaten blank) is the one the engine uses."""

    kabupaten = models.CharField(_("kabupaten"), max_length=20, blank=True)
    estimated_at = models.DateTimeField(_("diperkirakan pada"), auto_now_add=True)
    weights = models.JSONField(_("bobot"), default=dict)
    # What the estimate rests on: records, blocked pairs, reviewed pairs, the share of pairs judged one person.
    records = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    labelled = models.PositiveIntegerField(default=0)
    match_share = models.FloatField(default=0.0)
    iterations = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-estimated_at", "-id"]
        verbose_name = _("bobot pencocokan")
        verbose_name_plural = _("bobot pencocokan")

    def __str__(self) -> str:
        return f"weights {self.kabupaten or '*'} {self.estimated_at:%Y-%m-%d}"


class NameWordCount(models.Model):
    """How many active workers of the whole deployment carry a core name word (`names.core_tokens`), filled by
    the weights estimate (`scanning.match_weights_estimate`) so that one applicant's check reads the counts
    of its few words with one indexed look-up instead of grouping every name in the registry."""

    word = models.CharField(max_length=100, primary_key=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.word}: {self.count}"
