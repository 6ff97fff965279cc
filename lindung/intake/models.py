from django.db import models

from lindung.workers.models import Worker


class PublicApplication(models.Model):
    """One public application. The form token makes a double submit return the first receipt."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="public_application")
    form_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.worker_id}"
