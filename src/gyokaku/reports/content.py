"""What the annual progress report (進捗状況報告書) says, built once and rendered by every format.

Every number comes from the roll-up (``plan_rollup``), the same as GET
/api/v1/plans/{slug}/rollup?fy= answers: counts per rating value, fiscal effects per item, per
pillar and in total, 単年度 and 累計. The edition decides which roll-up:

- 公表版 (``Edition.PUBLIC``): the public roll-up (``published_only``, as the API answers an
  outsider), the published reports and their year plans only, the indicator actuals the
  public may read (``IndicatorActual.objects.readable``). A year not yet fully published says
  so once (``ReportContent.partial_note``).
- 内部資料 (``Edition.INTERNAL``): the plan office's roll-up and every report, drafts
  included, each marked with its state; every page says it is internal.

Read in a constant number of queries whatever the plan's size (``tests/reports``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from gyokaku.committee.selectors import published_year_opinions
from gyokaku.lib.achievement import achievement
from gyokaku.measures.models import (
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorDirection,
    IndicatorTarget,
    readable_actual_yen,
    readable_target_yen,
)
from gyokaku.measures.rollup import Money, NodeRollup, plan_rollup
from gyokaku.measures.selectors import effect_target_dicts, target_rates
from gyokaku.plans.models import Level, Node, Plan, reports_on, unit_lines
from gyokaku.plans.printed import printed_number
from gyokaku.reports.parts import (
    Edition,
    EffectLine,
    EndedItem,
    IndicatorLine,
    Item,
    Pillar,
    ReportContent,
    ScaleLine,
    ScaleSummary,
    YearMoney,
)
from gyokaku.reports.snapshot import data_snapshot
from gyokaku.tracking.models import ProgressReport, RatingScale, YearPlan

__all__ = ["Edition", "ReportContent", "report_content"]


# ---- the selector ---------------------------------------------------------------------------


def report_content(
    *,
    plan: Plan,
    fiscal_year: int,
    edition: Edition = Edition.PUBLIC,
    today: dt.date | None = None,
) -> ReportContent:
    """Everything the ``edition`` of the report of ``plan`` for ``fiscal_year`` prints (the
    caller has checked that the reader is the plan office)."""
    public = edition == Edition.PUBLIC
    rollup = plan_rollup(plan=plan, fiscal_year=fiscal_year, published_only=public)
    nodes = list(Node.objects.filter(plan=plan).order_by("position"))
    scales = list(RatingScale.objects.filter(plan=plan).prefetch_related("values"))
    effects = _effects(plan, fiscal_year, nodes, public)
    items, ended = _items(plan, fiscal_year, nodes, rollup.nodes, scales, effects, public)
    pillars = [
        Pillar(node=n, rollup=rollup.nodes[n.key], items=items.get(n.pk, []), internal=not public)
        for n in nodes
        if n.parent_id is None
    ]
    return ReportContent(
        plan=plan,
        fiscal_year=fiscal_year,
        edition=edition,
        made_on=today or timezone.localdate(),
        snapshot=data_snapshot(plan=plan, fiscal_year=fiscal_year),
        levels=dict(Level.objects.filter(plan=plan).values_list("depth", "name")),
        scales=[_scale_summary(scale, pillars, rollup.total) for scale in scales],
        pillars=pillars,
        total=rollup.total,
        targets=target_rates(effect_target_dicts(plan), rollup.total, fiscal_year),
        years=effects.years,
        ended=ended,
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
    public: bool,
) -> tuple[dict[int, list[Item]], list[EndedItem]]:
    """The tracked items (the reporting units, with their lines) by their pillar's pk, in plan
    order; the public edition reads the published reports (and their year plans) only. The
    plan's structure is the year's (issue 12): an item a revision adds later is not there yet,
    and one it ended by this year is listed apart (``EndedItem``), with the item it went
    into."""
    by_pk = {n.pk: n for n in nodes}
    parents = {n.parent_id for n in nodes if n.parent_id is not None}
    departments = _departments(plan)
    reports_qs = ProgressReport.objects.filter(node__plan=plan, fiscal_year=fiscal_year)
    reports = {r.node_id: r for r in (reports_qs.published() if public else reports_qs)}
    year_plans = {
        y.node_id: y
        for y in YearPlan.objects.filter(node__plan=plan, fiscal_year=fiscal_year)
        if not public or y.node_id in reports  # a year plan is read with its report
    }
    indicators = _indicators(plan, fiscal_year, public)
    opinions = published_year_opinions(plan=plan, fiscal_year=fiscal_year)
    out: defaultdict[int, list[Item]] = defaultdict(list)
    ended: list[EndedItem] = []
    lines = _lines(nodes, by_pk, fiscal_year)
    for node in nodes:
        if not reports_on((node.is_unit, node.is_line), node.pk in parents):
            continue
        if (node.first_fy or 0) > fiscal_year:
            continue
        ancestors = _ancestors(node, by_pk)
        if not node.is_tracked_in(fiscal_year):
            ended.append(_ended(node, ancestors, by_pk))
            continue
        pillar = ancestors[0] if ancestors else node
        report = reports.get(node.pk)
        year_plan = year_plans.get(node.pk)
        item = Item(
            node=node,
            pillar=pillar,
            path=ancestors[1:],
            number=printed_number([a.code for a in ancestors] + [node.code]),
            description=node.description,
            departments=departments.get(node.pk, []),
            rollup=rollups[node.key],
            state=report.state if report else "",
            stage=year_plan.stage if year_plan else "",
            stage_label=plan.stage_label(year_plan.stage) if year_plan else "",
            year_plan=year_plan.text if year_plan else "",
            indicators=indicators.get(node.pk, []),
            effects=effects.lines.get(node.pk, []) if report or not public else [],
            has_effects=node.pk in effects.nodes,
            lines=lines.get(node.pk, []),
        )
        if report is not None:
            _fill_report(item, report, scales)
            item.committee_opinions = [
                (o.author_name, o.text, o.reply) for o in opinions.get(node.pk, [])
            ]
            item.direction_text = plan.direction_label(report.direction)
        else:
            item.ratings = [(scale.name, "—") for scale in scales]
        out[pillar.pk].append(item)
    return out, ended


def _lines(
    nodes: list[Node], by_pk: dict[int, Node], fiscal_year: int
) -> dict[int, list[tuple[str, str]]]:
    """内訳: unit pk → (printed number, title) of its lines in the year's structure."""
    return {
        unit: [
            (printed_number([a.code for a in _ancestors(n, by_pk)] + [n.code]), n.title)
            for n in lines
        ]
        for unit, lines in unit_lines(nodes, fiscal_year).items()
    }


