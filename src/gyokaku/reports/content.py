"""What the annual progress report (進捗状況報告書) says, built once and rendered by every format.

Every number comes from the roll-up the plan office reads (``plan_rollup`` for internal readers,
the same as GET /api/v1/plans/{slug}/rollup?fy= answers them): counts per rating value, fiscal
effects per item, per pillar and in total, 単年度 and 累計. The report is internal to the plan
office, which compiles it before publication, so it prints approved (承認済) and published
(公表済) reports in full, each marked with its state. Reports not yet approved are still in the
roll-up's totals (as in the API), are listed in the appendix with their state, and the cover
says how many there are.

Read in a constant number of queries whatever the plan's size (``tests/reports``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from gyokaku.lib.achievement import Achievement, achievement
from gyokaku.lib.wareki import date_label, fy_label, period_label
from gyokaku.measures.models import (
    EffectKind,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorDirection,
    IndicatorTarget,
)
from gyokaku.measures.rollup import Money, NodeRollup, plan_rollup
from gyokaku.measures.selectors import TargetRate, effect_target_dicts, target_rates
from gyokaku.plans.models import Level, Node, Plan
from gyokaku.reports.snapshot import SHOWN_STATES, Snapshot, data_snapshot
from gyokaku.tracking.models import (
    Direction,
    ProgressReport,
    RatingScale,
    RatingValue,
    Stage,
    State,
    YearPlan,
)

KIND_LABELS = dict(EffectKind.choices)
STATE_LABELS = dict(State.choices)
DIRECTION_LABELS = dict(Direction.choices)
STAGE_LABELS = dict(Stage.choices)
# ---- the parts of the report ----------------------------------------------------------------


@dataclass
class ScaleLine:
    """One line of a rating table: a pillar (or the total) and its counts on one scale."""

    label: str
    tracked: int
    reported: int
    counts: list[int]  # per value of the scale, in the scale's order
    unrated: int  # reported without a value on this scale (未評価)
    on_track: int
    rated: int

    @property
    def share(self) -> Decimal | None:
        """The share on track, 1 = 100%; None when nothing is rated."""
        return Decimal(self.on_track) / Decimal(self.rated) if self.rated else None


@dataclass
class ScaleSummary:
    scale: RatingScale
    values: list[RatingValue]
    rows: list[ScaleLine]  # per pillar
    total: ScaleLine

    @property
    def on_track_labels(self) -> str:
        """「取組中・完了」: the values that count as on track (順調)."""
        return "・".join(v.label for v in self.values if v.on_track) or "なし"


@dataclass
class EffectLine:
    kind: str
    target_yen: int | None
    actual_yen: int | None
    note: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


@dataclass
class IndicatorLine:
    name: str
    unit: str
    direction: str
    baseline: Decimal | None
    baseline_fy: int | None
    target: Decimal | None  # of the report's year (the final target stands for its own year)
    actual: Decimal | None
    result: Achievement
    # (fiscal year, target, actual) from the plan's first year through the report's year
    series: list[tuple[int, Decimal | None, Decimal | None]]

    @property
    def direction_label(self) -> str:
        return str(dict(IndicatorDirection.choices).get(self.direction, self.direction))


@dataclass
class Item:
    """One tracked item (項目) and everything the report prints about it."""

    node: Node
    pillar: Node
    path: list[Node]  # ancestors below the pillar, for the heading's context
    departments: list[str]
    rollup: NodeRollup
    state: str  # "" when the item has no report this year
    stage: str = ""
    year_plan: str = ""
    result_text: str = ""
    issues_text: str = ""
    next_plan_text: str = ""
    direction: str = ""
    committee_opinion: str = ""
    ratings: list[tuple[str, str]] = field(default_factory=list)  # (scale name, value label)
    indicators: list[IndicatorLine] = field(default_factory=list)
    effects: list[EffectLine] = field(default_factory=list)  # of the report's year
    has_effects: bool = False  # any effect line up to the report's year (累計)
    reasons: list[str] = field(default_factory=list)  # why it is (partly) not rated

    @property
    def shown(self) -> bool:
        """Printed in full: approved or published."""
        return self.state in SHOWN_STATES

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS.get(self.state, "報告なし"))

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS.get(self.stage, "")) if self.stage else ""

    @property
    def direction_label(self) -> str:
        return str(DIRECTION_LABELS.get(self.direction, "")) if self.direction else ""

    @property
    def label(self) -> str:
        return f"{self.node.code} {self.node.title}"


@dataclass
class Pillar:
    node: Node
    rollup: NodeRollup
    items: list[Item]

    @property
    def label(self) -> str:
        return f"{self.node.code} {self.node.title}"


@dataclass
class YearMoney:
    fiscal_year: int
    single_year: Money
    cumulative: Money


@dataclass
class ReportContent:
    plan: Plan
    fiscal_year: int
    made_on: dt.date
    snapshot: Snapshot
    levels: dict[int, str]  # depth → level name (柱, 項目 …)
    scales: list[ScaleSummary]
    pillars: list[Pillar]
    total: NodeRollup
    targets: list[TargetRate]
    years: list[YearMoney]  # the plan's totals per year, first year through the report's

    @property
    def fy_label(self) -> str:
        return fy_label(self.fiscal_year)

    @property
    def made_on_label(self) -> str:
        return date_label(self.made_on)

    @property
    def period_label(self) -> str:
        return period_label(self.plan.start_fy, self.plan.end_fy)

    @property
    def title(self) -> str:
        return f"{self.plan.title} 進捗状況報告書 {self.fy_label}"

    @property
    def pillar_level(self) -> str:
        return self.levels.get(1, "柱")

    @property
    def items(self) -> list[Item]:
        return [item for pillar in self.pillars for item in pillar.items]

    @property
    def shown_items(self) -> list[Item]:
        return [item for item in self.items if item.shown]

    @property
    def effect_items(self) -> list[Item]:
        return [item for item in self.items if item.has_effects]

    @property
    def not_rated(self) -> list[Item]:
        """The appendix: items without a report, not yet approved, or not rated on a scale."""
        return [item for item in self.items if item.reasons]

    @property
    def kinds(self) -> list[tuple[str, Money, Money]]:
        """(label, 単年度, 累計) per kind of effect, for the plan."""
        return [
            (str(label), self.total.single_year.by_kind[kind], self.total.cumulative.by_kind[kind])
            for kind, label in EffectKind.choices
        ]


# ---- the selector ---------------------------------------------------------------------------


def report_content(*, plan: Plan, fiscal_year: int, today: dt.date | None = None) -> ReportContent:
    """Everything the report of ``plan`` for ``fiscal_year`` prints (internal: the caller has
    checked that the reader is the plan office)."""
    rollup = plan_rollup(plan=plan, fiscal_year=fiscal_year, published_only=False)
    nodes = list(Node.objects.filter(plan=plan).order_by("position"))
    scales = list(RatingScale.objects.filter(plan=plan).prefetch_related("values"))
    effects = _effects(plan, fiscal_year, nodes)
    items = _items(plan, fiscal_year, nodes, rollup.nodes, scales, effects)
    pillars = [
        Pillar(node=n, rollup=rollup.nodes[n.key], items=items.get(n.pk, []))
        for n in nodes
        if n.parent_id is None
    ]
    return ReportContent(
        plan=plan,
        fiscal_year=fiscal_year,
        made_on=today or timezone.localdate(),
        snapshot=data_snapshot(plan=plan, fiscal_year=fiscal_year),
        levels=dict(Level.objects.filter(plan=plan).values_list("depth", "name")),
        scales=[_scale_summary(scale, pillars, rollup.total) for scale in scales],
        pillars=pillars,
        total=rollup.total,
        targets=target_rates(effect_target_dicts(plan), rollup.total, fiscal_year),
        years=effects.years,
    )


def _scale_summary(scale: RatingScale, pillars: list[Pillar], total: NodeRollup) -> ScaleSummary:
    values = list(scale.values.all())

    def line(label: str, item: NodeRollup) -> ScaleLine:
        counts = item.ratings.get(scale.code, {})
        numbers = [counts.get(v.code, 0) for v in values]
        return ScaleLine(
            label=label,
            tracked=item.tracked,
            reported=item.reported,
            counts=numbers,
            unrated=item.reported - sum(numbers),
            on_track=item.on_track.get(scale.code, 0),
            rated=item.rated.get(scale.code, 0),
        )

    return ScaleSummary(
        scale=scale,
        values=values,
        rows=[line(p.label, p.rollup) for p in pillars],
        total=line("合計", total),
    )


def _items(
    plan: Plan,
    fiscal_year: int,
    nodes: list[Node],
    rollups: dict[str, NodeRollup],
    scales: list[RatingScale],
    effects: _Effects,
) -> dict[int, list[Item]]:
    """The tracked items (the leaves) by their pillar's pk, in plan order."""
    by_pk = {n.pk: n for n in nodes}
    parents = {n.parent_id for n in nodes if n.parent_id is not None}
    departments = _departments(plan)
    reports = {
        r.node_id: r
        for r in ProgressReport.objects.filter(node__plan=plan, fiscal_year=fiscal_year)
    }
    year_plans = {
        y.node_id: y for y in YearPlan.objects.filter(node__plan=plan, fiscal_year=fiscal_year)
    }
    indicators = _indicators(plan, fiscal_year)
    out: defaultdict[int, list[Item]] = defaultdict(list)
    for node in nodes:
        if node.pk in parents:
            continue
        ancestors = _ancestors(node, by_pk)
        pillar = ancestors[0] if ancestors else node
        report = reports.get(node.pk)
        year_plan = year_plans.get(node.pk)
        item = Item(
            node=node,
            pillar=pillar,
            path=ancestors[1:],
            departments=departments.get(node.pk, []),
            rollup=rollups[node.key],
            state=report.state if report else "",
            stage=year_plan.stage if year_plan else "",
            year_plan=year_plan.text if year_plan else "",
            indicators=indicators.get(node.pk, []),
            effects=effects.lines.get(node.pk, []),
            has_effects=node.pk in effects.nodes,
        )
        if report is not None:
            _fill_report(item, report, scales)
        item.reasons = _reasons(item, report, scales)
        out[pillar.pk].append(item)
    return out


