"""Reads that only the staff pages need: my items, the review queue, a report page, rounds,
the audit log and a report's history. Each reads in a fixed number of queries whatever the
number of reports, so pages stay fast on a whole plan (asserted in tests/tracking/pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Bureau, Department, Role
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.selectors import number_nodes
from gyokaku.tracking.chain import acts_at, chain_steps, current_step, earlier_steps, item_steps
from gyokaku.tracking.models import (
    REPORT_FORM_FIELDS,
    REPORT_TEXT_FIELDS,
    STATE_LABELS,
    ChainStep,
    Direction,
    ProgressReport,
    RatingScale,
    Round,
    State,
    Transition,
    YearPlan,
)
from gyokaku.tracking.moves import Move
from gyokaku.tracking.rules import can_edit_report, moves_available

DIRECTION_LABELS = dict(Direction.choices)


# ---- my items (マイページ) ------------------------------------------------------------------


@dataclass
class RoundItems:
    round: Round
    days_left: int | None
    reports: list[ProgressReport] = field(default_factory=list)  # editors: their items
    counts: dict[str, int] = field(default_factory=dict)  # everyone: reports per state

    @property
    def fy_label(self) -> str:
        return fy_label(self.round.fiscal_year)

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(s, STATE_LABELS[s], self.counts.get(s, 0)) for s in State.values]


def my_rounds(*, actor: Actor) -> list[RoundItems]:
    """The open rounds of the actor's municipality; for editors, their departments' reports."""
    if actor.municipality_id is None:
        return []
    rounds = list(
        Round.objects.filter(is_open=True, plan__municipality_id=actor.municipality_id)
        .select_related("plan")
        .order_by("plan__slug", "-fiscal_year")
    )
    if not rounds:
        return []
    out = {r.pk: RoundItems(round=r, days_left=r.days_left()) for r in rounds}
    # .of_leaves(): not the items a revision ended before the round's year (改定)
    reports = ProgressReport.objects.filter(round__in=rounds).of_leaves()
    if actor.role == Role.EDITOR:
        mine = (
            reports.filter(node__departments__in=actor.department_ids)
            .distinct()
            .select_related("node")
            .order_by("round_id", "node__position")
        )
        for report in mine:
            report.round = out[report.round_id].round
            out[report.round_id].reports.append(report)
        number_nodes(r.node for items in out.values() for r in items.reports)
    per_state = reports.values("round_id", "state").annotate(n=Count("id")).order_by()
    for row in per_state:
        out[row["round_id"]].counts[row["state"]] = row["n"]
    return list(out.values())


# ---- review queue (確認待ち) -----------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFilters:
    department: str = ""
    bureau: str = ""  # 部: the items of its departments
    pillar: str = ""
    state: str = ""
    fy: int | None = None


@dataclass
class ReviewChoices:
    departments: list[Department]
    bureaus: list[Bureau]
    pillars: list[Node]
    fiscal_years: list[int]
    states: list[tuple[str, str]]


def review_choices(*, plan: Plan) -> ReviewChoices:
    return ReviewChoices(
        departments=list(Department.objects.filter(municipality_id=plan.municipality_id)),
        bureaus=list(Bureau.objects.filter(municipality_id=plan.municipality_id)),
        pillars=list(Node.objects.filter(plan=plan, parent__isnull=True).order_by("position")),
        fiscal_years=list(
            Round.objects.filter(plan=plan)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
        ),
        states=list(State.choices),
    )


def review_reports(
    *, plan: Plan, filters: ReviewFilters, limit: int = 1000
) -> list[ProgressReport]:
    """Reports of ``plan`` matching the filters, in plan order, each with its departments."""
    reports = ProgressReport.objects.filter(node__plan=plan)
    if filters.fy is not None:
        reports = reports.filter(fiscal_year=filters.fy)
    if filters.state:
        reports = reports.filter(state=filters.state)
    if filters.pillar:
        reports = reports.under(filters.pillar)
    if filters.department:
        reports = reports.filter(node__departments__code=filters.department).distinct()
    if filters.bureau:
        reports = reports.filter(node__departments__bureau__code=filters.bureau).distinct()
    departments = Prefetch("node__departments", queryset=Department.objects.order_by("code"))
    rows = list(
        reports.select_related("node", "round")
        .prefetch_related(departments)
        .order_by("-fiscal_year", "node__position")[:limit]
    )
    for report in rows:
        report.round.plan = report.node.plan = plan
    number_nodes(r.node for r in rows)
    return rows


# ---- one report ---------------------------------------------------------------------------


def report_field_names(scales: list[RatingScale]) -> list[str]:
    """The fields of a report as the page shows them: ratings become one field per scale."""
    return [
        "result_text",
        "issues_text",
        "next_plan_text",
        "direction",
        *(f"rating_{s.code}" for s in scales),
        "committee_opinion",
    ]


def report_values(report: Any, scales: list[RatingScale]) -> dict[str, str]:
    """A report (or one of its historical records) as {page field: raw value}."""
    values = {name: getattr(report, name) or "" for name in REPORT_FORM_FIELDS}
    ratings = report.ratings or {}
    for scale in scales:
        values[f"rating_{scale.code}"] = ratings.get(scale.code, "")
    return values


def value_label(
    name: str, raw: str, scales: list[RatingScale], directions: dict[str, str] | None = None
) -> str:
    """How a raw value reads on the page (choices by their label; ``directions``: the plan's
    方向性 list, ``Plan.direction_labels``)."""
    if not raw:
        return ""
    if name == "direction":
        return str((directions or DIRECTION_LABELS).get(raw, raw))
    if name.startswith("rating_"):
        for scale in scales:
            if name == f"rating_{scale.code}":
                labels = {v.code: v.label for v in scale.values.all()}
                return labels.get(raw, raw)
    return raw


@dataclass
class ReportPage:
    report: ProgressReport
    scales: list[RatingScale]
    year_plan: YearPlan | None
    transitions: list[Transition]
    moves: list[Move]
    editable: set[str]  # report fields the actor may write now (service names)
    departments: list[Department]
    # the plan's approval chain (empty without one), the step the report waits at, and the
    # earlier steps a return may go back to
    steps: list[ChainStep] = field(default_factory=list)
    waiting: ChainStep | None = None
    return_steps: list[ChainStep] = field(default_factory=list)

    @property
    def directions(self) -> dict[str, str]:
        """The 方向性 the form offers: the plan's list, and the report's own code if the list no
        longer has it (so saving other fields never trips over it)."""
        labels = dict(self.report.round.plan.direction_labels)
        if self.report.direction and self.report.direction not in labels:
            labels[self.report.direction] = self.report.direction
        return labels

    @property
    def direction_label(self) -> str:
        return self.report.round.plan.direction_label(self.report.direction)

    @property
    def ratings(self) -> list[tuple[RatingScale, str]]:
        values = report_values(self.report, self.scales)
        return [
            (s, value_label(f"rating_{s.code}", values[f"rating_{s.code}"], self.scales))
            for s in self.scales
        ]


def _editable(report: ProgressReport, actor: Actor, department_ids: set[int]) -> set[str]:
    out: set[str] = set()
    for fields in (set(REPORT_TEXT_FIELDS), {"committee_opinion"}):
        if can_edit_report(actor, report, department_ids, fields) is None:
            out |= fields
    return out


def report_page(*, report: ProgressReport, actor: Actor) -> ReportPage:
    departments = list(report.node.departments.order_by("code"))
    department_ids = {d.pk for d in departments}
    bureau_ids = {d.bureau_id for d in departments if d.bureau_id is not None}
    steps = item_steps(chain_steps(report.round.plan), bureau_ids)
    waiting = current_step(report, steps)
    scales = list(
        RatingScale.objects.filter(plan_id=report.node.plan_id).prefetch_related("values")
    )
    return ReportPage(
        report=report,
        scales=scales,
        year_plan=YearPlan.objects.filter(node=report.node, fiscal_year=report.fiscal_year).first(),
        transitions=list(report.transitions.select_related("actor")),
        moves=moves_available(report, actor, department_ids, bureau_ids, steps),
        editable=_editable(report, actor, department_ids),
        departments=departments,
        steps=steps,
        waiting=waiting,
        return_steps=earlier_steps(waiting, steps) if waiting else [],
    )


@dataclass
class StaleRow:
    name: str
    label: str
    current: str  # what is saved now (as the page shows it)
    theirs: str  # what the person typed


def stale_rows(
    *,
    report: ProgressReport,
    opened_version: int,
    theirs: dict[str, str],
    scales: list[RatingScale],
    labels: dict[str, str],
) -> list[StaleRow]:
    """What changed since the person opened the report at ``opened_version``, field by field.

    The saved state at that version comes from the report's history; where it is missing
    (reports created in bulk by round_open have no first record), every field where their text
    differs from the saved one is shown.
    """
    directions = report.round.plan.direction_labels
    current = report_values(report, scales)
    record = report.history.filter(version=opened_version).order_by("-history_date").first()
    opened = report_values(record, scales) if record is not None else None
    rows = []
    for name in report_field_names(scales):
        if name not in theirs:
            continue
        changed = (
            current[name] != opened[name] if opened is not None else current[name] != theirs[name]
        )
        if changed:
            rows.append(
                StaleRow(
                    name=name,
                    label=labels.get(name, name),
                    current=value_label(name, current[name], scales, directions),
                    theirs=value_label(name, theirs[name], scales, directions),
                )
            )
    return rows


def year_plan_stale_rows(
    current: YearPlan | None, theirs: dict[str, str], stages: dict[str, str]
) -> list[StaleRow]:
    """Where the saved year plan (read in this request) differs from the person's input;
    ``stages``: the plan's 工程 labels."""
    rows = []
    for name, label in (("stage", "工程"), ("text", "計画内容")):
        now, mine = getattr(current, name, ""), theirs.get(name, "")
        if now != mine:
            if name == "stage":
                now, mine = str(stages.get(now, now)), str(stages.get(mine, mine))
            rows.append(StaleRow(name=name, label=label, current=now, theirs=mine))
    return rows


