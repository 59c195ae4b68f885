"""Reads of the yearly cycle shared by the API, the staff pages and exports.

Each ``…_for(actor, …)`` read applies the one visibility rule: the plan's municipality (any
role) sees everything; everybody else — anonymous callers, other municipalities — sees what
was published, and gets ``Hidden`` (404) for the rest, so they cannot tell it exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from gyokaku.accounts.access import Actor
from gyokaku.lib.errors import Hidden, enforce
from gyokaku.lib.wareki import fy_label, wareki_fy
from gyokaku.plans.models import Node, Plan, leaf_q, tracked_in_q
from gyokaku.plans.selectors import node_for
from gyokaku.tracking.models import (
    REPORT_TEXT_FIELDS,
    STATE_LABELS,
    ProgressReport,
    ProgressReportQuerySet,
    RatingScale,
    RatingValue,
    Round,
    State,
    Transition,
    YearPlan,
)
from gyokaku.tracking.rules import can_see_rounds

# What a stale writer is shown as "changed since you read it".
REPORT_COMPARED_FIELDS = (*REPORT_TEXT_FIELDS, "committee_opinion", "state")
YEAR_PLAN_COMPARED_FIELDS = ("stage", "text")


# ---- tracked nodes ----------------------------------------------------------------------


def tracked_nodes(plan: Plan) -> Any:
    """取組状況を記録する取組方策: by default the leaves of the tree."""
    return Node.objects.filter(plan=plan).leaves()


# ---- progress reports ---------------------------------------------------------------------


def report_visible(actor: Actor, report: ProgressReport, plan: Plan) -> bool:
    """Whether ``actor`` may read ``report`` (outsiders: once published, ``published_q``)."""
    return actor.is_internal(plan) or report.publication_id is not None


def report_get_for(actor: Actor, plan: Plan, key: str, fy: int) -> ProgressReport:
    """The report of node ``key`` in ``fy`` if ``actor`` may see it, else ``Hidden``; an
    outsider reads it as last published."""
    reports = ProgressReport.objects.select_related("node", "round", "step")
    if not actor.is_internal(plan):
        reports = reports.published()
    report = reports.filter(node__plan=plan, node__key=key, fiscal_year=fy).first()
    if report is None or not report_visible(actor, report, plan):
        raise Hidden(f"取組方策「{key}」の{fy}年度の取組状況はありません")
    report.round.plan = plan
    report.node.plan = plan
    return report


def report_transitions(actor: Actor, report: ProgressReport) -> list[Transition]:
    """The workflow history of a report; internal (comments of a return are not public)."""
    if not actor.is_internal(report.round.plan):
        return []
    return list(Transition.objects.filter(report=report).select_related("actor"))


def report_changes_since(report: ProgressReport, version: int) -> dict[str, list[Any]] | None:
    """{field: [value at ``version``, value now]} for what changed since ``version``, from the
    report's history; None when that version is not on record."""
    then = report.history.filter(version=version).order_by("-history_date", "-history_id").first()
    if then is None:
        return None
    return _diff(then, report, REPORT_COMPARED_FIELDS)


def reports_for_review(
    actor: Actor,
    plan: Plan,
    fy: int,
    *,
    states: Iterable[str] = (),
    department_ids: Iterable[int] = (),
    under_key: str = "",
) -> QuerySet[ProgressReport]:
    """Reports of ``plan`` in ``fy`` that ``actor`` may see, in plan order, optionally only in
    ``states``, of nodes owned by ``department_ids``, or under the node ``under_key`` (a
    pillar, say). Node and round are joined; departments are prefetched."""
    reports = (
        ProgressReport.objects.filter(node__plan=plan, fiscal_year=fy)
        .select_related("node", "round")
        .prefetch_related("node__departments")
        .order_by("node__position")
        .visible_to(actor)
    )
    states = list(states)
    if states:
        reports = reports.filter(state__in=states)
    department_ids = list(department_ids)
    if department_ids:
        reports = reports.filter(node__departments__in=department_ids).distinct()
    if under_key:
        reports = reports.under(under_key)
    return reports


# ---- year plans ---------------------------------------------------------------------------


@dataclass
class YearPlanView:
    """A year plan as read: ``year_plan`` is None while nobody has written it (version 0)."""

    node: Node
    fiscal_year: int
    year_plan: YearPlan | None

    @property
    def version(self) -> int:
        return self.year_plan.version if self.year_plan else 0

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def year_plan_get_for(actor: Actor, plan: Plan, key: str, fy: int) -> YearPlanView:
    """The year plan of node ``key`` in ``fy``. Outside the municipality it is shown only with
    the published report of the same node and year."""
    node = node_for(plan=plan, key=key)
    if fy not in plan.fiscal_years:
        raise Hidden(f"{fy}年度は計画期間外です")
    if not actor.is_internal(plan):  # as published with the report
        reports = list(ProgressReport.objects.filter(node=node, fiscal_year=fy).published())
        if not reports:
            raise Hidden(f"取組方策「{key}」の{fy}年度の年度計画はありません")
        stored = published_year_plans(reports)
        return YearPlanView(node=node, fiscal_year=fy, year_plan=stored[0] if stored else None)
    year_plan = YearPlan.objects.filter(node=node, fiscal_year=fy).first()
    return YearPlanView(node=node, fiscal_year=fy, year_plan=year_plan)


