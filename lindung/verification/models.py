from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.workers.models import Worker


class EligibilityOverride(models.Model):
    """An approval given although an eligibility rule failed: who decided, why, and against which rules."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="eligibility_overrides")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("alasan pengecualian"))
    failed = models.JSONField(_("aturan yang tidak terpenuhi"), default=list)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.worker_id} · {self.at:%Y-%m-%d}"
