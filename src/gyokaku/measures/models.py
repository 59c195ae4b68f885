"""Indicators (成果指標/KPI) and fiscal effects (財政効果額) of tracked nodes.

- IndicatorSheet: the versioned container of one node's indicators (one version for the lot,
  so a PUT of the node's indicators is refused when anything in it changed meanwhile).
- Indicator: name, unit, direction, baseline, final target; IndicatorTarget per year;
  IndicatorActual per year (entered by the department with its yearly report).
- EffectYear: the versioned container of one node's fiscal effects in one fiscal year;
  FiscalEffect: kind, target and actual in integer yen, how it was calculated.
- PlanTarget: a plan-level target (e.g. the five-year total), per kind or for all kinds.

The ranges of the numbers (and why) are in measures/limits.py. Rules about sets of rows live
on their QuerySets below: effects of tracked nodes, of a subtree, and the public-actuals rule.
"""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Case, F, Q, When

from gyokaku.lib.achievement import FORMULA_LABELS
from gyokaku.measures.limits import VALUE_DIGITS, VALUE_PLACES
from gyokaku.plans.models import Node, Plan, leaf_q, subtree_q, tracked_in_q
from gyokaku.tracking.models import published_report


class IndicatorDirection(models.TextChoices):
    HIGHER = "higher", "高いほどよい"
    LOWER = "lower", "低いほどよい"


class IndicatorFormula(models.TextChoices):
    """算出方法 of the achievement (lib.achievement holds the computation)."""

    AUTO = "auto", FORMULA_LABELS["auto"]
    RATIO = "ratio", FORMULA_LABELS["ratio"]
    IMPROVEMENT = "improvement", FORMULA_LABELS["improvement"]
    POINTS = "points", FORMULA_LABELS["points"]


class IndicatorSheet(models.Model):
    node = models.OneToOneField(Node, on_delete=models.CASCADE, related_name="indicator_sheet")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.node.key} indicators v{self.version}"


class Indicator(models.Model):
    sheet = models.ForeignKey(IndicatorSheet, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("指標名", max_length=200)
    unit = models.CharField("単位", max_length=30, blank=True)
    direction = models.CharField(
        "方向", max_length=10, choices=IndicatorDirection.choices, default=IndicatorDirection.HIGHER
    )
    formula = models.CharField(
        "算出方法", max_length=12, choices=IndicatorFormula.choices, default=IndicatorFormula.AUTO
    )
    baseline_value = models.DecimalField(
        "基準値", max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    baseline_fy = models.PositiveSmallIntegerField("基準年度", null=True, blank=True)
    final_target_value = models.DecimalField(
        "最終目標値", max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    final_target_fy = models.PositiveSmallIntegerField("最終目標年度", null=True, blank=True)

    class Meta:
        ordering = ["sheet", "order"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("目標値", max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)

    class Meta:
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year}: {self.value}"


# ---- rules about sets of rows --------------------------------------------------------------


def actual_readable(*, published_only: bool, node: str, fiscal_year: str) -> Q:
    """The public-actuals rule: for an outsider (``published_only``) an actual counts only when
    its node's report of that year is published; targets are plan data and always count.
    ``node`` and ``fiscal_year`` are the paths to them from the row of the actual."""
    return Q(published_report(node, fiscal_year)) if published_only else Q()


def _readable_yen(field: str, *, published_only: bool) -> F | Case:
    """A fiscal effect's ``field`` where the reader may count its actual (``actual_readable``),
    else None."""
    if not published_only:
        return F(field)
    readable = actual_readable(
        published_only=True, node="effect_year__node_id", fiscal_year="effect_year__fiscal_year"
    )
    return Case(When(readable, then=F(field)))


def readable_actual_yen(*, published_only: bool) -> F | Case:
    """A fiscal effect's actual where the reader may count it, else None: annotate or sum it
    instead of ``actual_yen``."""
    return _readable_yen("actual_yen", published_only=published_only)


def readable_target_yen(*, published_only: bool) -> F | Case:
    """A fiscal effect's target where it is compared with a readable actual, else None: sum it
    beside ``readable_actual_yen`` so a public total compares like with like — the targets and
    the actuals of the same published items, never the targets of all items against the
    actuals of the few published (the target itself stays public plan data, row by row)."""
    return _readable_yen("target_yen", published_only=published_only)


class IndicatorActualQuerySet(models.QuerySet["IndicatorActual"]):
    def readable(self, *, published_only: bool) -> Self:
        """The actuals the reader may count (``actual_readable``)."""
        return self.filter(
            actual_readable(
                published_only=published_only,
                node="indicator__sheet__node_id",
                fiscal_year="fiscal_year",
            )
        )


class IndicatorActual(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("実績値", max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    note = models.CharField("備考", max_length=500, blank=True)

    objects = IndicatorActualQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="actual_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year}: {self.value}"


class EffectKind(models.TextChoices):
    REVENUE = "revenue", "歳入確保"
    EXPENDITURE = "expenditure", "歳出削減"
    OTHER = "other", "その他"


class EffectYear(models.Model):
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="effect_years")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["node", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["node", "fiscal_year"], name="effect_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.node.key} {self.fiscal_year} effects v{self.version}"


class FiscalEffectQuerySet(models.QuerySet["FiscalEffect"]):
    def of_leaves(self) -> Self:
        """Effects of tracked nodes (leaves) in the years they are tracked: only those count in
        a roll-up (an item a revision ended keeps its earlier years; ``tracked_in_q``)."""
        year = F("effect_year__fiscal_year")
        return self.filter(leaf_q("effect_year__node") & tracked_in_q(year, "effect_year__node"))

    def under(self, node: Node) -> Self:
        """Effects of ``node`` and the nodes below it."""
        return self.filter(subtree_q(node, "effect_year__node"))


class FiscalEffect(models.Model):
    """財政効果額: stored as integer yen."""

    effect_year = models.ForeignKey(EffectYear, on_delete=models.CASCADE, related_name="effects")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField("区分", max_length=20, choices=EffectKind.choices)
    target_yen = models.BigIntegerField("目標額（円）", null=True, blank=True)
    actual_yen = models.BigIntegerField("実績額（円）", null=True, blank=True)
    note = models.TextField("算出方法", blank=True)

    objects = FiscalEffectQuerySet.as_manager()

    class Meta:
        ordering = ["effect_year", "order"]

    def __str__(self) -> str:
        return f"{self.effect_year} {self.kind}"


class PlanTarget(models.Model):
    """A plan-level target: for the whole period (fiscal_year empty) or one year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="effect_targets")
    kind = models.CharField(
        "区分", max_length=20, choices=EffectKind.choices, blank=True
    )  # blank: all kinds together
    fiscal_year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    target_yen = models.BigIntegerField("目標額（円）")
    label = models.CharField("名称", max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "fiscal_year", "kind"]

    def __str__(self) -> str:
        return self.label or f"{self.plan.slug} target"


# 目標値の変更 and 目標値の変更提案 live in their own module; imported here so the app's models are
# all found where Django looks for them.
from gyokaku.measures.target_models import ProposalState as ProposalState  # noqa: E402
from gyokaku.measures.target_models import TargetChange as TargetChange  # noqa: E402
from gyokaku.measures.target_models import TargetField as TargetField  # noqa: E402
from gyokaku.measures.target_models import TargetProposal as TargetProposal  # noqa: E402
from gyokaku.measures.target_models import TargetSubject as TargetSubject  # noqa: E402