def year_plan_changes_since(view: YearPlanView, version: int) -> dict[str, list[Any]] | None:
    if view.year_plan is None:
        return None
    if version == 0:
        return {f: ["", getattr(view.year_plan, f)] for f in YEAR_PLAN_COMPARED_FIELDS}
    then = (
        view.year_plan.history.filter(version=version)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return None if then is None else _diff(then, view.year_plan, YEAR_PLAN_COMPARED_FIELDS)


# ---- what a node shows --------------------------------------------------------------------


@dataclass
class NodeProgress:
    year_plans: list[YearPlan]
    reports: list[ProgressReport]


def node_progress_for(actor: Actor, node: Node) -> NodeProgress:
    """The year plans and reports of one node that ``actor`` may see, in two queries."""
    plan = node.plan
    reports = ProgressReport.objects.filter(node=node).visible_to(actor).order_by("fiscal_year")
    report_list = list(reports)
    if not actor.is_internal(plan):  # the year plans as published with the reports
        return NodeProgress(year_plans=published_year_plans(report_list), reports=report_list)
    year_plans = YearPlan.objects.filter(node=node).order_by("fiscal_year")
    return NodeProgress(year_plans=list(year_plans), reports=report_list)


def published_year_plans(reports: Iterable[ProgressReport]) -> list[YearPlan]:
    """The year plans published with ``reports`` (read as published), unsaved, no query."""
    out = []
    for report in reports:
        figures = report.publication.figures if report.publication else {}
        stored = (figures or {}).get("year_plan")
        if stored:
            out.append(
                YearPlan(
                    node_id=report.node_id,
                    fiscal_year=report.fiscal_year,
                    stage=stored.get("stage", ""),
                    text=stored.get("text", ""),
                    updated_at=report.updated_at,
                )
            )
    return out


# ---- rounds and scales --------------------------------------------------------------------


@dataclass
class RoundRow:
    """A reporting round with its number of reports in each state (API and rounds page)."""

    round: Round
    report_counts: dict[str, int]  # state → number of reports

    @property
    def fy_label(self) -> str:
        return fy_label(self.round.fiscal_year)

    @property
    def days_left(self) -> int | None:
        return self.round.days_left()

    @property
    def count_rows(self) -> list[tuple[str, int]]:
        """(state label, number of reports) in the workflow's order."""
        labels = STATE_LABELS
        return [(labels[s], self.report_counts.get(s, 0)) for s in State.values]


def rounds_for(actor: Actor, plan: Plan) -> list[RoundRow]:
    """The reporting rounds of ``plan``, newest first, with report counts per state, in two
    queries. Rounds are internal to the plan's municipality."""
    enforce(can_see_rounds(actor, plan))
    rounds = list(Round.objects.filter(plan=plan).order_by("-fiscal_year"))
    counts: dict[int, dict[str, int]] = {r.pk: {s: 0 for s in State.values} for r in rounds}
    tally = (
        ProgressReport.objects.filter(round__plan=plan)
        .values_list("round_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for round_id, state, n in tally:
        counts[round_id][state] = n
    for r in rounds:
        r.plan = plan
    return [RoundRow(round=r, report_counts=counts[r.pk]) for r in rounds]


def round_for(*, plan: Plan, fy: int) -> Round:
    round_ = Round.objects.filter(plan=plan, fiscal_year=fy).first()
    if round_ is None:
        raise Hidden(f"{fy}年度の進捗調査はありません")
    round_.plan = plan
    return round_


def rating_scales_of(plan: Plan) -> list[RatingScale]:
    """The plan's rating scales with their values, in two queries (public)."""
    return list(RatingScale.objects.filter(plan=plan).prefetch_related("values"))


def _diff(then: Any, now: Any, fields: Iterable[str]) -> dict[str, list[Any]]:
    return {
        f: [getattr(then, f), getattr(now, f)]
        for f in fields
        if getattr(then, f) != getattr(now, f)
    }


def rating_scales_data(plan: Plan) -> dict[str, Any]:
    """{"rating_scales": […]} when the plan has scales, else nothing (one query)."""
    scales: dict[str, dict[str, Any]] = {}
    values = RatingValue.objects.filter(scale__plan=plan).select_related("scale")
    for value in values.order_by("scale__order", "scale__code", "order"):
        scale = scales.setdefault(
            value.scale.code, {"code": value.scale.code, "name": value.scale.name, "values": []}
        )
        scale["values"].append(
            {
                "code": value.code,
                "label": value.label,
                "description": value.description,
                "on_track": value.on_track,
                "not_rated": value.not_rated,
            }
        )
    return {"rating_scales": list(scales.values())} if scales else {}


# ---- publishing a fiscal year (年度の公表) ---------------------------------------------------


@dataclass(frozen=True)
class YearCoverage:
    """How much of a fiscal year's results the public can read: ``published`` of the
    ``tracked`` items (n of N). ``tracked`` is every item tracked that year
    (``Node.objects.tracked_in``), reported or not."""

    fiscal_year: int
    tracked: int
    published: int

    @property
    def complete(self) -> bool:
        return self.tracked > 0 and self.published >= self.tracked

    @property
    def state_label(self) -> str:
        """全項目公表済 / 一部公表 / 未公表."""
        if self.complete:
            return "全項目公表済"
        return "一部公表" if self.published else "未公表"

    @property
    def statement(self) -> str:
        """What the public year page says: 令和7年度の実績：公表済 6 / 49 項目（一部公表）."""
        head = f"{wareki_fy(self.fiscal_year)}の実績："
        if self.complete:
            return f"{head}全項目公表済（{self.tracked:,} 項目）"
        return f"{head}公表済 {self.published:,} / {self.tracked:,} 項目（{self.state_label}）"

    def as_dict(self) -> dict[str, Any]:
        return {
            "fiscal_year": self.fiscal_year,
            "tracked": self.tracked,
            "published": self.published,
            "complete": self.complete,
            "statement": self.statement,
        }


def _tracked_reports(plan: Plan, fy: int) -> ProgressReportQuerySet:
    """The year's reports of the items tracked that year."""
    return ProgressReport.objects.filter(
        tracked_in_q(fy, "node"), leaf_q("node"), node__plan=plan, fiscal_year=fy
    )


def year_coverage(plan: Plan, fy: int) -> YearCoverage:
    """Published (公表済) items of ``fy`` out of the items tracked that year, in two queries."""
    tracked = Node.objects.filter(plan=plan).tracked_in(fy).count()
    published = _tracked_reports(plan, fy).published().count()
    return YearCoverage(fiscal_year=fy, tracked=tracked, published=published)


@dataclass(frozen=True)
class PreviewItem:
    """One item in the preview of a year's publication."""

    node: Node
    state: str | None  # None: the item has no report that year
    departments: tuple[str, ...]  # names, in code order
    report_id: int | None = None

    @property
    def state_label(self) -> str:
        return State(self.state).label if self.state else "未作成"


@dataclass
class DepartmentMissing:
    """What one department still owes (下書き・提出済・差戻し・未作成), for the preview."""

    name: str
    items: list[PreviewItem]

    @property
    def counts(self) -> list[tuple[str, int]]:
        tally: dict[str, int] = {}
        for item in self.items:
            tally[item.state_label] = tally.get(item.state_label, 0) + 1
        return list(tally.items())


@dataclass
class YearPublicationPreview:
    """What publishing every approved report of a fiscal year would do: the items that become
    public, those already public, those still missing (by department), and what the public year
    page says before and after."""

    plan: Plan
    fiscal_year: int
    to_publish: list[PreviewItem]
    already: list[PreviewItem]
    missing: list[PreviewItem]
    now: YearCoverage
    after: YearCoverage

    @property
    def missing_by_department(self) -> list[DepartmentMissing]:
        groups: dict[str, list[PreviewItem]] = {}
        for item in self.missing:
            for name in item.departments or ("所管課なし",):
                groups.setdefault(name, []).append(item)
        return [DepartmentMissing(name, items) for name, items in groups.items()]


def year_publication_preview(plan: Plan, fy: int) -> YearPublicationPreview:
    """The preview of ``year_publish`` (internal: the caller checks who asks), in four queries
    whatever the plan's size."""
    nodes = list(
        Node.objects.filter(plan=plan)
        .tracked_in(fy)
        .prefetch_related("departments")
        .order_by("position")
    )
    reports = _tracked_reports(plan, fy)
    states = {
        node_id: (pk, state) for pk, node_id, state in reports.values_list("pk", "node_id", "state")
    }
    # what the public reads is the central rule's to say, not the state's
    public = set(reports.published().values_list("node_id", flat=True))
    to_publish, already, missing = [], [], []
    for node in nodes:
        node.plan = plan
        names = tuple(d.name for d in sorted(node.departments.all(), key=lambda d: d.code))
        report_id, state = states.get(node.pk, (None, None))
        item = PreviewItem(node, state, names, report_id)
        # approved first: a report approved again after a correction is published again
        if item.state == State.APPROVED:
            to_publish.append(item)
        elif node.pk in public:
            already.append(item)
        else:
            missing.append(item)
    now_public = {n.pk for n in nodes} & public
    after_public = now_public | {item.node.pk for item in to_publish}
    now = YearCoverage(fy, len(nodes), len(now_public))
    after = YearCoverage(fy, len(nodes), len(after_public))
    return YearPublicationPreview(plan, fy, to_publish, already, missing, now, after)
