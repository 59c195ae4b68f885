"""An uploaded sheet on its way: checked in the background, previewed, confirmed, applied
(取り込みの確認待ち).

The bytes are kept here between the steps, so that the confirmation applies the very file that
was previewed (checked by ``sha256``) and the changes it showed (``digest``). A row is deleted
once applied, a person's older uploads of a plan when they upload again, and anybody's after
``KEEP_HOURS``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from gyokaku.jobs.models import Job
from gyokaku.plans.models import Plan

KEEP_HOURS = 24


class Upload(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE)
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    # The check's job, and what it found: problems, or the changes with their fingerprint.
    check_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL)
    checked = models.BooleanField(default=False)
    fiscal_year = models.PositiveIntegerField(null=True, blank=True)
    problems: models.JSONField[Any, Any] = models.JSONField(default=list)  # [{where, message}]
    changes: models.JSONField[Any, Any] = models.JSONField(default=list)  # ItemChange as dicts
    digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.user_id}, {self.created_at:%Y-%m-%d %H:%M})"
