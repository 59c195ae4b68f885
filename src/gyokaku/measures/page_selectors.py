"""Reads for the dashboard pages (ダッシュボード) and the measures on the report page.

Every number on a dashboard comes from ``plan_rollup`` (the API's roll-up and the exports use
it too, so they agree): the rows are the roll-up entries of a node's children, the total row
is the node's own entry (the plan's total at the top). The per-year series of the charts are
the roll-ups of each year from the plan's first through the chosen one: a fixed number of
queries per year, whatever the plan's size. A department's view sums the entries of the
department's tracked items only (NodeRollup.add, the same sum the roll-up uses).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse

from gyokaku.accounts.access import Actor
from gyokaku.lib.achievement import Achievement, achievement
from gyokaku.lib.wareki import fy_label
from gyokaku.measures.models import EffectKind, EffectYear, IndicatorSheet
from gyokaku.measures.rollup import Money, NodeRollup, Rollup, effect_totals_by_year, plan_rollup
from gyokaku.measures.rules import can_change_targets, can_write_actuals, targets_adopted
from gyokaku.measures.selectors import (
    TargetRate,
    effect_dicts,
    effect_target_dicts,
    indicator_dicts,
    target_rates,
)
from gyokaku.plans.models import Level, Node, Plan
from gyokaku.plans.selectors import number_nodes
from gyokaku.tracking.models import ProgressReport, RatingScale, RatingValue, Round
from gyokaku.tracking.page_selectors import StaleRow
from gyokaku.tracking.rules import can_edit_plan_data
from gyokaku.tracking.selectors import YearCoverage, tracked_nodes, year_coverage

KIND_LABELS = dict(EffectKind.choices)


# ---- the dashboard ------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the dashboard's tables: a node (or the total) and its roll-up entry."""

    label: str
    item: NodeRollup
    node: Node | None = None  # None for the total row
    url: str = ""  # drill-down (or the report page in a department's item list)
    ratings: list[str] = field(default_factory=list)  # an item's value label per scale


@dataclass
class YearTotals:
    fiscal_year: int
    single_year: Money
    cumulative: Money

    @property
    def label(self) -> str:
        return fy_label(self.fiscal_year)


@dataclass
class ScaleRow:
    row: Row
    counts: list[int]  # per value of the scale, in the scale's order
    unrated: int  # reported without a value on this axis (未評価)
    on_track: int
    rated: int


@dataclass
class ScaleTable:
    scale: RatingScale
    values: list[RatingValue]
    rows: list[ScaleRow]
    total: ScaleRow


@dataclass
class Dashboard:
    plan: Plan
    fiscal_year: int
    rows: list[Row]
    total: Row
    scales: list[RatingScale]
    years: list[YearTotals]
    node: Node | None = None  # the drilled-down node; None for the plan or a department
    ancestors: list[Node] = field(default_factory=list)
    level_name: str = ""  # what the rows are (柱, 大分類 …)
    items: list[Row] = field(default_factory=list)  # a department's own items
    targets: list[TargetRate] = field(default_factory=list)  # plan-level targets (plan view)
    # What the public page shows of the same node and year (plan office and viewers): the
    # published items only, target and actual alike, beside the all-items figures above.
    public: NodeRollup | None = None
    public_targets: list[TargetRate] = field(default_factory=list)
    coverage: YearCoverage | None = None

    @property
    def target_rows(self) -> list[tuple[TargetRate, TargetRate | None]]:
        """Each plan-level target with its rate over all items and over the published ones."""
        public: list[TargetRate | None] = list(self.public_targets) or [None] * len(self.targets)
        return list(zip(self.targets, public, strict=True))

    @property
    def scale_tables(self) -> list[ScaleTable]:
        return [_scale_table(scale, self.rows, self.total) for scale in self.scales]

    @property
    def kinds(self) -> list[tuple[str, Money, Money]]:
        """(label, single year, cumulative) per kind of effect, for the total."""
        item = self.total.item
        return [
            (str(label), item.single_year.by_kind[kind], item.cumulative.by_kind[kind])
            for kind, label in EffectKind.choices
        ]


def _scale_table(scale: RatingScale, rows: list[Row], total: Row) -> ScaleTable:
    values = list(scale.values.all())

    def line(row: Row) -> ScaleRow:
        counts = row.item.ratings.get(scale.code, {})
        numbers = [counts.get(v.code, 0) for v in values]
        return ScaleRow(
            row=row,
            counts=numbers,
            unrated=row.item.reported - sum(numbers),
            on_track=row.item.on_track.get(scale.code, 0),
            rated=row.item.rated.get(scale.code, 0),
        )

    return ScaleTable(scale=scale, values=values, rows=[line(r) for r in rows], total=line(total))


def default_fiscal_year(plan: Plan) -> int:
    """The latest year with a reporting round, else the plan's first year."""
    years = Round.objects.filter(plan=plan).order_by("-fiscal_year")
    latest = years.values_list("fiscal_year", flat=True).first()
    return latest if latest is not None and latest in plan.fiscal_years else plan.start_fy


