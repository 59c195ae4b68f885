"""What changed between two fiscal years (前年度からの変化), from published data only.

For every tracked node with a published report in the later year: the value of each rating scale,
the direction (今後の方向性) and the planned stage (工程, the year plan) in both years, and the
fiscal effects (target and actual); a node published in the later year only is new (新たに
公表). A node published in the earlier year only is not a change — its later report is not out
yet — and is only counted. Year plans and actuals count only for a year whose report of the
node is published — the rule of tracking/selectors.py and measures/selectors.py.

This page says the same to everybody, staff included: it is a public statement of what the
city published, not a working view (the dashboard is that).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext

from gyokaku.lib.errors import Invalid
from gyokaku.lib.wareki import fy_label
from gyokaku.measures.published import published_effects
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.printed import printed_numbers
from gyokaku.site.history import rating_labels
from gyokaku.tracking.models import ProgressReport, RatingScale
from gyokaku.tracking.selectors import published_year_plans, rating_scales_of


@dataclass(frozen=True)
class Pair:
    """A value in the earlier and the later year ("" where there is none)."""

    label: str  # what it is: a scale's name, 今後の方向性, 工程
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class Effects:
    target_yen: int | None = None
    actual_yen: int | None = None  # None: not entered, or that year is not published


@dataclass
class ItemChange:
    node: Node
    pillar: Node | None
    report_before: ProgressReport | None  # the published report of each year, if any
    report_after: ProgressReport | None
    stage_codes: tuple[str, str]  # the year plans' stages (codes), "" where none is public
    ratings: list[Pair]
    direction: Pair
    stage: Pair
    before: Effects
    after: Effects

    @property
    def published_before(self) -> bool:
        return self.report_before is not None

    @property
    def published_after(self) -> bool:
        return self.report_after is not None

    @property
    def changed_fields(self) -> list[str]:
        """What changed, by machine name: ``ratings.<scale>``, ``direction``, ``stage``,
        ``effects``, ``published`` (a report in one year only)."""
        before, after = self.report_before, self.report_after
        ratings_b = (before.ratings if before else None) or {}
        ratings_a = (after.ratings if after else None) or {}
        out = [
            f"ratings.{scale}"
            for scale in sorted({*ratings_b, *ratings_a})
            if ratings_b.get(scale, "") != ratings_a.get(scale, "")
        ]
        if (before.direction if before else "") != (after.direction if after else ""):
            out.append("direction")
        if self.stage_codes[0] != self.stage_codes[1]:
            out.append("stage")
        if self.effects_changed:
            out.append("effects")
        if self.published_before != self.published_after:
            out.append("published")
        return out

    @property
    def pairs(self) -> list[Pair]:
        return [*self.ratings, self.direction, self.stage]

    @property
    def changed_pairs(self) -> list[Pair]:
        return [p for p in self.pairs if p.changed]

    @property
    def actual_difference_yen(self) -> int | None:
        if self.before.actual_yen is None and self.after.actual_yen is None:
            return None
        return (self.after.actual_yen or 0) - (self.before.actual_yen or 0)

    @property
    def effects_changed(self) -> bool:
        return (self.before.target_yen, self.before.actual_yen) != (
            self.after.target_yen,
            self.after.actual_yen,
        )

    @property
    def changed(self) -> bool:
        return (
            bool(self.changed_pairs)
            or self.effects_changed
            or self.published_before != self.published_after
        )


@dataclass
class Changes:
    plan: Plan
    from_fy: int
    to_fy: int
    published: list[int]  # the plan's published years
    scales: list[RatingScale]
    compared: int = 0  # tracked nodes with a published report in both years
    not_yet: int = 0  # published in the earlier year only (the later one is not out yet)
    items: list[ItemChange] = field(default_factory=list)  # those that changed, in plan order

    @property
    def from_label(self) -> str:
        return fy_label(self.from_fy)

    @property
    def to_label(self) -> str:
        return fy_label(self.to_fy)

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(what, how many items changed it) for each scale, the direction and the stage."""
        labels = [s.name for s in self.scales] + [direction_label(), stage_label()]
        return [
            (label, sum(1 for i in self.items for p in i.changed_pairs if p.label == label))
            for label in labels
        ]

    @property
    def actual_totals(self) -> tuple[int, int]:
        return (
            sum(i.before.actual_yen or 0 for i in self.items),
            sum(i.after.actual_yen or 0 for i in self.items),
        )


def direction_label() -> str:
    return gettext("今後の方向性")


def stage_label() -> str:
    return gettext("工程")


def default_pair(published: Sequence[int], plan: Plan) -> tuple[int, int] | None:
    """The last two published years; with one, that year and the year before it."""
    if len(published) >= 2:
        return published[-2], published[-1]
    if published and published[-1] - 1 in plan.fiscal_years:
        return published[-1] - 1, published[-1]
    return None