def _ancestors(node: Node, by_pk: dict[int, Node]) -> list[Node]:
    chain = []
    parent_id = node.parent_id
    while parent_id is not None:
        parent = by_pk[parent_id]
        chain.append(parent)
        parent_id = parent.parent_id
    return chain[::-1]


def _departments(plan: Plan) -> dict[int, list[str]]:
    through = Node.departments.through
    rows = (
        through.objects.filter(node__plan=plan)
        .order_by("department__code")
        .values_list("node_id", "department__name")
    )
    out: defaultdict[int, list[str]] = defaultdict(list)
    for node_id, name in rows:
        out[node_id].append(name)
    return out


def _fill_report(item: Item, report: ProgressReport, scales: list[RatingScale]) -> None:
    item.result_text = report.result_text
    item.issues_text = report.issues_text
    item.next_plan_text = report.next_plan_text
    item.direction = report.direction
    item.committee_opinion = report.committee_opinion
    ratings = report.ratings or {}
    for scale in scales:
        value = next((v for v in scale.values.all() if v.code == ratings.get(scale.code)), None)
        item.ratings.append((scale.name, value.label if value else "未評価"))


def _reasons(item: Item, report: ProgressReport | None, scales: list[RatingScale]) -> list[str]:
    """Why the item is not rated, or not printed in full, this year (the appendix)."""
    if report is None:
        return ["この年度の取組状況がありません"]
    if not item.shown:
        return [f"未承認（{item.state_label}）のため本文を掲載していません"]
    reasons = []
    ratings = report.ratings or {}
    for scale in scales:
        value = next((v for v in scale.values.all() if v.code == ratings.get(scale.code)), None)
        if value is None:
            reasons.append(f"{scale.name}：未評価")
        elif value.not_rated:
            why = f"（{value.description}）" if value.description else ""
            reasons.append(f"{scale.name}：{value.label}{why}")
    return reasons


