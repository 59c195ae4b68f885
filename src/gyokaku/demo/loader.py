"""Load the demo dataset through the real services; a second load changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.accounts.models import Department, Role
from gyokaku.accounts.services import (
    bureau_upsert,
    department_upsert,
    node_departments_set,
    user_add,
)
from gyokaku.audit.services import audit_record
from gyokaku.committee.services import opinion_add, opinion_reply, review_move, review_share
from gyokaku.demo import data
from gyokaku.demo.measures import measures_define, measures_enter_actuals, plan_targets_ensure
from gyokaku.demo.seed import AOMORI_SLUG, aomori_sheets_import, load_aomori
from gyokaku.lib.errors import Hidden
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.selectors import plan_for
from gyokaku.tracking.models import ProgressReport, Round, State, YearPlan
from gyokaku.tracking.selectors import tracked_nodes
from gyokaku.tracking.services import (
    StepSpec,
    chain_set,
    progress_update,
    round_close,
    round_open,
    year_plan_update,
)
from gyokaku.tracking.workflow import transition_apply

ACTOR_LABEL = "system:demo"
PAST_YEAR, OPEN_YEAR = 2024, 2025


@dataclass
class DemoReport:
    departments: int = 0
    users: int = 0
    assignments: int = 0
    reports: int = 0
    measures: int = 0  # indicator sheets, effect years and plan targets written
    sheets: int = 0  # 個票 written from the shipped template
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.departments
            or self.users
            or self.assignments
            or self.reports
            or self.measures
            or self.sheets
        )

    def summary(self) -> str:
        if not self.changed:
            return "サンプルデータ: 読込み済み（変更なし）"
        return (
            f"サンプルデータ: 所管課 {self.departments}、利用者 {self.users}、"
            f"割り当て {self.assignments}、個票 {self.sheets}、取組状況 {self.reports}、"
            f"成果指標・財政効果 {self.measures} 件を作成しました"
        )


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, password, role, what the role means here) of every demo person."""
    return [(u.username, data.DEMO_PASSWORD, u.role, u.note) for u in data.USERS]


def demo_load() -> DemoReport:
    """Departments, people, assignments, FY2024 (closed, published) and FY2025 (open, every
    state) for the Aomori plan with indicators and fiscal effects, marked as sample data."""
    report = DemoReport()
    with transaction.atomic():
        try:
            plan = plan_for(slug=AOMORI_SLUG)
        except Hidden:
            plan = load_aomori()
        report.sheets = aomori_sheets_import(plan=plan, actor_label=ACTOR_LABEL)
        _departments(plan, report)
        _bureaus(plan)
        users = _users(plan, report)
        if not plan.has_sample_data:
            # Only on the first load: `gyokaku run` loads the demo on every start, and an
            # assignment made since (`gyokaku department assign`, the pages) must stay.
            _assignments(plan, report)
        if Round.objects.filter(plan=plan).exists():
            if not plan.has_sample_data:
                report.notes.append("進捗調査がすでにあるため、取組状況のサンプルは作りません")
        else:
            _rounds(plan, users, report)
        office = actor_for(users["demo-coordinator"])
        report.measures += plan_targets_ensure(plan=plan, office=office)
        if not plan.has_sample_data:
            Plan.objects.filter(pk=plan.pk).update(has_sample_data=True)
            audit_record(
                action="demo.load",
                actor_label=ACTOR_LABEL,
                plan_slug=plan.slug,
                summary=report.summary(),
            )
    return report


def _departments(plan: Plan, report: DemoReport) -> None:
    have = dict(
        Department.objects.filter(municipality=plan.municipality).values_list("code", "name")
    )
    for code, name in data.DEPARTMENTS:
        if have.get(code) != name:
            department_upsert(
                municipality=plan.municipality, code=code, name=name, actor_label=ACTOR_LABEL
            )
            report.departments += 1


def _bureaus(plan: Plan) -> None:
    have = {
        (d.code, d.bureau.code if d.bureau else "")
        for d in Department.objects.filter(municipality=plan.municipality).select_related("bureau")
    }
    for code, name, departments in data.BUREAUS:
        if not {(d, code) for d in departments} <= have:
            bureau_upsert(
                municipality=plan.municipality,
                code=code,
                name=name,
                department_codes=departments,
                actor_label=ACTOR_LABEL,
            )


def _chain_in_progress(plan: Plan, users: dict[str, Any]) -> None:
    """The approval chain, set once the year's reports are written (those submitted before it
    wait at its last step, 行革担当確認), and two of the demo 課長's items sent back along it: one
    waits at 課長確認 (for demo-chief), one at 部長確認 (for demo-director)."""
    office = actor_for(users["demo-coordinator"])
    chief = actor_for(users["demo-chief"])
    steps = [StepSpec(code, name, role) for code, name, role in data.CHAIN]
    chain_set(plan=plan, steps=steps, actor=office)
    waiting = list(
        ProgressReport.objects.filter(
            round__plan=plan,
            fiscal_year=OPEN_YEAR,
            state=State.SUBMITTED,
            node__departments__in=chief.department_ids,
        )
        .select_related("round__plan", "node")
        .distinct()
        .order_by("node__position")[:2]
    )
    for n, progress in enumerate(waiting):
        comment = f"{data.SAMPLE}課長確認を経てから提出してください"
        transition_apply(
            report=progress, action="return", actor=office, comment=comment, to_step="kacho"
        )
        if n == 1:
            transition_apply(report=progress, action="confirm", actor=chief)


