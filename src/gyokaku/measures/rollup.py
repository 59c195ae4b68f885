"""Roll-up (集計) of a plan for one fiscal year, at every node and for the whole plan.

Per node: counts per rating value on each axis, the share on track, fiscal effects (target and
actual, per kind and in total) for the year alone (single_year, 単年度) and from the plan's
first year through that year (cumulative, 累計), and indicators achieved / not achieved / not
measured. Leaves carry the data; every parent is the sum of its children and the plan the
sum of its pillars. Read in a constant number of queries whatever the plan's size.

``published_only`` restricts everything that comes from a yearly report (ratings, actuals) to
published reports, for the public, and sums the effect targets over the same published items,
so that a public total compares like with like (``readable_target_yen`` beside
``readable_actual_yen``; the rule of actuals is ``measures.models.actual_readable``, the one of
reports ``ProgressReport.objects``). Without it, every item's target and actual counts.

An item counts in the years it is tracked (``plans.models.tracked_in_q``): one a revision ended
(廃止・統合・完了) keeps its earlier years in every total but is neither expected nor counted from
its ``ended_fy`` on; one a revision added counts from its ``first_fy``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    QuerySet,
    Sum,
)

from gyokaku.lib.achievement import achievement
from gyokaku.measures.models import (
    EffectKind,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorTarget,
    readable_actual_yen,
    readable_target_yen,
)
from gyokaku.measures.published import published_actuals, published_effects
from gyokaku.plans.models import Node, Plan, reports_on, tracked_in_q
from gyokaku.tracking.models import ProgressReport, RatingValue

KINDS = [k.value for k in EffectKind]


@dataclass
class Money:
    target_yen: int = 0
    actual_yen: int = 0

    def add(self, other: Money) -> None:
        self.target_yen += other.target_yen
        self.actual_yen += other.actual_yen

    def as_dict(self) -> dict[str, int]:
        return {"target_yen": self.target_yen, "actual_yen": self.actual_yen}


@dataclass
class Span:
    total: Money = field(default_factory=Money)
    by_kind: dict[str, Money] = field(default_factory=lambda: {k: Money() for k in KINDS})

    def add_effect(self, kind: str, target: int | None, actual: int | None) -> None:
        money = Money(target or 0, actual or 0)
        self.total.add(money)
        self.by_kind[kind].add(money)

    def add(self, other: Span) -> None:
        self.total.add(other.total)
        for kind in KINDS:
            self.by_kind[kind].add(other.by_kind[kind])

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.total.as_dict(),
            "by_kind": {k: m.as_dict() for k, m in self.by_kind.items()},
        }


@dataclass
class NodeRollup:
    tracked: int = 0  # tracked nodes at or below this one
    reported: int = 0  # of which have a report this year (visible to the reader)
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)  # scale -> value -> n
    on_track: dict[str, int] = field(default_factory=dict)  # scale -> n on track
    rated: dict[str, int] = field(default_factory=dict)  # scale -> n rated (not 評価対象外)
    single_year: Span = field(default_factory=Span)
    cumulative: Span = field(default_factory=Span)
    indicators: dict[str, int] = field(
        default_factory=lambda: {"achieved": 0, "not_achieved": 0, "not_measured": 0}
    )

    def add(self, other: NodeRollup) -> None:
        self.tracked += other.tracked
        self.reported += other.reported
        for scale, counts in other.ratings.items():
            mine = self.ratings.setdefault(scale, {})
            for value, n in counts.items():
                mine[value] = mine.get(value, 0) + n
        for name in ("on_track", "rated"):
            mine_counts, theirs = getattr(self, name), getattr(other, name)
            for scale, n in theirs.items():
                mine_counts[scale] = mine_counts.get(scale, 0) + n
        self.single_year.add(other.single_year)
        self.cumulative.add(other.cumulative)
        for name, n in other.indicators.items():
            self.indicators[name] += n

    def as_dict(self) -> dict[str, Any]:
        return {
            "tracked": self.tracked,
            "reported": self.reported,
            "ratings": self.ratings,
            "on_track": {
                scale: {
                    "count": self.on_track.get(scale, 0),
                    "rated": self.rated.get(scale, 0),
                    "share": (
                        round(self.on_track.get(scale, 0) / self.rated[scale], 4)
                        if self.rated.get(scale)
                        else None
                    ),
                }
                for scale in self.ratings
            },
            "effects": {
                "single_year": self.single_year.as_dict(),
                "cumulative": self.cumulative.as_dict(),
            },
            "indicators": dict(self.indicators),
        }


@dataclass
class Rollup:
    plan: Plan
    fiscal_year: int
    total: NodeRollup
    nodes: dict[str, NodeRollup]  # by key, every node of the plan

    def as_dict(self) -> dict[str, Any]:
        return {
            "fy": self.fiscal_year,
            "plan": self.total.as_dict(),
            "nodes": {key: item.as_dict() for key, item in self.nodes.items()},
        }


def plan_rollup(*, plan: Plan, fiscal_year: int, published_only: bool) -> Rollup:
    rows = list(
        Node.objects.filter(plan=plan)
        .order_by("position")
        .annotate(tracked=ExpressionWrapper(tracked_in_q(fiscal_year), BooleanField()))
        .values_list("pk", "parent_id", "key", "tracked", "is_unit", "is_line")
    )
    nodes: list[tuple[int, int | None, str]] = [(pk, up, key) for pk, up, key, *_ in rows]
    has_children = {parent for _, parent, _ in nodes if parent is not None}
    # Every reporting unit carries its data into the totals (an item ended by a revision keeps
    # its earlier years); only the items tracked this year (``tracked_in_q``) are expected to
    # report. The lines below a unit carry nothing: their parent is the unit, not their sum.
    own: dict[int, NodeRollup] = {
        pk: NodeRollup(tracked=int(tracked))
        for pk, _, _, tracked, unit, line in rows
        if reports_on((unit, line), pk in has_children)
    }
    _rate_reports(plan, fiscal_year, published_only, own)
    _add_effects(plan, fiscal_year, published_only, own)
    _add_indicators(plan, fiscal_year, published_only, own)
    return _sum_up(plan, fiscal_year, nodes, own)


def _rate_reports(
    plan: Plan, fiscal_year: int, published_only: bool, own: dict[int, NodeRollup]
) -> None:
    """Count the ratings of the year's reports the reader may see."""
    values = {
        (v.scale.code, v.code): v
        for v in RatingValue.objects.filter(scale__plan=plan).select_related("scale")
    }
    reports = ProgressReport.objects.filter(node__plan=plan, fiscal_year=fiscal_year).of_leaves()
    ratings_path = "ratings"
    if published_only:  # as published: a reopened report counts with what the public read
        reports, ratings_path = reports.published(), "publication__ratings"
    for node_id, ratings in reports.values_list("node_id", ratings_path):
        if node_id not in own:
            continue
        item = own[node_id]
        item.reported += 1
        for scale, value_code in (ratings or {}).items():
            value = values.get((scale, value_code))
            if value is None:
                continue
            counts = item.ratings.setdefault(scale, {})
            counts[value_code] = counts.get(value_code, 0) + 1
            if not value.not_rated:
                item.rated[scale] = item.rated.get(scale, 0) + 1
                item.on_track[scale] = item.on_track.get(scale, 0) + int(value.on_track)


