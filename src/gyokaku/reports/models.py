"""Generated annual progress reports (進捗状況報告書), kept with when they were made and the data
they reflect (反映したデータ).

The file lives in a storage rooted at ``VAR_DIR/reports`` (Django's storage API, so a deployment
with several app servers can swap in shared storage); the row holds what a person needs to pick
the right file: year, format, who made it and when, and a summary of the data behind it. The
``fingerprint`` lets the list say whether the data has changed since.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from gyokaku.plans.models import Plan
from gyokaku.reports.snapshot import Snapshot


class ReportStorage(FileSystemStorage):
    """Files under ``settings.VAR_DIR / "reports"``, read on every use rather than once, so
    that a test (or a command) that moves VAR_DIR moves the files with it."""

    @property
    def base_location(self) -> str:
        return str(settings.VAR_DIR / "reports")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


report_storage = ReportStorage()


def reports_storage() -> ReportStorage:
    return report_storage


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    HTML = "html", "HTML"
    XLSX = "xlsx", "Excel"
    DOCX = "docx", "Word"


class ReportEdition(models.TextChoices):
    """公表版 (published data only) or 内部資料 (drafts included): gyokaku.reports.parts."""

    PUBLIC = "public", "公表版"
    INTERNAL = "internal", "内部資料"


class ReportFile(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_files")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    format = models.CharField("形式", max_length=10, choices=ReportFormat.choices)
    # Files made before editions existed held drafts: they were internal.
    edition = models.CharField(
        "版", max_length=10, choices=ReportEdition.choices, default=ReportEdition.INTERNAL
    )
    file = models.FileField(storage=reports_storage, max_length=300)
    size = models.PositiveBigIntegerField("大きさ（バイト）", default=0)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_label = models.CharField("作成者", max_length=150)
    # The data it reflects: reports of the year per state, when the data last changed, and a
    # fingerprint of every version read (gyokaku.reports.snapshot).
    state_counts: models.JSONField[Any, Any] = models.JSONField("状態別の件数", default=dict)
    items = models.PositiveIntegerField("取組の数", default=0)
    data_updated_at = models.DateTimeField("データの最終更新", null=True, blank=True)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["plan", "-created_at"], name="report_file_plan_created")]

    def __str__(self) -> str:
        return (
            f"{self.plan.slug} {self.fiscal_year} {self.format} ({self.created_at:%Y-%m-%d %H:%M})"
        )

    @property
    def snapshot(self) -> Snapshot:
        """The data it reflects, as recorded when it was made."""
        return Snapshot(
            fiscal_year=self.fiscal_year,
            state_counts=self.state_counts,
            data_updated_at=self.data_updated_at,
            fingerprint=self.fingerprint,
        )