def _users(plan: Plan, report: DemoReport) -> dict[str, Any]:
    User = get_user_model()
    users = {
        u.username: u for u in User.objects.filter(username__in=[d.username for d in data.USERS])
    }
    for person in data.USERS:
        if person.username in users:
            continue  # keep whatever was changed since (a new password, say)
        users[person.username] = user_add(
            username=person.username,
            role=person.role,
            municipality=plan.municipality,
            department_codes=person.departments,
            password=data.DEMO_PASSWORD,
            actor_label=ACTOR_LABEL,
        )
        if person.username in data.COMMITTEE_NAMES:
            user = users[person.username]
            user.last_name, user.first_name = data.COMMITTEE_NAMES[person.username]
            user.save(update_fields=["last_name", "first_name"])
        report.users += 1
    return users


def _assignments(plan: Plan, report: DemoReport) -> None:
    # The loader, not a demo person, assigns: the audit log says "system:demo".
    system = Actor(municipality_id=plan.municipality_id, role=Role.ADMIN, name=ACTOR_LABEL)
    departments = {d.code: d for d in Department.objects.filter(municipality=plan.municipality)}
    nodes = Node.objects.filter(plan=plan, key__in=data.ASSIGNMENTS).prefetch_related("departments")
    for node in nodes:
        codes = data.ASSIGNMENTS[node.key]
        if sorted(d.code for d in node.departments.all()) == sorted(codes):
            continue
        node_departments_set(node=node, departments=[departments[c] for c in codes], actor=system)
        report.assignments += 1


# ---- rounds and reports -------------------------------------------------------------------


class _Writers:
    """Who writes what: the demo editor their own departments' items, the plan office the rest
    (as a plan office does when a department sends its answers by e-mail)."""

    def __init__(self, users: dict[str, Any]) -> None:
        self.office = actor_for(users["demo-coordinator"])
        self.editor = actor_for(users["demo-editor"])

    def for_node(self, node: Node) -> Actor:
        owned = {d.pk for d in node.departments.all()}
        return self.editor if self.editor.owns_any(owned) else self.office


def _rounds(plan: Plan, users: dict[str, Any], report: DemoReport) -> None:
    writers = _Writers(users)
    nodes = list(tracked_nodes(plan).order_by("position").prefetch_related("departments"))
    for i, node in enumerate(nodes):
        _year_plans(node, i, writers.office)
    # Indicators and effect targets are plan data: the plan office sets them up first.
    report.measures += measures_define(plan=plan, office=writers.office)

    past = round_open(
        plan=plan,
        fiscal_year=PAST_YEAR,
        actor=writers.office,
        deadline=dt.date(PAST_YEAR + 1, 5, 30),
    )
    for i, node in enumerate(nodes):
        progress = _report(node, PAST_YEAR)
        _write(progress, i, writers.for_node(node), PAST_YEAR)
        report.measures += measures_enter_actuals(
            node=node, fiscal_year=PAST_YEAR, actor=writers.for_node(node)
        )
        for action in ("submit", "approve", "publish"):
            _move(
                progress, action, writers.for_node(node) if action == "submit" else writers.office
            )
        if i % 4 == 0:
            _opinion(progress, i, writers.office)
        report.reports += 1
    round_close(round_=past, actor=writers.office)

    # Due three weeks from the day the demo is loaded, so it is always an open round.
    deadline = timezone.localdate() + dt.timedelta(days=21)
    round_open(plan=plan, fiscal_year=OPEN_YEAR, actor=writers.office, deadline=deadline)
    for i, node in enumerate(nodes):
        report.measures += _fy2025(node, i, writers)
        report.reports += 1
    _chain_in_progress(plan, users)
    _committee(plan, nodes, users)