def _indicators(plan: Plan, fiscal_year: int) -> dict[int, list[IndicatorLine]]:
    years = range(plan.start_fy, fiscal_year + 1)
    rows = Indicator.objects.filter(sheet__node__plan=plan).order_by("sheet_id", "order", "pk")
    targets: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, fy, value in IndicatorTarget.objects.filter(
        indicator__sheet__node__plan=plan, fiscal_year__lte=fiscal_year
    ).values_list("indicator_id", "fiscal_year", "value"):
        targets[pk][fy] = value
    actuals: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, fy, value in IndicatorActual.objects.filter(
        indicator__sheet__node__plan=plan, fiscal_year__lte=fiscal_year
    ).values_list("indicator_id", "fiscal_year", "value"):
        actuals[pk][fy] = value
    out: defaultdict[int, list[IndicatorLine]] = defaultdict(list)
    for ind, node_id in ((i, i.sheet.node_id) for i in rows.select_related("sheet")):

        def target_of(fy: int, ind: Indicator = ind) -> Decimal | None:
            # the final target stands for the year it is set for, as in the roll-up
            value = targets[ind.pk].get(fy)
            if value is None and ind.final_target_fy == fy:
                return ind.final_target_value
            return value

        target, actual = target_of(fiscal_year), actuals[ind.pk].get(fiscal_year)
        out[node_id].append(
            IndicatorLine(
                name=ind.name,
                unit=ind.unit,
                direction=ind.direction,
                baseline=ind.baseline_value,
                baseline_fy=ind.baseline_fy,
                target=target,
                actual=actual,
                result=achievement(
                    direction="lower" if ind.direction == IndicatorDirection.LOWER else "higher",
                    actual=actual,
                    target=target,
                    baseline=ind.baseline_value,
                ),
                series=[(fy, target_of(fy), actuals[ind.pk].get(fy)) for fy in years],
            )
        )
    return out


