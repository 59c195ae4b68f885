"""Progress summaries of the public site (公開ページ): a line per plan on the landing page and
the plan overview (進捗の概要) with its pillars.

The one visibility rule is the roll-up's, kept on the QuerySets (tracking/models.py,
measures/models.py): outsiders — anonymous visitors, other municipalities — count only published
reports (公表済) and the effects of published years, target and actual alike (like with like).
The numbers here agree with ``plan_rollup`` (tests/site/public/test_public_summaries.py checks
it) but are read with a few aggregate queries for all plans at once, so the landing page does not
run a roll-up per plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from gyokaku.accounts.access import Actor
from gyokaku.measures.models import FiscalEffect, readable_actual_yen, readable_target_yen
from gyokaku.measures.page_selectors import default_fiscal_year
from gyokaku.measures.published import sum_published_effects
from gyokaku.measures.rollup import Money, NodeRollup
from gyokaku.measures.selectors import TargetRate, rollup_for
from gyokaku.plans.models import Node, Plan, tracked_in_q
from gyokaku.tracking.models import ProgressReport, RatingScale, RatingValue, Round
from gyokaku.tracking.selectors import YearCoverage, rating_scales_of

# ---- fiscal years that have something to show ---------------------------------------------


def published_years(plan: Plan) -> list[int]:
    """The fiscal years of ``plan`` with at least one published report, oldest first."""
    years = (
        ProgressReport.objects.filter(node__plan=plan)
        .published()
        .order_by("fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return [fy for fy in years if fy in plan.fiscal_years]


def visible_years(actor: Actor, plan: Plan) -> list[int]:
    """The years a reader can pick: every year with a round for the plan's municipality,
    the published years for everybody else (one query)."""
    if not actor.is_internal(plan):
        return published_years(plan)
    years = Round.objects.filter(plan=plan).order_by("fiscal_year")
    return [fy for fy in years.values_list("fiscal_year", flat=True) if fy in plan.fiscal_years]


def chosen_year(actor: Actor, plan: Plan, years: Sequence[int], asked: str | None) -> int | None:
    """The year asked for (``?fy=``) when it is one of ``years``, else the latest of them; for
    the plan's municipality without any round, the dashboard's default."""
    if asked and asked.isascii() and asked.isdigit() and int(asked) in years:  # not "²"
        return int(asked)
    if years:
        return years[-1]
    return default_fiscal_year(plan) if actor.is_internal(plan) else None


# ---- effects per year -----------------------------------------------------------------------


def effect_totals(plans: Iterable[Plan], *, published_only: bool) -> dict[int, dict[int, Money]]:
    """{plan id: {fiscal year: target and actual}} of the plans' tracked nodes, in one query.

    As in the roll-up: only leaves count, only years of the plan's period, and for the public
    an actual and its target only where the node's report of that year is published.
    """
    plans = list(plans)
    periods = {p.pk: p.fiscal_years for p in plans}
    if published_only:  # as published (a reopened report counts with what the public read)
        reports = ProgressReport.objects.filter(node__plan__in=plans).of_leaves().published()
        sums: dict[tuple[int, int], tuple[int, int]] = sum_published_effects(
            ((plan_id, fy), figures)
            for plan_id, fy, figures in reports.values_list(
                "node__plan_id", "fiscal_year", "publication__figures"
            )
        )
        published: dict[int, dict[int, Money]] = {p.pk: {} for p in plans}
        for (plan_id, year), money in sums.items():
            if year in periods[plan_id]:
                published[plan_id][year] = Money(*money)
        return published
    actual = Sum(readable_actual_yen(published_only=published_only))
    target = Sum(readable_target_yen(published_only=published_only))
    rows = (
        FiscalEffect.objects.filter(effect_year__node__plan__in=plans)
        .of_leaves()
        .values_list("effect_year__node__plan_id", "effect_year__fiscal_year")
        .annotate(target=target, actual=actual)
        .order_by()
    )
    out: dict[int, dict[int, Money]] = {p.pk: {} for p in plans}
    for plan_id, year, target, actual_yen in rows:
        if year in periods[plan_id]:
            out[plan_id][year] = Money(target or 0, actual_yen or 0)
    return out


@dataclass
class YearTotal:
    fiscal_year: int
    single_year: Money
    cumulative: Money


def year_totals(by_year: dict[int, Money], start_fy: int, end_fy: int) -> list[YearTotal]:
    """単年度 and 累計 for each year from ``start_fy`` through ``end_fy``."""
    running = Money()
    out = []
    for fy in range(start_fy, end_fy + 1):
        single = by_year.get(fy, Money())
        running = Money(
            running.target_yen + single.target_yen, running.actual_yen + single.actual_yen
        )
        out.append(YearTotal(fy, single, running))
    return out


# ---- the landing page: one line per plan ----------------------------------------------------


@dataclass
class ScaleShare:
    name: str
    on_track: int
    rated: int


@dataclass
class PlanSummary:
    """What the landing page says of a plan, from published reports only."""

    plan: Plan
    fiscal_year: int | None  # the latest published year; None while nothing is published
    tracked: int = 0
    published: int = 0  # reports published in that year
    shares: list[ScaleShare] = field(default_factory=list)
    cumulative: Money = field(default_factory=Money)  # plan start through that year


def plan_summaries(plans: Sequence[Plan]) -> list[PlanSummary]:
    """The landing page's summary of every plan in six queries, whatever their number and size."""
    if not plans:
        return []
    per_year = (
        ProgressReport.objects.filter(node__plan__in=plans)
        .published()
        .of_leaves()
        .values_list("node__plan_id", "fiscal_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    latest: dict[int, tuple[int, int]] = {}
    periods = {p.pk: p.fiscal_years for p in plans}
    for plan_id, fy, n in per_year:
        if fy in periods[plan_id] and fy >= latest.get(plan_id, (0, 0))[0]:
            latest[plan_id] = (fy, n)
    # N of "n of N": the items tracked in the year shown (an ended item is not expected)
    in_year = Q()
    for plan in plans:
        fy = latest.get(plan.pk, (None, 0))[0]
        in_year |= Q(plan_id=plan.pk) & (tracked_in_q(fy) if fy else Q(ended_fy__isnull=True))
    tracked = dict(
        Node.objects.filter(in_year)
        .leaves()
        .values_list("plan_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    shares = _shares(plans, {pid: fy for pid, (fy, _) in latest.items()})
    effects = effect_totals(plans, published_only=True)
    out = []
    for plan in plans:
        fy, published = latest.get(plan.pk, (None, 0))
        summary = PlanSummary(plan=plan, fiscal_year=fy, tracked=tracked.get(plan.pk, 0))
        if fy is not None:
            summary.published = published
            summary.shares = shares.get(plan.pk, [])
            totals = year_totals(effects[plan.pk], plan.start_fy, fy)
            summary.cumulative = totals[-1].cumulative
        out.append(summary)
    return out


def _shares(plans: Sequence[Plan], years: dict[int, int]) -> dict[int, list[ScaleShare]]:
    """順調の割合 per rating scale in each plan's given year, from its published reports."""
    if not years:
        return {}
    values: dict[tuple[int, str, str], RatingValue] = {}
    scales: dict[int, list[RatingScale]] = defaultdict(list)
    for value in (
        RatingValue.objects.filter(scale__plan__in=list(years))
        .select_related("scale")
        .order_by("scale__order", "scale__code", "order")
    ):
        values[(value.scale.plan_id, value.scale.code, value.code)] = value
        if value.scale not in scales[value.scale.plan_id]:
            scales[value.scale.plan_id].append(value.scale)
    wanted = Q()
    for plan_id, fy in years.items():
        wanted |= Q(node__plan_id=plan_id, fiscal_year=fy)
    counts: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    reports = ProgressReport.objects.filter(wanted).published().of_leaves()
    for plan_id, ratings in reports.values_list("node__plan_id", "publication__ratings"):
        for scale, code in (ratings or {}).items():
            found = values.get((plan_id, scale, code))
            if found is None or found.not_rated:
                continue
            tally = counts[(plan_id, scale)]
            tally[0] += int(found.on_track)
            tally[1] += 1
    return {
        plan_id: [ScaleShare(s.name, *counts.get((plan_id, s.code), [0, 0])) for s in plan_scales]
        for plan_id, plan_scales in scales.items()
    }


# ---- the plan overview: the plan and its pillars in one year ----------------------------------


@dataclass
class Row:
    """A pillar (or a child of the node shown) and its roll-up entry for the year."""

    node: Node
    item: NodeRollup
    label: str  # 柱1 — short, for the charts' axes


@dataclass
class RatingTable:
    """The counts of each value of one rating scale per row (for a chart and its table)."""

    scale: RatingScale
    values: list[RatingValue]
    lines: list[tuple[Row, list[int]]]


@dataclass
class Overview:
    plan: Plan
    fiscal_year: int
    years: list[int]  # the years one may pick
    published_only: bool
    total: NodeRollup  # the plan's, or the node's on a node page
    rows: list[Row]
    scales: list[RatingScale]
    targets: list[TargetRate]  # plan-level targets (plan overview only)
    totals: list[YearTotal]  # the plan (or node) per year, first year through ``fiscal_year``
    nodes: dict[str, NodeRollup] = field(default_factory=dict)  # every node's entry, by key
    # the plan's year as the public reads it: 公表済 n / N 項目 (plan overview only)
    coverage: YearCoverage | None = None

    @property
    def partial(self) -> bool:
        """The public figures cover only some of the year's items (一部公表)."""
        return self.coverage is not None and not self.coverage.complete

    @property
    def rating_tables(self) -> list[RatingTable]:
        tables = []
        for scale in self.scales:
            values = list(scale.values.all())
            lines = []
            for row in self.rows:
                counts = row.item.ratings.get(scale.code, {})
                lines.append((row, [counts.get(v.code, 0) for v in values]))
            tables.append(RatingTable(scale, values, lines))
        return tables


def overview_for(
    actor: Actor,
    plan: Plan,
    fiscal_year: int,
    years: list[int],
    *,
    rows: Sequence[Node],
    level_name: str,
    node: Node | None = None,
) -> Overview:
    """The roll-up of ``fiscal_year`` as ``actor`` may see it, for the plan (``node`` None) or
    one node, with an entry per node of ``rows``; a constant number of queries."""
    view = rollup_for(actor, plan, fiscal_year)
    rollup = view.rollup
    total = rollup.total if node is None else rollup.nodes[node.key]
    if node is None:
        by_year = effect_totals([plan], published_only=view.published_only)[plan.pk]
    else:
        by_year = node_effect_totals(node, published_only=view.published_only)
    return Overview(
        plan=plan,
        fiscal_year=fiscal_year,
        years=years,
        published_only=view.published_only,
        total=total,
        rows=[Row(n, rollup.nodes[n.key], f"{level_name}{n.code}") for n in rows],
        scales=rating_scales_of(plan),
        targets=view.targets if node is None else [],
        totals=year_totals(by_year, plan.start_fy, fiscal_year),
        nodes=rollup.nodes,
        coverage=view.coverage if node is None else None,
    )


def node_effect_totals(node: Node, *, published_only: bool) -> dict[int, Money]:
    """The per-year effects of the tracked nodes at or below ``node`` (one query)."""
    years = node.plan.fiscal_years
    if published_only:  # as published
        reports = ProgressReport.objects.under(node).of_leaves().published()
        sums = sum_published_effects(
            reports.values_list("fiscal_year", "publication__figures").order_by()
        )
        return {fy: Money(*money) for fy, money in sums.items() if fy in years}
    actual = Sum(readable_actual_yen(published_only=published_only))
    target = Sum(readable_target_yen(published_only=published_only))
    rows = (
        FiscalEffect.objects.under(node)
        .of_leaves()
        .values_list("effect_year__fiscal_year")
        .annotate(target=target, actual=actual)
        .order_by()
    )
    return {fy: Money(t or 0, a or 0) for fy, t, a in rows if fy in years}
