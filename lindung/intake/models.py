from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Worker


class PublicApplication(models.Model):
    """One public application. The form token makes a double submit return the first receipt."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="public_application")
    form_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.worker_id}"


class RepeatApplication(models.Model):
    """An application whose NIK is in the registry already (the public form, or an API token or a field entry of
    another area).

    The applicant gets the same receipt as anyone, so the form cannot be used to test whether a NIK is
    registered; nothing is added to the registry. Staff of the registered worker's area see it beside the
    duplicate review and tell the person; the phone on file gets a notice.
    """

    class Via(models.TextChoices):
        PUBLIC = "publik", _("formulir publik")
        API = "api", _("API")
        PETUGAS = "petugas", _("entri petugas wilayah lain")

    worker = models.ForeignKey(
        Worker,
        on_delete=models.CASCADE,
        related_name="repeat_applications",
        verbose_name=_("pekerja terdaftar"),
    )
    via = models.CharField(_("melalui"), max_length=10, choices=Via.choices, default=Via.PUBLIC)
    receipt_no = models.CharField(_("nomor tanda terima"), max_length=20, unique=True, null=True, blank=True)
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    # What was sent (name, phone, desa, address, ...), for the staff who compare it with the registered record.
    submitted = models.JSONField(_("data yang dikirim"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(_("ditangani"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permohonan dengan NIK terdaftar")
        verbose_name_plural = _("permohonan dengan NIK terdaftar")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.created_at:%Y-%m-%d}"