@dataclass
class _Effects:
    lines: dict[int, list[EffectLine]]  # the year's lines per node
    nodes: set[int]  # the nodes with any line up to the year
    years: list[YearMoney]  # the plan's totals per year, for the chart


def _effects(plan: Plan, fiscal_year: int, nodes: list[Node]) -> _Effects:
    """Effect lines of every year up to ``fiscal_year``, in one query. The per-year totals sum
    the tracked items as the roll-up does; tests check them against the roll-up of each year."""
    parents = {n.parent_id for n in nodes if n.parent_id is not None}
    leaves = {n.pk for n in nodes if n.pk not in parents}
    rows = (
        FiscalEffect.objects.filter(
            effect_year__node__plan=plan,
            effect_year__fiscal_year__gte=plan.start_fy,
            effect_year__fiscal_year__lte=fiscal_year,
        )
        .order_by("effect_year__node_id", "order", "pk")
        .values_list(
            "effect_year__node_id",
            "effect_year__fiscal_year",
            "kind",
            "target_yen",
            "actual_yen",
            "note",
        )
    )
    lines: defaultdict[int, list[EffectLine]] = defaultdict(list)
    seen: set[int] = set()
    per_year = {fy: Money() for fy in range(plan.start_fy, fiscal_year + 1)}
    for node_id, fy, kind, target, actual, note in rows:
        if node_id not in leaves:
            continue
        seen.add(node_id)
        per_year[fy].add(Money(target or 0, actual or 0))
        if fy == fiscal_year:
            lines[node_id].append(EffectLine(kind, target, actual, note))
    years, running = [], Money()
    for fy, money in per_year.items():
        running.add(money)
        years.append(YearMoney(fy, money, Money(running.target_yen, running.actual_yen)))
    return _Effects(lines=lines, nodes=seen, years=years)
