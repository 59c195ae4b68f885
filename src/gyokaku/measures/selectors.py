"""Reads of indicators (成果指標), fiscal effects (財政効果額) and the roll-up (集計), shared by
the API, the pages and exports.

The visibility rule is the one of ``tracking.selectors``: the plan's municipality (any role)
reads everything; everybody else — anonymous callers, other municipalities — reads the
indicators, effects and targets (they are plan data) but an actual only for a year whose report
of the same node is published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from gyokaku.accounts.access import Actor
from gyokaku.lib.achievement import Achievement, achievement
from gyokaku.lib.errors import Hidden, Invalid
from gyokaku.measures.models import (
    EffectKind,
    EffectYear,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorDirection,
    IndicatorSheet,
    IndicatorTarget,
    PlanTarget,
)
from gyokaku.measures.published import published_actuals, published_effects
from gyokaku.measures.rollup import NodeRollup, Rollup, plan_rollup
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.selectors import YearCoverage, year_coverage

KIND_LABELS = dict(EffectKind.choices)
DIRECTION_LABELS = dict(IndicatorDirection.choices)


def node_published_figures(actor: Actor, node: Node) -> dict[int, dict[str, Any]] | None:
    """None for a reader of everything (the plan's municipality), else the figures of each year
    whose report of the node is published, as published (one query): the public reads the
    actuals of a published year from its publication, not from rows reworked since."""
    if actor.is_internal(node.plan):
        return None
    rows = ProgressReport.objects.filter(node=node).published()
    return dict(rows.values_list("fiscal_year", "publication__figures"))


def node_years_readable(actor: Actor, node: Node) -> frozenset[int] | None:
    """The years whose actuals ``actor`` may read: None for all (the plan's municipality), else
    the years of the node's published reports (one query)."""
    figures = node_published_figures(actor, node)
    return None if figures is None else frozenset(figures)


# ---- indicators ---------------------------------------------------------------------------


@dataclass
class IndicatorView:
    indicator: Indicator
    targets: dict[int, Decimal]
    actuals: dict[int, Decimal]  # only the years the reader may see

    def target(self, fiscal_year: int) -> Decimal | None:
        """The year's target; the final target stands for the year it is set for (as in the
        roll-up)."""
        target = self.targets.get(fiscal_year)
        if target is None and self.indicator.final_target_fy == fiscal_year:
            return self.indicator.final_target_value
        return target

    def achievement(self, fiscal_year: int) -> Achievement:
        return achievement(
            direction="lower" if self.indicator.direction == IndicatorDirection.LOWER else "higher",
            actual=self.actuals.get(fiscal_year),
            target=self.target(fiscal_year),
            baseline=self.indicator.baseline_value,
            formula=self.indicator.formula,
        )


@dataclass
class IndicatorsView:
    node: Node
    version: int  # 0 while the node has no indicators yet
    updated_at: dt.datetime | None
    indicators: list[IndicatorView]

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def indicators_for(actor: Actor, node: Node) -> IndicatorsView:
    """The node's indicators with the actuals ``actor`` may see, in at most five queries."""
    return _indicators(node, node_published_figures(actor, node))


def _indicators(node: Node, published: dict[int, dict[str, Any]] | None) -> IndicatorsView:
    """The node's indicators; ``published`` (``node_published_figures``) None: every live
    actual, else the actuals of the published years as published."""
    sheet = IndicatorSheet.objects.filter(node=node).first()
    if sheet is None:
        return IndicatorsView(node=node, version=0, updated_at=None, indicators=[])
    indicators = list(Indicator.objects.filter(sheet=sheet).order_by("order"))
    targets = _values(
        IndicatorTarget.objects.filter(indicator__sheet=sheet).values_list(
            "indicator_id", "fiscal_year", "value"
        )
    )
    if published is None:
        actual_rows = IndicatorActual.objects.filter(indicator__sheet=sheet)
        actuals = _values(actual_rows.values_list("indicator_id", "fiscal_year", "value"))
    else:
        names = {i.pk: i.name for i in indicators}
        actuals = defaultdict(dict)
        for fy, figures in published.items():
            for pk, (value, _) in published_actuals(figures, names).items():
                actuals[pk][fy] = value
    return IndicatorsView(
        node=node,
        version=sheet.version,
        updated_at=sheet.updated_at,
        indicators=[
            IndicatorView(indicator=i, targets=targets[i.pk], actuals=actuals[i.pk])
            for i in indicators
        ],
    )


def _values(rows: Iterable[tuple[int, int, Decimal]]) -> defaultdict[int, dict[int, Decimal]]:
    out: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for indicator_id, fiscal_year, value in rows:
        out[indicator_id][fiscal_year] = value
    return out


# ---- fiscal effects -----------------------------------------------------------------------


@dataclass(frozen=True)
class EffectLine:
    kind: str
    target_yen: int | None
    actual_yen: int | None  # None: not entered, or not published yet for this reader
    note: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class EffectsView:
    node: Node
    fiscal_year: int
    version: int  # 0 while nobody has written the year's effects
    updated_at: dt.datetime | None
    actuals_visible: bool
    lines: list[EffectLine] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def _lines(effects: list[FiscalEffect], actuals_visible: bool) -> list[EffectLine]:
    return [
        EffectLine(
            kind=e.kind,
            target_yen=e.target_yen,
            actual_yen=e.actual_yen if actuals_visible else None,
            # 算出方法 often states the actual ("15.7時間 × 800人"): it goes with the actual.
            note=e.note if actuals_visible else "",
        )
        for e in effects
    ]


def _published_lines(figures: dict[str, Any]) -> list[EffectLine]:
    """The effect lines of a year as published (its targets with them: like with like)."""
    return [
        EffectLine(
            kind=row["kind"],
            target_yen=row["target_yen"],
            actual_yen=row["actual_yen"],
            note=row["note"],
        )
        for row in published_effects(figures)
    ]


def effects_for(actor: Actor, node: Node, fiscal_year: int) -> EffectsView:
    """The node's fiscal effects of one year (``Hidden`` for a year outside the plan)."""
    if fiscal_year not in node.plan.fiscal_years:
        raise Hidden(f"{fiscal_year}年度は計画期間外です")
    published = node_published_figures(actor, node)
    visible = published is None or fiscal_year in published
    year = EffectYear.objects.filter(node=node, fiscal_year=fiscal_year).first()
    if year is None:
        return EffectsView(node, fiscal_year, 0, None, visible)
    if published is not None and visible:
        lines = _published_lines(published[fiscal_year])
    else:
        lines = _lines(
            list(FiscalEffect.objects.filter(effect_year=year).order_by("order")), visible
        )
    return EffectsView(node, fiscal_year, year.version, year.updated_at, visible, lines)


@dataclass
class NodeMeasures:
    indicators: IndicatorsView
    effects: list[EffectsView]  # the years somebody wrote, oldest first


def node_measures_for(actor: Actor, node: Node) -> NodeMeasures:
    """Everything a node shows of its indicators and effects, in a constant number of queries:
    at most seven (published years for outsiders, four for indicators, two for effects)."""
    published = node_published_figures(actor, node)
    indicators = _indicators(node, published)
    effect_years = list(EffectYear.objects.filter(node=node).order_by("fiscal_year"))
    by_year: defaultdict[int, list[FiscalEffect]] = defaultdict(list)
    if effect_years:
        for effect in FiscalEffect.objects.filter(effect_year__node=node).order_by("order"):
            by_year[effect.effect_year_id].append(effect)
    effects = []
    for year in effect_years:
        visible = published is None or year.fiscal_year in published
        if published is not None and visible:
            lines = _published_lines(published[year.fiscal_year])
        else:
            lines = _lines(by_year[year.pk], visible)
        effects.append(
            EffectsView(
                node=node,
                fiscal_year=year.fiscal_year,
                version=year.version,
                updated_at=year.updated_at,
                actuals_visible=visible,
                lines=lines,
            )
        )
    return NodeMeasures(indicators=indicators, effects=effects)


# ---- plan-level targets and the roll-up ---------------------------------------------------


@dataclass(frozen=True)
class TargetRate:
    """A plan-level target and the actual against it: a year's target against that year's
    actual (単年度), a period-wide target against the actual since the plan began (累計)."""

    kind: str | None  # None: all kinds together
    fiscal_year: int | None  # None: the whole period
    target_yen: int
    label: str
    span: Literal["single_year", "cumulative"]
    actual_yen: int

    @property
    def rate(self) -> Decimal | None:
        """1 = 100%; may exceed 1. None for a target of 0."""
        if self.target_yen == 0:
            return None
        return Decimal(self.actual_yen) / Decimal(self.target_yen)

    @property
    def percent(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


# ---- the API's shapes (what a write compares against, and what exports show) ------------


def indicator_dicts(sheet: IndicatorSheet | None) -> list[dict[str, Any]]:
    """The node's indicators in the API's shape (also what a PUT compares against)."""
    if sheet is None:
        return []
    out = []
    for ind in sheet.indicators.prefetch_related("targets", "actuals").order_by("order"):
        out.append(
            {
                "name": ind.name,
                "unit": ind.unit,
                "direction": ind.direction,
                "formula": ind.formula,
                "baseline": {"value": ind.baseline_value, "fy": ind.baseline_fy},
                "final_target": {"value": ind.final_target_value, "fy": ind.final_target_fy},
                "targets": {t.fiscal_year: t.value for t in ind.targets.all()},
                "actuals": {a.fiscal_year: a.value for a in ind.actuals.all()},
            }
        )
    return out


def effect_dicts(effect_year: EffectYear | None) -> list[dict[str, Any]]:
    if effect_year is None:
        return []
    return [
        {
            "kind": e.kind,
            "target_yen": e.target_yen,
            "actual_yen": e.actual_yen,
            "note": e.note,
        }
        for e in effect_year.effects.order_by("order")
    ]


KIND_ORDER = {kind: i for i, kind in enumerate(EffectKind.values)}


def effect_target_dicts(plan: Plan) -> list[dict[str, Any]]:
    """The plan's targets in the API's shape (``kind`` None: all kinds together; ``fiscal_year``
    None: the whole period), period-wide first, then by year, all kinds before each kind."""
    items = [
        {
            "kind": t.kind or None,
            "fiscal_year": t.fiscal_year,
            "target_yen": t.target_yen,
            "label": t.label,
        }
        for t in PlanTarget.objects.filter(plan=plan)
    ]
    return sorted(items, key=effect_target_order)


def effect_target_order(item: dict[str, Any]) -> tuple[int, int, int]:
    """The order of ``effect_target_dicts`` (and of a PUT's cleaned list)."""
    fy, kind = item["fiscal_year"], item["kind"]
    return (0 if fy is None else 1, fy or 0, -1 if kind is None else KIND_ORDER.get(kind, 99))


def effect_targets_version(items: list[dict[str, Any]]) -> int:
    """The version of a plan's targets: 0 while there are none, else a fingerprint of the list.
    Targets are rows without a version of their own; any change to the list changes the
    fingerprint, so a PUT based on an older list is refused like any stale write."""
    if not items:
        return 0
    text = json.dumps(items, sort_keys=True, ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:6], "big") or 1


@dataclass
class EffectTargetsView:
    plan: Plan
    targets: list[dict[str, Any]]  # as effect_target_dicts
    version: int

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def effect_targets_for(plan: Plan) -> EffectTargetsView:
    """The plan's effect targets (public: they are part of the plan), in one query."""
    targets = effect_target_dicts(plan)
    return EffectTargetsView(plan=plan, targets=targets, version=effect_targets_version(targets))


def target_rates(
    targets: list[dict[str, Any]], total: NodeRollup, fiscal_year: int
) -> list[TargetRate]:
    """The targets that apply to the roll-up of ``fiscal_year``, with the actuals against them:
    the period-wide ones and those of that year."""
    rates = []
    for t in targets:
        fy, kind = t["fiscal_year"], t["kind"]
        if fy is None:
            span_name: Literal["single_year", "cumulative"] = "cumulative"
            span = total.cumulative
        elif fy == fiscal_year:
            span_name, span = "single_year", total.single_year
        else:
            continue
        money = span.total if kind is None else span.by_kind[kind]
        rates.append(
            TargetRate(
                kind=kind,
                fiscal_year=fy,
                target_yen=t["target_yen"],
                label=t["label"],
                span=span_name,
                actual_yen=money.actual_yen,
            )
        )
    return rates


@dataclass
class RollupView:
    rollup: Rollup
    published_only: bool  # the public variant: actuals and ratings of published reports only
    targets: list[TargetRate]
    coverage: YearCoverage  # 公表済 n / N 項目 of the year


def rollup_for(actor: Actor, plan: Plan, fiscal_year: int) -> RollupView:
    """The roll-up of every node for ``fiscal_year`` as ``actor`` may see it, with the plan's
    targets, in a constant number of queries (ten, with the year's coverage)."""
    if fiscal_year not in plan.fiscal_years:
        raise Invalid(
            {"fy": f"{fiscal_year}年度は計画期間（{plan.start_fy}〜{plan.end_fy}年度）外です"}
        )
    published_only = not actor.is_internal(plan)
    rollup = plan_rollup(plan=plan, fiscal_year=fiscal_year, published_only=published_only)
    targets = target_rates(effect_target_dicts(plan), rollup.total, fiscal_year)
    return RollupView(
        rollup=rollup,
        published_only=published_only,
        targets=targets,
        coverage=year_coverage(plan, fiscal_year),
    )