def _published_figures(plan: Plan, first_fy: int, last_fy: int) -> list[tuple[int, int, Any]]:
    """(node id, fiscal year, figures as published) of the published reports of the years."""
    reports = ProgressReport.objects.filter(
        node__plan=plan, fiscal_year__gte=first_fy, fiscal_year__lte=last_fy
    ).published()
    return list(reports.values_list("node_id", "fiscal_year", "publication__figures"))


def _add_effects(
    plan: Plan, fiscal_year: int, published_only: bool, own: dict[int, NodeRollup]
) -> None:
    if published_only:  # the public sums the effects as published, targets beside actuals
        for node_id, year, figures in _published_figures(plan, plan.start_fy, fiscal_year):
            item = own.get(node_id)
            if item is None:
                continue
            for row in published_effects(figures):
                item.cumulative.add_effect(row["kind"], row["target_yen"], row["actual_yen"])
                if year == fiscal_year:
                    item.single_year.add_effect(row["kind"], row["target_yen"], row["actual_yen"])
        return
    rows = (
        FiscalEffect.objects.filter(
            effect_year__node__plan=plan,
            effect_year__fiscal_year__gte=plan.start_fy,
            effect_year__fiscal_year__lte=fiscal_year,
        )
        .of_leaves()
        .annotate(
            target=readable_target_yen(published_only=published_only),
            actual=readable_actual_yen(published_only=published_only),
        )
        .values_list("effect_year__node_id", "effect_year__fiscal_year", "kind", "target", "actual")
    )
    for node_id, year, kind, target, actual in rows:
        item = own.get(node_id)
        if item is None:
            continue
        item.cumulative.add_effect(kind, target, actual)
        if year == fiscal_year:
            item.single_year.add_effect(kind, target, actual)


