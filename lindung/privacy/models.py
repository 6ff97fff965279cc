from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Worker


class ConsentEvent(models.Model):
    """Consent given or withdrawn, with the version of the text the person saw. Never edited."""

    class Kind(models.TextChoices):
        GIVEN = "given", _("Persetujuan diberikan")
        WITHDRAWN = "withdrawn", _("Persetujuan ditarik")

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="consent_events")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text_version = models.CharField(_("versi naskah"), max_length=20, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("peristiwa persetujuan")
        verbose_name_plural = _("peristiwa persetujuan")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class ProcessingStop(models.Model):
    """Present while a person's consent is withdrawn: workflow, notices and batches leave them alone."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="processing_stop")
    since = models.DateTimeField()
    event = models.ForeignKey(ConsentEvent, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("penghentian pemrosesan")
        verbose_name_plural = _("penghentian pemrosesan")

    def __str__(self) -> str:
        return f"stop {self.worker_id} {self.since:%Y-%m-%d}"


class LegalHold(models.Model):
    """Keeps a person's data from anonymisation (a claim, a dispute, an audit) until released."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(_("alasan"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("penahanan data")
        verbose_name_plural = _("penahanan data")

    def __str__(self) -> str:
        return self.reason


class Anonymisation(models.Model):
    """The person's identity was erased from this record; what is left serves statistics only."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="anonymisation")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=20)  # "retention" or "withdrawal"

    class Meta:
        verbose_name = _("anonimisasi")
        verbose_name_plural = _("anonimisasi")

    def __str__(self) -> str:
        return f"anon {self.worker_id} {self.at:%Y-%m-%d}"