def _committee(plan: Plan, nodes: list[Node], users: dict[str, Any]) -> None:
    """行財政改革推進委員会: FY2024 shared, discussed and published (its opinions and replies on
    the public pages), FY2025 shared and open, with a few opinions and one reply so far."""
    office = actor_for(users["demo-coordinator"])
    member = actor_for(users["demo-committee"])
    editor = actor_for(users["demo-editor"])
    mine = [n for n in nodes if editor.owns_any({d.pk for d in n.departments.all()})]
    past = review_share(
        plan=plan,
        fiscal_year=PAST_YEAR,
        actor=office,
        meeting_name=f"{data.SAMPLE}令和7年度第1回行財政改革推進委員会",
        meeting_date=dt.date(PAST_YEAR + 1, 7, 15),
    )
    for node, (text, reply) in zip(mine, data.MEMBER_OPINIONS[:2], strict=False):
        opinion = opinion_add(review=past, node=node, text=data.SAMPLE + text, actor=member)
        opinion_reply(opinion=opinion, reply=data.SAMPLE + reply, actor=editor)
    review_move(review=past, move="close", actor=office)
    review_move(review=past, move="publish", actor=office)
    current = review_share(
        plan=plan,
        fiscal_year=OPEN_YEAR,
        actor=office,
        meeting_name=f"{data.SAMPLE}令和8年度第1回行財政改革推進委員会",
    )
    for node, (text, reply) in zip(mine[2:], data.MEMBER_OPINIONS, strict=False):
        opinion = opinion_add(review=current, node=node, text=data.SAMPLE + text, actor=member)
        if reply and node is mine[2]:
            opinion_reply(opinion=opinion, reply=data.SAMPLE + reply, actor=editor)


def _fy2025(node: Node, i: int, writers: _Writers) -> int:
    """Write and move the FY2025 report of ``node``; return the measures written with it."""
    state = data.FY2025_STATES[i % len(data.FY2025_STATES)]
    progress = _report(node, OPEN_YEAR)
    writer, office = writers.for_node(node), writers.office
    if state == "draft-empty":
        return 0  # nothing written yet, actuals included
    _write(progress, i, writer, OPEN_YEAR, only_results=state == "draft")
    # Actuals go in with the report, before it leaves the department.
    written = measures_enter_actuals(node=node, fiscal_year=OPEN_YEAR, actor=writer)
    if state == "draft":
        return written
    _move(progress, "submit", writer)
    if state in ("returned", "returned-resubmitted"):
        comment = data.RETURN_COMMENTS[i % len(data.RETURN_COMMENTS)]
        _move(progress, "return", office, comment=f"{data.SAMPLE}{comment}")
        if state == "returned-resubmitted":
            # A round trip: the department answers the comment and submits again.
            progress_update(
                report=progress,
                actor=writer,
                data={"result_text": progress.result_text + "\n（追記）対象件数は前年度比1.2倍。"},
                expected_version=progress.version,
            )
            progress.refresh_from_db()
            _move(progress, "submit", writer)
        return written
    if state in ("approved", "published"):
        _move(progress, "approve", office)
    if state == "published":
        _move(progress, "publish", office)
    return written


def _report(node: Node, fiscal_year: int) -> ProgressReport:
    return ProgressReport.objects.select_related("round__plan", "node").get(
        node=node, fiscal_year=fiscal_year
    )


def _write(
    progress: ProgressReport, i: int, actor: Actor, fiscal_year: int, *, only_results: bool = False
) -> None:
    node = progress.node
    result = data.RESULTS.get(node.key) if fiscal_year == PAST_YEAR else None
    if result is None:
        template = data.RESULT_TEMPLATES[(i + fiscal_year) % len(data.RESULT_TEMPLATES)]
        result = template.format(title=node.title, n=2 + i % 5, m=1 + i % 3)
    fields: dict[str, Any] = {"result_text": data.SAMPLE + result}
    if not only_results:
        status, achievement = data.RATINGS[(i + fiscal_year) % len(data.RATINGS)]
        issue = data.ISSUE_TEMPLATES[i % len(data.ISSUE_TEMPLATES)]
        next_plan = data.NEXT_TEMPLATES[(i + fiscal_year) % len(data.NEXT_TEMPLATES)]
        fields |= {
            "issues_text": data.SAMPLE + issue,
            "next_plan_text": data.SAMPLE + next_plan.format(fy=fiscal_year + 1),
            "direction": data.DIRECTIONS[i % len(data.DIRECTIONS)],
            "ratings": {"status": status, "achievement": achievement},
        }
    progress_update(report=progress, actor=actor, data=fields, expected_version=progress.version)
    progress.refresh_from_db()


def _move(progress: ProgressReport, action: str, actor: Actor, comment: str = "") -> None:
    transition_apply(
        report=progress,
        action=action,
        actor=actor,
        comment=comment,
        expected_version=progress.version,
    )


def _opinion(progress: ProgressReport, i: int, office: Actor) -> None:
    opinion = data.COMMITTEE_OPINIONS[i % len(data.COMMITTEE_OPINIONS)]
    progress_update(
        report=progress,
        actor=office,
        data={"committee_opinion": data.SAMPLE + opinion},
        expected_version=progress.version,
    )
    progress.refresh_from_db()


def _year_plans(node: Node, i: int, office: Actor) -> None:
    stages = data.STAGE_PATTERNS[i % len(data.STAGE_PATTERNS)]
    have = dict(YearPlan.objects.filter(node=node).values_list("fiscal_year", "version"))
    for fiscal_year, stage in zip(node.plan.fiscal_years, stages, strict=False):
        year_plan_update(
            node=node,
            fiscal_year=fiscal_year,
            actor=office,
            data={"stage": stage, "text": data.SAMPLE + data.STAGE_TEXT[stage]},
            expected_version=have.get(fiscal_year, 0),
        )