def _scales(plan: Plan) -> list[RatingScale]:
    return list(RatingScale.objects.filter(plan=plan).prefetch_related("values"))


def _label(node: Node) -> str:
    return f"{node.code} {node.title}"


def plan_dashboard(*, plan: Plan, fiscal_year: int, node: Node | None = None) -> Dashboard:
    """The children of ``node`` (the pillars when None) with their roll-ups for the year."""
    current = plan_rollup(plan=plan, fiscal_year=fiscal_year, published_only=False)
    # the public page's figures, so the two can be told apart (全項目 / 公表済みの項目)
    public = plan_rollup(plan=plan, fiscal_year=fiscal_year, published_only=True)
    targets = effect_target_dicts(plan) if node is None else []
    # The years chart needs only effect totals: one query, not one roll-up a year.
    by_year = effect_totals_by_year(plan=plan, node=node, up_to=fiscal_year, published_only=False)

    def entry(rollup: Rollup) -> NodeRollup:
        return rollup.nodes[node.key] if node is not None else rollup.total

    children = list(Node.objects.filter(plan=plan, parent=node).order_by("position"))
    url = reverse("measures:node", args=[plan.slug, "KEY"])
    rows = [Row(_label(c), current.nodes[c.key], c, url.replace("KEY", c.key)) for c in children]
    level = Level.objects.filter(plan=plan, depth=children[0].depth).first() if children else None
    ancestors = (
        list(Node.objects.filter(plan=plan, key__in=node.ancestor_keys).order_by("depth"))
        if node is not None
        else []
    )
    return Dashboard(
        plan=plan,
        fiscal_year=fiscal_year,
        rows=rows,
        total=Row(_label(node) if node else plan.title, entry(current), node),
        scales=_scales(plan),
        years=[YearTotals(t.fiscal_year, t.single_year, t.cumulative) for t in by_year],
        node=node,
        ancestors=ancestors,
        level_name=level.name if level else "",
        targets=target_rates(targets, current.total, fiscal_year),
        public=entry(public),
        public_targets=target_rates(targets, public.total, fiscal_year),
        coverage=year_coverage(plan, fiscal_year),
    )


def department_dashboard(
    *, plan: Plan, fiscal_year: int, department_ids: frozenset[int] | set[int]
) -> Dashboard:
    """The same as ``plan_dashboard`` summed over the departments' tracked items only."""
    current = plan_rollup(plan=plan, fiscal_year=fiscal_year, published_only=False)
    by_year = effect_totals_by_year(
        plan=plan,
        node=None,
        up_to=fiscal_year,
        published_only=False,
        department_ids=department_ids,
    )
    items = list(
        tracked_nodes(plan).filter(departments__in=department_ids).distinct().order_by("position")
    )
    number_nodes(items)
    pillar_keys = {n.key.split("-")[0] for n in items}
    pillars = list(
        Node.objects.filter(plan=plan, parent__isnull=True, key__in=pillar_keys).order_by(
            "position"
        )
    )
    rows = [
        Row(_label(p), _sum(current, [n for n in items if n.is_in_subtree_of(p)]), p)
        for p in pillars
    ]
    report_url = reverse("measures:report", args=[plan.slug, "KEY", fiscal_year])
    reported = set(
        ProgressReport.objects.filter(
            node__plan=plan, node__departments__in=department_ids, fiscal_year=fiscal_year
        ).values_list("node_id", flat=True)
    )
    level = Level.objects.filter(plan=plan, depth=1).first()
    scales = _scales(plan)
    return Dashboard(
        plan=plan,
        fiscal_year=fiscal_year,
        rows=rows,
        total=Row(plan.title, _sum(current, items)),
        scales=scales,
        years=[YearTotals(t.fiscal_year, t.single_year, t.cumulative) for t in by_year],
        level_name=level.name if level else "",
        items=[
            Row(
                _label(n),
                current.nodes[n.key],
                n,
                report_url.replace("KEY", n.key) if n.pk in reported else "",
                _item_ratings(current.nodes[n.key], scales),
            )
            for n in items
        ],
    )


def _item_ratings(item: NodeRollup, scales: list[RatingScale]) -> list[str]:
    """The value of each axis of one tracked item (its counts hold a single 1)."""
    out = []
    for scale in scales:
        counts = item.ratings.get(scale.code, {})
        labels = [v.label for v in scale.values.all() if counts.get(v.code)]
        out.append("、".join(labels) or "—")
    return out


def _sum(rollup: Rollup, nodes: list[Node]) -> NodeRollup:
    total = NodeRollup()
    for node in nodes:
        total.add(rollup.nodes[node.key])
    return total


def department_plans(*, actor: Actor) -> list[Plan]:
    """The plans of the actor's municipality: those where their departments have items first,
    then the newest period first."""
    if actor.municipality_id is None:
        return []
    plans = list(Plan.objects.filter(municipality_id=actor.municipality_id).order_by("-start_fy"))
    mine = set(
        Node.objects.filter(departments__in=actor.department_ids).values_list("plan_id", flat=True)
    )
    return sorted(plans, key=lambda p: p.pk not in mine)


