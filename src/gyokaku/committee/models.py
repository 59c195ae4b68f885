"""The 行財政改革推進委員会 (the city's outside committee) and its opinions on a year's reports.

The plan office shares a fiscal year of a plan with the committee (``CommitteeReview``, 共有):
its members (role ``committee``) then read that year's reports, drafts included, and write an
opinion (意見) per item before the meeting; the item's department answers each one (対応). The
plan office closes the opinions (確定) and, with the report, publishes them (公表): only then
do the public pages, the open data and the annual report show them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gyokaku.lib.wareki import fy_label, wareki_date
from gyokaku.plans.models import Node, Plan


class ReviewState(models.TextChoices):
    OPEN = "open", "意見受付中"
    CLOSED = "closed", "確定"
    PUBLISHED = "published", "公表済"


class CommitteeReview(models.Model):
    """共有: one fiscal year of one plan, shared with the committee by the plan office."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="committee_reviews")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    meeting_name = models.CharField("会議名", max_length=200, blank=True)
    meeting_date = models.DateField("会議の日", null=True, blank=True)
    state = models.CharField(
        "状態", max_length=20, choices=ReviewState.choices, default=ReviewState.OPEN
    )
    shared_at = models.DateTimeField("共有日時", default=timezone.now)
    closed_at = models.DateTimeField("確定日時", null=True, blank=True)
    published_at = models.DateTimeField("公表日時", null=True, blank=True)

    class Meta:
        verbose_name = "委員会への共有"
        ordering = ["plan", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "fiscal_year"], name="committee_review_unique_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.slug} {self.fiscal_year}"

    @property
    def is_open(self) -> bool:
        return self.state == ReviewState.OPEN

    @property
    def is_published(self) -> bool:
        return self.state == ReviewState.PUBLISHED

    @property
    def state_label(self) -> str:
        return ReviewState(self.state).label

    @property
    def fy_label(self) -> str:
        return fy_label(self.fiscal_year)

    @property
    def meeting_date_label(self) -> str:
        return wareki_date(self.meeting_date) if self.meeting_date else ""


class CommitteeOpinion(models.Model):
    """意見: one member's opinion on one item of a shared year, and the department's 対応."""

    review = models.ForeignKey(CommitteeReview, on_delete=models.CASCADE, related_name="opinions")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="committee_opinions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="committee_opinions",
    )
    # The member's name as printed (委員名), kept when the account goes.
    author_name = models.CharField("委員", max_length=150)
    text = models.TextField("意見")
    created_at = models.DateTimeField("記入日時", default=timezone.now)
    updated_at = models.DateTimeField("更新日時", default=timezone.now)
    reply = models.TextField("対応", blank=True)
    reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_replies",
    )
    reply_at = models.DateTimeField("対応の記入日時", null=True, blank=True)
    # 取下げ: hidden by the plan office; kept for the record, shown and published nowhere.
    withdrawn = models.BooleanField("取下げ", default=False)

    class Meta:
        verbose_name = "委員会意見"
        ordering = ["review", "node__position", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.node.key} {self.author_name}"
