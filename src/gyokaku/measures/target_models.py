"""Changes of adopted targets (目標値の変更) and departments' proposals of them (目標値の変更提案).

Baselines and targets — an indicator's 基準値・年度の目標値・最終目標, a fiscal effect's 目標額,
the plan's 目標額 — are part of the adopted plan. Once the plan is adopted (its first reporting
round was opened, ``measures.rules.targets_adopted``), only the plan office changes them, with
a reason, and each changed value is a ``TargetChange`` row, shown publicly (old → new, when,
why). A department proposes with a ``TargetProposal``, which the plan office accepts (applied
through the same services, recorded as a TargetChange) or declines with a comment.

Values are kept as text exactly as stored (a decimal such as ``"37.5"``, integer yen such as
``"-20459000"``, a fiscal year such as ``"2024"``; ``""`` for none), so one column holds each
kind; ``measures.target_changes.value_label`` shows them as people read them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gyokaku.plans.models import Node, Plan, PlanVersion


class TargetSubject(models.TextChoices):
    INDICATOR = "indicator", "成果指標"
    EFFECT = "effect", "財政効果"
    PLAN = "plan", "計画の目標額"


class TargetField(models.TextChoices):
    BASELINE_VALUE = "baseline_value", "基準値"
    BASELINE_FY = "baseline_fy", "基準年度"
    TARGET = "target", "目標値"
    FINAL_TARGET_VALUE = "final_target_value", "最終目標値"
    FINAL_TARGET_FY = "final_target_fy", "最終目標年度"
    TARGET_YEN = "target_yen", "目標額"


class TargetChange(models.Model):
    """One target value changed after adoption: what, old → new, why, when and by whom."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="target_changes")
    # empty for the plan's own 目標額
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, null=True, blank=True, related_name="target_changes"
    )
    subject = models.CharField("対象", max_length=20, choices=TargetSubject.choices)
    label = models.CharField("名称", max_length=200)  # the indicator's name, the effect's kind …
    unit = models.CharField("単位", max_length=30, blank=True)  # an indicator's unit
    field = models.CharField("項目", max_length=30, choices=TargetField.choices)
    fiscal_year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    old_value = models.CharField("変更前", max_length=40, blank=True)
    new_value = models.CharField("変更後", max_length=40, blank=True)
    reason = models.TextField("変更の理由")
    changed_at = models.DateTimeField("変更日時", default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_label = models.CharField("変更者", max_length=150, blank=True)
    # the revision (改定) the change is part of, when it is
    plan_version = models.ForeignKey(
        PlanVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="target_changes",
    )
    proposal = models.ForeignKey(
        "TargetProposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )

    class Meta:
        verbose_name = "目標値の変更"
        ordering = ["plan", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.field}: {self.old_value} → {self.new_value}"


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", "提案中"
    ACCEPTED = "accepted", "採用"
    DECLINED = "declined", "不採用"


class TargetProposal(models.Model):
    """A department's proposal to change one target value of one of its items."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="target_proposals")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="target_proposals")
    subject = models.CharField("対象", max_length=20, choices=TargetSubject.choices)
    label = models.CharField("名称", max_length=200)
    unit = models.CharField("単位", max_length=30, blank=True)
    # the indicator's or the effect row's place when proposed (names may repeat)
    position = models.PositiveSmallIntegerField("位置", default=0)
    field = models.CharField("項目", max_length=30, choices=TargetField.choices)
    fiscal_year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    old_value = models.CharField("現在の値", max_length=40, blank=True)
    new_value = models.CharField("提案する値", max_length=40, blank=True)
    reason = models.TextField("提案の理由")
    state = models.CharField(
        "状態", max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    proposed_at = models.DateTimeField("提案日時", default=timezone.now)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_by_label = models.CharField("提案者", max_length=150, blank=True)
    decided_at = models.DateTimeField("決定日時", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_label = models.CharField("決定者", max_length=150, blank=True)
    comment = models.TextField("計画担当のコメント", blank=True)

    class Meta:
        verbose_name = "目標値の変更提案"
        ordering = ["plan", "-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.node} {self.label} {self.field} → {self.new_value}"
