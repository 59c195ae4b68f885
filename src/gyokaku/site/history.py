"""A node's year-by-year history (年度ごとの経過) for its page and the API's report lists.

Built on the shared reads and their one visibility rule: ``node_progress_for`` (year plans and
reports — outsiders see published reports only, and a year plan only with the published report
of its year) and ``node_measures_for`` (indicators and effects, actuals of published years
only). A node's whole history is read in a constant number of queries however many years it
has (tests/site/public/test_public_node.py counts them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from gyokaku.accounts.access import Actor
from gyokaku.committee.models import CommitteeOpinion
from gyokaku.committee.selectors import (
    published_node_opinions,
    published_opinion_out,
    published_report_opinions,
)
from gyokaku.lib.wareki import fy_label
from gyokaku.measures.selectors import EffectsView, IndicatorsView, node_measures_for
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import (
    ProgressReport,
    RatingScale,
    State,
    YearPlan,
)
from gyokaku.tracking.selectors import node_progress_for, published_year_plans, rating_scales_of

STATE_LABELS = dict(State.choices)


def rating_labels(ratings: dict[str, str] | None, scales: Sequence[RatingScale]) -> list[str]:
    """The label of each scale's value, in the scales' order ("" where not rated)."""
    ratings = ratings or {}
    out = []
    for scale in scales:
        labels = {v.code: v.label for v in scale.values.all()}
        code = ratings.get(scale.code, "")
        out.append(labels.get(code, code))
    return out


@dataclass
class YearEntry:
    """One fiscal year of a node as the reader may see it."""

    fiscal_year: int
    year_plan: YearPlan | None
    report: ProgressReport | None
    ratings: list[str]  # one label per scale of the plan ("" while not rated)
    effects: EffectsView | None
    scale_names: list[str] = field(default_factory=list)
    # 委員会意見 with their 対応, once the plan office has published them (committee app)
    committee: list[CommitteeOpinion] = field(default_factory=list)
    directions: dict[str, str] = field(default_factory=dict)  # the plan's 方向性 labels
    stages: dict[str, str] = field(default_factory=dict)  # the plan's 工程 labels

    @property
    def named_ratings(self) -> list[tuple[str, str]]:
        """(scale name, value label) for each scale, for the year's record."""
        return list(zip(self.scale_names, self.ratings, strict=False))

    @property
    def label(self) -> str:
        return fy_label(self.fiscal_year)

    @property
    def stage_label(self) -> str:
        stage = self.year_plan.stage if self.year_plan else ""
        return self.stages.get(stage, stage) if stage else ""

    @property
    def direction_label(self) -> str:
        direction = self.report.direction if self.report else ""
        return str(self.directions.get(direction, direction)) if direction else ""

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.report.state]) if self.report else ""

    @property
    def published(self) -> bool:
        return self.report is not None and self.report.state == State.PUBLISHED

    @property
    def effect_target_yen(self) -> int | None:
        lines = self.effects.lines if self.effects else []
        targets = [line.target_yen for line in lines if line.target_yen is not None]
        return sum(targets) if targets else None

    @property
    def effect_actual_yen(self) -> int | None:
        lines = self.effects.lines if self.effects else []
        actuals = [line.actual_yen for line in lines if line.actual_yen is not None]
        return sum(actuals) if actuals else None


@dataclass
class NodeHistory:
    node: Node
    internal: bool  # the reader belongs to the plan's municipality (sees drafts too)
    scales: list[RatingScale]
    years: list[YearEntry]  # years with a report, a year plan or effects, oldest first
    indicators: IndicatorsView
    effect_years: list[EffectsView] = field(default_factory=list)

    @property
    def reported_years(self) -> list[YearEntry]:
        """The years with a report or a year plan the reader may see (the detail sections)."""
        return [y for y in self.years if y.report is not None or y.year_plan is not None]


