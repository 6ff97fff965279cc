"""The outbox: one row per message to one person, and the editable texts messages are made from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Worker


def mask_phone(number: str) -> str:
    """6281••••7890: enough to tell numbers apart on a staff page."""
    if len(number) <= 6:
        return number
    return number[:4] + "•" * (len(number) - 8) + number[-4:]


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
    # A reply to a message the person sent (STATUS, DAFTAR, ...): free text, only inside the 24-hour window.
    REPLY = "whatsapp_reply", _("Balasan pesan WhatsApp")


# The placeholders a template may use; the payload of every notice fills these.
PLACEHOLDERS = ["name", "receipt_no", "reason", "kpj", "start_date", "end_date", "status", "contact"]


class NoticeTemplate(models.Model):
    key = models.CharField(_("jenis pesan"), max_length=40, choices=TemplateKey.choices)
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    text = models.TextField(_("isi pesan"))
    active = models.BooleanField(_("aktif"), default=True)
    # The approved WhatsApp Business template this message goes out as (LINDUNG_WHATSAPP_TEMPLATES may name it
    # instead); its body parameters {{1}}, {{2}}, ... are the placeholders of `text` in the order they appear.
    provider_template = models.CharField(
        _("nama templat WhatsApp"),
        max_length=100,
        blank=True,
        help_text=_(
            "Nama templat yang disetujui Meta untuk WhatsApp Business; kosong: dikirim lewat SMS bila di luar "
            "24 jam sejak orang itu menulis."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key", "channel"]
        constraints = [models.UniqueConstraint(fields=["key", "channel"], name="notice_template_key_channel")]
        verbose_name = _("templat pesan")
        verbose_name_plural = _("templat pesan")

    def __str__(self) -> str:
        return f"{self.get_key_display()} · {self.get_channel_display()}"


class Delivery(models.TextChoices):
    """The states WhatsApp's status callbacks report, in the order a message goes through them."""

    SENT = "sent", _("diterima WhatsApp")
    DELIVERED = "delivered", _("sampai di HP")
    READ = "read", _("dibaca")
    FAILED = "failed", _("gagal sampai")


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
    # What the provider reported after accepting the message (WhatsApp status callbacks).
    provider_id = models.CharField(_("ID pesan penyedia"), max_length=128, blank=True, db_index=True)
    delivery = models.CharField(_("laporan penyedia"), max_length=10, choices=Delivery.choices, blank=True)
    delivered_at = models.DateTimeField(_("sampai"), null=True, blank=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gagal sampai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return f"{self.get_template_display()} → {self.to or '-'} ({self.status})"

    @property
    def masked_to(self) -> str:
        return mask_phone(self.to)


class WhatsAppContact(models.Model):
    """A number that wrote to the regency's WhatsApp: when last (the 24-hour window), and its opt-out."""

    msisdn = models.CharField(_("nomor"), max_length=20, unique=True)
    last_inbound_at = models.DateTimeField(_("terakhir menulis"), null=True, blank=True)
    opted_out_at = models.DateTimeField(_("berhenti berlangganan sejak"), null=True, blank=True)
    opted_in_at = models.DateTimeField(_("mulai lagi sejak"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontak WhatsApp")
        verbose_name_plural = _("kontak WhatsApp")

    def __str__(self) -> str:
        return self.msisdn

    @property
    def opted_out(self) -> bool:
        return self.opted_out_at is not None


class InboundMessage(models.Model):
    """One message a person sent, and what Lindung did with it. The text is stored with any NIK masked."""

    class Source(models.TextChoices):
        CLOUD = "cloud", _("WhatsApp Business Cloud API")
        GATEWAY = "gateway", _("gateway HTTP")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("dijawab")
        RATE_LIMITED = "limited", _("dibatasi (terlalu banyak pesan)")
        IGNORED = "ignored", _("tidak dijawab")

    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    message_id = models.CharField(_("ID pesan"), max_length=128)
    msisdn = models.CharField(_("nomor"), max_length=20, db_index=True)
    text = models.TextField(_("isi pesan"), blank=True)
    command = models.CharField(_("perintah"), max_length=20, blank=True)
    outcome = models.CharField(_("hasil"), max_length=10, choices=Outcome.choices)
    reply = models.ForeignKey(
        Notice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound",
        verbose_name=_("balasan"),
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_messages"
    )
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # A provider delivers a webhook again when it missed our answer: the same message is kept once.
            models.UniqueConstraint(fields=["source", "message_id"], name="inbound_message_once")
        ]
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")

    def __str__(self) -> str:
        return f"{self.masked_msisdn} {self.command or '-'} ({self.outcome})"

    @property
    def masked_msisdn(self) -> str:
        return mask_phone(self.msisdn)