# ---- a report's history -------------------------------------------------------------------


@dataclass
class VersionDiff:
    record: Any  # a historical record of the report
    changes: list[tuple[str, str, str]]  # (label, old, new)


def report_history(*, report: ProgressReport, scales: list[RatingScale]) -> list[VersionDiff]:
    """Every saved version of ``report``, newest first, each against the one before it."""
    records = list(
        report.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = {f.name: str(f.verbose_name) for f in ProgressReport._meta.fields}
    directions = report.round.plan.direction_labels
    out: list[VersionDiff] = []
    previous = None
    for record in records:
        changes: list[tuple[str, str, str]] = []
        if previous is not None:
            delta = record.diff_against(
                previous, excluded_fields=["updated_at", "updated_by", "round", "node"]
            )
            for change in delta.changes:
                changes.append(
                    (
                        labels.get(change.field, change.field),
                        _show(change.field, change.old, scales, directions),
                        _show(change.field, change.new, scales, directions),
                    )
                )
        out.append(VersionDiff(record=record, changes=changes))
        previous = record
    return list(reversed(out))


def _show(
    name: str, value: Any, scales: list[RatingScale], directions: dict[str, str] | None = None
) -> str:
    if name == "state":
        return str(STATE_LABELS.get(value, value))
    if name == "ratings":
        value = value or {}
        return "、".join(
            f"{s.name}: {value_label(f'rating_{s.code}', value.get(s.code, ''), scales) or '—'}"
            for s in scales
        )
    if name == "direction":
        return value_label(name, value or "", scales, directions) or "—"
    return "" if value is None else str(value)


# ---- 承認待ち: the reports waiting at the caller's step of the approval chain -------------------


@dataclass
class ChainRow:
    report: ProgressReport
    step: ChainStep
    departments: list[Department]


@dataclass
class ChainQueue:
    steps: list[ChainStep]
    rows: list[ChainRow]
    bureaus: list[Bureau]  # the municipality's 部, for the filter
    bureau: str  # the 部 chosen ("" for all)

    @property
    def return_steps(self) -> list[ChainStep]:
        """The steps a return from the caller's steps may go back to."""
        last = max((row.step.order for row in self.rows), default=0)
        return [s for s in self.steps if s.order < last]


def chain_queue(*, plan: Plan, actor: Actor, bureau: str = "") -> ChainQueue:
    """The submitted reports of open rounds that wait at a step ``actor`` acts at (課長: their
    departments' items at 課長確認, 部長: their 部's at 部長確認, the plan office at its steps),
    optionally of one 部; in a constant number of queries."""
    steps = chain_steps(plan)
    bureaus = list(Bureau.objects.filter(municipality_id=plan.municipality_id).order_by("code"))
    if not steps:
        return ChainQueue(steps, [], bureaus, bureau)
    reports = (
        ProgressReport.objects.filter(round__plan=plan, round__is_open=True)
        .filter(state=State.SUBMITTED)
        .select_related("node", "round")
        .prefetch_related(
            Prefetch(
                "node__departments",
                queryset=Department.objects.select_related("bureau").order_by("code"),
            )
        )
        .order_by("fiscal_year", "node__position")
    )
    rows = []
    for report in reports:
        step = current_step(report, steps)
        departments = list(report.node.departments.all())
        department_ids = {d.pk for d in departments}
        bureau_ids = {d.bureau_id for d in departments if d.bureau_id is not None}
        if step is None or not acts_at(actor, step, department_ids, bureau_ids):
            continue
        if bureau and bureau not in {d.bureau.code for d in departments if d.bureau}:
            continue
        rows.append(ChainRow(report, step, departments))
    number_nodes(row.report.node for row in rows)
    return ChainQueue(steps, rows, bureaus, bureau)