def check_pair(plan: Plan, from_raw: str, to_raw: str) -> tuple[int, int]:
    """The two years of ``?from=&to=``, or ``Invalid`` naming the field that is wrong."""
    names = {"from": "比較する年度（前）", "to": "比較する年度（後）"}
    years: dict[str, int] = {}
    problems: dict[str, str] = {}
    period = f"{plan.start_fy}〜{plan.end_fy}年度"
    for name, raw in (("from", from_raw), ("to", to_raw)):
        text = raw.strip()
        if not text.isascii() or not text.isdigit():
            problems[name] = f"{names[name]}: 「{text[:20]}」は年度（例: 2024）ではありません"
        elif int(text) not in plan.fiscal_years:
            problems[name] = f"{names[name]}: {int(text)}年度は計画期間（{period}）外です"
        else:
            years[name] = int(text)
    if not problems and years["from"] >= years["to"]:
        problems["to"] = f"{names['to']}は{names['from']}より後の年度を選んでください"
    if problems:
        raise Invalid(problems)
    return years["from"], years["to"]


def _total(values: list[int | None]) -> int | None:
    """As SQL's SUM: None when every value is None."""
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def plan_changes(*, plan: Plan, from_fy: int, to_fy: int, published: list[int]) -> Changes:
    """The published changes of ``plan`` from ``from_fy`` to ``to_fy`` in four queries."""
    scales = rating_scales_of(plan)
    changes = Changes(plan, from_fy, to_fy, published, scales)
    reports = list(
        ProgressReport.objects.filter(node__plan=plan, fiscal_year__in=(from_fy, to_fy))
        .published()
        .select_related("node")
        .order_by("node__position")
    )
    if not reports:
        return changes
    by_node: dict[int, dict[int, ProgressReport]] = {}
    nodes: dict[int, Node] = {}
    for report in reports:
        by_node.setdefault(report.node_id, {})[report.fiscal_year] = report
        nodes[report.node_id] = report.node
    # the year plans and effects as published with the reports (no query)
    stages = {(y.node_id, y.fiscal_year): y.stage for y in published_year_plans(reports)}
    money: dict[tuple[int, int], Effects] = {}
    for report in reports:
        rows = published_effects(report.publication.figures if report.publication else None)
        if rows:
            money[(report.node_id, report.fiscal_year)] = Effects(
                _total([r["target_yen"] for r in rows]), _total([r["actual_yen"] for r in rows])
            )
    everyone = list(Node.objects.filter(plan=plan).only("key", "code", "title", "parent_id"))
    pillars = {n.key: n for n in everyone if n.parent_id is None}
    numbers = printed_numbers({n.key: n.code for n in everyone})
    directions, stage_labels = plan.direction_labels, plan.stage_labels  # the plan's lists
    for node_id, node in nodes.items():
        node.printed = numbers.get(node.key, node.code)  # Node.printed
        years = by_node[node_id]
        if to_fy not in years:
            changes.not_yet += 1  # not a change: the later year is not published yet
            continue
        changes.compared += from_fy in years
        item = _item(node, years, from_fy, to_fy, scales, stages, money, (directions, stage_labels))
        item.pillar = pillars.get(node.key.split("-")[0])
        if item.changed:
            changes.items.append(item)
    return changes


def _item(
    node: Node,
    years: dict[int, ProgressReport],
    from_fy: int,
    to_fy: int,
    scales: list[RatingScale],
    stages: dict[tuple[int, int], str],
    money: dict[tuple[int, int], Effects],
    labels: tuple[dict[str, str], dict[str, str]],
) -> ItemChange:
    before, after = years.get(from_fy), years.get(to_fy)
    directions, stage_labels = labels  # the plan's 方向性 and 工程

    def ratings(report: ProgressReport | None) -> list[str]:
        return rating_labels(report.ratings if report else {}, scales)

    def direction(report: ProgressReport | None) -> str:
        code = report.direction if report else ""
        return directions.get(code, code) if code else ""

    def stage(report: ProgressReport | None, fy: int) -> str:
        # a year plan is public only with the published report of its year
        return stages.get((node.pk, fy), "") if report else ""

    def stage_text(code: str) -> str:
        return stage_labels.get(code, code) if code else ""

    def effects(report: ProgressReport | None, fy: int) -> Effects:
        found = money.get((node.pk, fy), Effects())
        # targets are plan data; an actual only for a published year
        return Effects(found.target_yen, found.actual_yen if report else None)

    codes = (stage(before, from_fy), stage(after, to_fy))
    return ItemChange(
        node=node,
        pillar=None,
        report_before=before,
        report_after=after,
        stage_codes=codes,
        ratings=[
            Pair(s.name, b, a)
            for s, b, a in zip(scales, ratings(before), ratings(after), strict=True)
        ],
        direction=Pair(direction_label(), direction(before), direction(after)),
        stage=Pair(stage_label(), stage_text(codes[0]), stage_text(codes[1])),
        before=effects(before, from_fy),
        after=effects(after, to_fy),
    )