def _add_indicators(
    plan: Plan, fiscal_year: int, published_only: bool, own: dict[int, NodeRollup]
) -> None:
    indicators = list(
        Indicator.objects.filter(
            tracked_in_q(fiscal_year, "sheet__node"), sheet__node__plan=plan
        ).values_list(
            "pk",
            "sheet__node_id",
            "direction",
            "baseline_value",
            "final_target_value",
            "final_target_fy",
            "name",
            "formula",
        )
    )
    targets = _year_values(IndicatorTarget.objects.all(), plan, fiscal_year)
    if published_only:  # the actuals as published
        names: defaultdict[int, dict[int, str]] = defaultdict(dict)
        for row in indicators:
            names[row[1]][row[0]] = row[6]
        actuals: dict[int, Decimal] = {}
        for node_id, _, figures in _published_figures(plan, fiscal_year, fiscal_year):
            for pk, (value, _) in published_actuals(figures, names[node_id]).items():
                actuals[pk] = value
    else:
        actuals = _year_values(IndicatorActual.objects.all(), plan, fiscal_year)
    for pk, node_id, direction, baseline, final_value, final_fy, _, formula in indicators:
        item = own.get(node_id)
        if item is None:
            continue
        target = targets.get(pk)
        if target is None and final_fy == fiscal_year:
            target = final_value
        actual = actuals.get(pk)
        result = achievement(
            direction="lower" if direction == "lower" else "higher",
            actual=actual,
            target=target,
            baseline=baseline,
            formula=formula,
        )
        key = {True: "achieved", False: "not_achieved", None: "not_measured"}[result.achieved]
        item.indicators[key] += 1


def _year_values(rows: QuerySet[Any], plan: Plan, fiscal_year: int) -> dict[int, Decimal]:
    # a join, not a list of ids: a 5,000-node plan would exceed SQLite's parameter limit
    rows = rows.filter(indicator__sheet__node__plan=plan, fiscal_year=fiscal_year)
    return dict(rows.values_list("indicator_id", "value"))


def _sum_up(
    plan: Plan,
    fiscal_year: int,
    nodes: list[tuple[int, int | None, str]],
    own: dict[int, NodeRollup],
) -> Rollup:
    by_pk: dict[int, NodeRollup] = defaultdict(NodeRollup)
    for pk, item in own.items():
        by_pk[pk] = item
    # Children come after their parents in pre-order: walk backwards and add each to its parent.
    for pk, parent_id, _ in reversed(nodes):
        if parent_id is not None:
            by_pk[parent_id].add(by_pk[pk])
    total = NodeRollup()
    for pk, parent_id, _ in nodes:
        if parent_id is None:
            total.add(by_pk[pk])
    return Rollup(
        plan=plan,
        fiscal_year=fiscal_year,
        total=total,
        nodes={key: by_pk[pk] for pk, _, key in nodes},
    )


@dataclass(frozen=True)
class YearEffects:
    fiscal_year: int
    single_year: Money
    cumulative: Money


def effect_totals_by_year(
    *,
    plan: Plan,
    node: Node | None,
    up_to: int,
    published_only: bool,
    department_ids: Collection[int] | None = None,
) -> list[YearEffects]:
    """The fiscal-effect totals of ``node``'s subtree (the whole plan when None) for each year
    from the plan's first through ``up_to``: what ``plan_rollup`` of each year gives as
    ``single_year.total`` and ``cumulative.total``, in one query instead of one roll-up a year.
    With ``department_ids``, only the leaves those departments are assigned.

    The same rules: only leaves carry effects, and for the public an actual and its target
    count only when its node's report of that year is published.
    """
    effects = FiscalEffect.objects.filter(
        effect_year__node__plan=plan,
        effect_year__fiscal_year__gte=plan.start_fy,
        effect_year__fiscal_year__lte=up_to,
    ).of_leaves()
    if node is not None:
        effects = effects.under(node)
    if department_ids is not None:  # Exists, not a join: a leaf of two departments counts once
        assigned = Node.departments.through.objects.filter(
            node_id=OuterRef("effect_year__node"), department_id__in=list(department_ids)
        )
        effects = effects.filter(Exists(assigned))
    sums = {
        year: (target or 0, actual or 0)
        for year, target, actual in effects.values("effect_year__fiscal_year")
        .annotate(
            target=Sum(readable_target_yen(published_only=published_only)),
            actual=Sum(readable_actual_yen(published_only=published_only)),
        )
        .values_list("effect_year__fiscal_year", "target", "actual")
    }
    totals: list[YearEffects] = []
    running = Money()
    for year in range(plan.start_fy, up_to + 1):
        single = Money(*sums.get(year, (0, 0)))
        running = Money(
            running.target_yen + single.target_yen, running.actual_yen + single.actual_yen
        )
        totals.append(YearEffects(year, single, running))
    return totals