def _ended(node: Node, ancestors: list[Node], by_pk: dict[int, Node]) -> EndedItem:
    def number(n: Node, above: list[Node]) -> str:
        return printed_number([a.code for a in above] + [n.code])

    into = by_pk.get(node.merged_into_id) if node.merged_into_id else None
    return EndedItem(
        number=number(node, ancestors),
        title=node.title,
        label=node.end_label,
        into=f"{number(into, _ancestors(into, by_pk))} {into.title}" if into else "",
    )


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


def _indicators(plan: Plan, fiscal_year: int, public: bool) -> dict[int, list[IndicatorLine]]:
    years = range(plan.start_fy, fiscal_year + 1)
    rows = Indicator.objects.filter(sheet__node__plan=plan).order_by("sheet_id", "order", "pk")
    targets: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, fy, value in IndicatorTarget.objects.filter(
        indicator__sheet__node__plan=plan, fiscal_year__lte=fiscal_year
    ).values_list("indicator_id", "fiscal_year", "value"):
        targets[pk][fy] = value
    actuals: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for pk, fy, value in (
        IndicatorActual.objects.readable(published_only=public)
        .filter(indicator__sheet__node__plan=plan, fiscal_year__lte=fiscal_year)
        .values_list("indicator_id", "fiscal_year", "value")
    ):
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
                    formula=ind.formula,
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


def _effects(plan: Plan, fiscal_year: int, nodes: list[Node], public: bool) -> _Effects:
    """Effect lines of every year up to ``fiscal_year``, in one query. The per-year totals sum
    the tracked items as the roll-up does, with the same rule of what the public may count
    (``readable_target_yen``/``readable_actual_yen``); tests check them against the roll-up."""
    parents = {n.parent_id for n in nodes if n.parent_id is not None}
    leaves = {n.pk for n in nodes if reports_on((n.is_unit, n.is_line), n.pk in parents)}
    rows = (
        FiscalEffect.objects.filter(
            effect_year__node__plan=plan,
            effect_year__fiscal_year__gte=plan.start_fy,
            effect_year__fiscal_year__lte=fiscal_year,
        )
        .annotate(
            target=readable_target_yen(published_only=public),
            actual=readable_actual_yen(published_only=public),
        )
        .order_by("effect_year__node_id", "order", "pk")
        .values_list(
            "effect_year__node_id", "effect_year__fiscal_year", "kind", "target", "actual", "note"
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
