"""An uploaded sheet waiting for its uploader's confirmation (取り込みの確認待ち).

The preview and the confirmation are two requests: the bytes are kept here in between, so
that the confirmation applies the very file that was previewed (checked by ``sha256``). A row
is deleted once applied, and a person's older uploads of a plan when they upload again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gyokaku.plans.models import Plan


class Upload(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.user_id}, {self.created_at:%Y-%m-%d %H:%M})"
