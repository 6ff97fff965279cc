"""The outbox: one row per message to one person, and the editable texts messages are made from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Worker


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class TemplateKey(models.TextChoices):
    RECEIVED = "application_received", _("Pengajuan diterima")
    RETURNED = "application_returned", _("Pengajuan dikembalikan")
    APPROVED = "application_approved", _("Pengajuan disetujui Dinas")
    REJECTED = "application_rejected", _("Pengajuan ditolak Dinas")
    BPJS_REJECTED = "bpjs_rejected", _("Pendaftaran ditolak BPJS")
    MEMBERSHIP_ACTIVE = "membership_active", _("Kepesertaan aktif")
    MEMBERSHIP_NONAKTIF = "membership_nonaktif", _("Kepesertaan nonaktif (iuran tertunggak)")
    MEMBERSHIP_REACTIVATED = "membership_reactivated", _("Kepesertaan aktif kembali")
    MEMBERSHIP_ENDING = "membership_ending", _("Kepesertaan berakhir")
    REPEAT = "application_repeat", _("Pengajuan baru dengan NIK yang sudah terdaftar")


# The placeholders a template may use; the payload of every notice fills these.
PLACEHOLDERS = ["name", "receipt_no", "reason", "kpj", "start_date", "end_date", "status", "contact"]


class NoticeTemplate(models.Model):
    key = models.CharField(_("jenis pesan"), max_length=40, choices=TemplateKey.choices)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    text = models.TextField(_("isi pesan"))
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key", "channel"]
        constraints = [models.UniqueConstraint(fields=["key", "channel"], name="notice_template_key_channel")]
        verbose_name = _("templat pesan")
        verbose_name_plural = _("templat pesan")

    def __str__(self) -> str:
        return f"{self.get_key_display()} · {self.get_channel_display()}"


class Notice(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal, dicoba lagi")
        DEAD = "dead", _("Gagal permanen")
        SKIPPED = "skipped", _("Tidak dikirim")

    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("tujuan"), max_length=100, blank=True)
    template = models.CharField(_("jenis pesan"), max_length=40, choices=TemplateKey.choices)
    payload = models.JSONField(default=dict, blank=True)
    body = models.TextField(_("isi pesan"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    worker = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return f"{self.get_template_display()} → {self.to or '-'} ({self.status})"

    @property
    def masked_to(self) -> str:
        if len(self.to) <= 6:
            return self.to
        return self.to[:4] + "•" * (len(self.to) - 8) + self.to[-4:]