def node_history_for(actor: Actor, node: Node) -> NodeHistory:
    """Everything of ``node``'s years that ``actor`` may see, in at most twelve queries."""
    seen = node_progress_for(actor, node)
    measures = node_measures_for(actor, node)
    scales = rating_scales_of(node.plan)
    plans = {y.fiscal_year: y for y in seen.year_plans}
    reports = {r.fiscal_year: r for r in seen.reports}
    effects = {e.fiscal_year: e for e in measures.effects}
    opinions = published_node_opinions(node=node)
    years = sorted({*plans, *reports, *effects} & set(node.plan.fiscal_years))
    entries = [
        YearEntry(
            fiscal_year=fy,
            year_plan=plans.get(fy),
            report=reports.get(fy),
            ratings=rating_labels(reports[fy].ratings, scales) if fy in reports else [],
            effects=effects.get(fy),
            scale_names=[scale.name for scale in scales],
            committee=opinions.get(fy, []),
            directions=node.plan.direction_labels,
            stages=node.plan.stage_labels,
        )
        for fy in years
    ]
    return NodeHistory(
        node=node,
        internal=actor.is_internal(node.plan),
        scales=scales,
        years=entries,
        indicators=measures.indicators,
        effect_years=measures.effects,
    )


# ---- the API's list of reports --------------------------------------------------------------


def reports_for(actor: Actor, plan: Plan, *, fy: int | None = None) -> QuerySet[ProgressReport]:
    """The reports of ``plan`` that ``actor`` may see (outsiders: published only), in plan
    order, oldest year first; optionally of one fiscal year."""
    reports = (
        ProgressReport.objects.filter(node__plan=plan)
        .select_related("node")
        .order_by("fiscal_year", "node__position")
        .visible_to(actor)
    )
    if fy is not None:
        reports = reports.filter(fiscal_year=fy)
    return reports


@dataclass
class ReportRow:
    report: ProgressReport
    year_plan: YearPlan | None
    committee: list[CommitteeOpinion] = field(default_factory=list)


def report_rows(reports: list[ProgressReport]) -> list[ReportRow]:
    """The reports with the year plan of their node and year and the published committee
    opinions, in two more queries."""
    plans: dict[tuple[int, int], YearPlan] = {}
    if reports:
        wanted = YearPlan.objects.filter(
            node_id__in={r.node_id for r in reports},
            fiscal_year__in={r.fiscal_year for r in reports},
        )
        plans = {(y.node_id, y.fiscal_year): y for y in wanted}
    # a report read as published shows the year plan published with it
    as_published = {
        (y.node_id, y.fiscal_year): y
        for y in published_year_plans(r for r in reports if getattr(r, "read_as_published", False))
    }
    opinions = published_report_opinions(reports)
    return [
        ReportRow(
            r,
            as_published.get((r.node_id, r.fiscal_year))
            if getattr(r, "read_as_published", False)
            else plans.get((r.node_id, r.fiscal_year)),
            opinions.get((r.node_id, r.fiscal_year), []),
        )
        for r in reports
    ]


def report_row_out(row: ReportRow, plan: Plan) -> dict[str, Any]:
    """A report of the list as the API answers it."""
    report, node = row.report, row.report.node
    year_plan = row.year_plan
    return {
        "key": node.key,
        "code": node.code,
        "title": node.title,
        "fiscal_year": report.fiscal_year,
        "fiscal_year_label": fy_label(report.fiscal_year),
        "state": report.state,
        "state_label": str(STATE_LABELS[report.state]),
        "result_text": report.result_text,
        "issues_text": report.issues_text,
        "next_plan_text": report.next_plan_text,
        "direction": report.direction,
        "direction_label": plan.direction_label(report.direction),
        "ratings": report.ratings or {},
        "committee_opinion": report.committee_opinion,
        "committee_opinions": [published_opinion_out(o) for o in row.committee],
        "year_plan": (
            None
            if year_plan is None
            else {
                "stage": year_plan.stage,
                "stage_label": plan.stage_label(year_plan.stage),
                "text": year_plan.text,
            }
        ),
        "version": report.version,
        "url": f"/api/v1/plans/{plan.slug}/nodes/{node.key}/progress/{report.fiscal_year}",
        "page_url": f"/plans/{plan.slug}/nodes/{node.key}/",
    }
