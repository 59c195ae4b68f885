"""根拠資料: files attached to a progress report (PDF, Excel, images).

Stored under the var dir (``attachments/<report>/<uuid>``), never under a name a person chose;
the original name is kept for the download. Removing one while the report has been published
only marks it removed, so what was published with the report stays as it was published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gyokaku.tracking.models import ProgressReport


class Attachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("ファイル名", max_length=200)
    stored_as = models.CharField(max_length=100, unique=True)  # "<report id>/<uuid>"
    content_type = models.CharField("種類", max_length=100)
    size = models.PositiveIntegerField("大きさ（バイト）")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "根拠資料"
        ordering = ["report", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.name}"
