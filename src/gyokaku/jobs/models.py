"""A piece of long work that runs outside the request (バックグラウンド処理): an annual report, a
large upload. The task queue (django-tasks) runs it; this row is what people see of it: what it
is doing, how far it has come, and where its result is.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from gyokaku.plans.models import Plan

STALL_MINUTES = 10


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "待機中"
        RUNNING = "running", "実行中"
        DONE = "done", "完了"
        FAILED = "failed", "失敗"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=64)  # "<app>.<what>", the runner's name
    label = models.CharField(
        max_length=200
    )  # what a person calls it, e.g. 「進捗状況報告書（PDF）」
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    touched_at = models.DateTimeField(null=True, blank=True)  # the last sign of life
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)  # what it is doing now
    params: models.JSONField[Any, Any] = models.JSONField(default=dict)
    result: models.JSONField[Any, Any] = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job", kwargs={"pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def stalled(self) -> bool:
        """Queued or running without a sign of life for STALL_MINUTES: the worker may be down
        or may have stopped mid-way. The page says so rather than polling in silence."""
        if self.finished:
            return False
        last = self.touched_at or self.created_at
        return last is not None and timezone.now() - last > timedelta(minutes=STALL_MINUTES)

    @property
    def percent(self) -> int | None:
        """How far it has come, 0–100; None while the size of the work is not known."""
        if self.state == self.State.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)