# ---- measures on the report page ----------------------------------------------------------


@dataclass
class IndicatorLine:
    """One indicator as the report page shows it for one fiscal year."""

    index: int
    data: dict[str, Any]  # indicator_dicts' shape
    target: Decimal | None
    actual: Decimal | None
    result: Achievement

    @property
    def direction_label(self) -> str:
        return "高いほどよい" if self.data["direction"] == "higher" else "低いほどよい"


@dataclass
class ReportMeasures:
    """Indicators and fiscal effects of one node in one year, and what the actor may change."""

    node: Node
    fiscal_year: int
    indicators: list[IndicatorLine]
    indicator_version: int
    effects: list[dict[str, Any]]
    effect_version: int
    can_define: bool  # definitions and targets (plan data)
    can_enter_actuals: bool  # this year's actuals (the report must be editable)
    tracked: bool
    can_target: bool = False  # baselines and targets: the plan office (measures.rules)
    targets_adopted: bool = False  # a changed target then needs a reason

    @property
    def editable(self) -> bool:
        return self.tracked and (self.can_define or self.can_enter_actuals)


def indicator_lines(data: list[dict[str, Any]], fiscal_year: int) -> list[IndicatorLine]:
    lines = []
    for i, item in enumerate(data):
        target = item["targets"].get(fiscal_year)
        if target is None and item["final_target"]["fy"] == fiscal_year:
            target = item["final_target"]["value"]  # as the roll-up counts it
        actual = item["actuals"].get(fiscal_year)
        result = achievement(
            direction=item["direction"],
            actual=actual,
            target=target,
            baseline=item["baseline"]["value"],
            formula=item["formula"],
        )
        lines.append(IndicatorLine(i, item, item["targets"].get(fiscal_year), actual, result))
    return lines


def report_measures(*, node: Node, fiscal_year: int, actor: Actor) -> ReportMeasures:
    sheet = IndicatorSheet.objects.filter(node=node).first()
    effect_year = EffectYear.objects.filter(node=node, fiscal_year=fiscal_year).first()
    return ReportMeasures(
        node=node,
        fiscal_year=fiscal_year,
        indicators=indicator_lines(indicator_dicts(sheet), fiscal_year),
        indicator_version=sheet.version if sheet else 0,
        effects=[
            {**e, "kind_label": KIND_LABELS.get(e["kind"], e["kind"])}
            for e in effect_dicts(effect_year)
        ],
        effect_version=effect_year.version if effect_year else 0,
        can_define=can_edit_plan_data(actor, node, "成果指標") is None,
        can_enter_actuals=can_write_actuals(actor, node, fiscal_year) is None,
        tracked=Node.objects.filter(pk=node.pk).leaves().exists(),
        can_target=can_change_targets(actor, node.plan) is None,
        targets_adopted=targets_adopted(node.plan),
    )


# ---- what changed since the form was opened (a stale save) ----------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def _indicator_fields(item: dict[str, Any], fiscal_year: int) -> dict[str, str]:
    direction = "高いほどよい" if item.get("direction") == "higher" else "低いほどよい"
    return {
        "指標名": item.get("name", ""),
        "単位": item.get("unit", ""),
        "方向": direction,
        "基準値": _text(item["baseline"]["value"]),
        "基準年度": _text(item["baseline"]["fy"]),
        "目標値": _text(item["targets"].get(fiscal_year)),
        "最終目標値": _text(item["final_target"]["value"]),
        "最終目標年度": _text(item["final_target"]["fy"]),
        "実績値": _text(item["actuals"].get(fiscal_year)),
    }


def _effect_fields(item: dict[str, Any], fiscal_year: int) -> dict[str, str]:
    return {
        "区分": str(KIND_LABELS.get(item.get("kind") or "", item.get("kind") or "")),
        "目標額（円）": _text(item.get("target_yen")),
        "実績額（円）": _text(item.get("actual_yen")),
        "算出方法": item.get("note") or "",
    }


def measure_stale_rows(
    *, what: str, current: list[dict[str, Any]], theirs: list[dict[str, Any]], fiscal_year: int
) -> list[StaleRow]:
    """Where the saved list (read now) differs from the person's input, field by field."""
    fields = _indicator_fields if what == "indicators" else _effect_fields
    noun = "指標" if what == "indicators" else "財政効果"
    rows = []
    for i in range(max(len(current), len(theirs))):
        now = fields(current[i], fiscal_year) if i < len(current) else {}
        mine = fields(theirs[i], fiscal_year) if i < len(theirs) else {}
        for label in now or mine:  # both have the same fields, in the form's order
            if now.get(label, "") != mine.get(label, ""):
                rows.append(
                    StaleRow(
                        name=f"{what}-{i}-{label}",
                        label=f"{noun}{i + 1} {label}",
                        current=now.get(label, ""),
                        theirs=mine.get(label, ""),
                    )
                )
    return rows
