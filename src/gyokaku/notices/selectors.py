"""Who is told what: the events ``gyokaku remind`` mails about, read from the workflow's own
records (rounds, reports, transitions), and the 提出状況 per department. The reads take a few
queries per open round and per plan with a recent return, whatever the number of people or
items."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q

from gyokaku.accounts.access import actor_for
from gyokaku.accounts.models import Department, Profile, Role
from gyokaku.accounts.selectors import plan_departments
from gyokaku.notices.models import Kind, Notice, NoticeSetting
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.chain import acts_at, chain_steps, current_step
from gyokaku.tracking.models import ProgressReport, Round, State, Transition

User = get_user_model()
UNSUBMITTED = (State.DRAFT, State.RETURNED)
# A round opened or an item returned longer ago than this when mail is first set up is
# history, not news.
RECENT = dt.timedelta(days=7)


@dataclass(frozen=True)
class Item:
    """An item as a mail lists it: printed number, title, state."""

    code: str
    title: str
    state: str

    @classmethod
    def of(cls, report: ProgressReport) -> Item:
        return cls(report.node.code, report.node.title, report.state)


@dataclass
class Event:
    """One mail to send: of ``kind``, about the event ``key``, to ``users``."""

    kind: str
    key: str
    plan: Plan
    users: list[Any]
    context: dict[str, Any] = field(default_factory=dict)


def editors_by_department(plan: Plan) -> dict[int, list[Any]]:
    """Department id → the active editors (with an e-mail address) of it, in the plan's
    municipality (two queries)."""
    profiles = (
        Profile.objects.filter(
            municipality_id=plan.municipality_id, role=Role.EDITOR, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("departments")
    )
    out: dict[int, list[Any]] = defaultdict(list)
    for profile in profiles:
        for department in profile.departments.all():
            out[department.pk].append(profile.user)
    return out


def plan_office(plan: Plan) -> list[Any]:
    return [
        p.user
        for p in Profile.objects.filter(
            municipality_id=plan.municipality_id,
            role__in=[Role.ADMIN, Role.COORDINATOR],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    ]


def node_editors(plan: Plan) -> dict[int, list[Any]]:
    """Node id → the editors to tell about it (those of any of its departments, each once), in
    three queries (``accounts.selectors.plan_departments`` and ``editors_by_department``)."""
    editors = editors_by_department(plan)
    _, assigned = plan_departments(plan=plan)
    return {
        node_id: list({u.pk: u for d in departments for u in editors.get(d.pk, [])}.values())
        for node_id, departments in assigned.items()
    }


def _items_by_user(reports: list[ProgressReport], plan: Plan) -> dict[int, tuple[Any, list[Item]]]:
    """User id → (user, the items of ``reports`` they are told about)."""
    editors = node_editors(plan)
    out: dict[int, tuple[Any, list[Item]]] = {}
    for report in reports:
        for user in editors.get(report.node_id, []):
            out.setdefault(user.pk, (user, []))[1].append(Item.of(report))
    return out


def events_due(today: dt.date, now: dt.datetime, remind_days: int) -> list[Event]:
    """Every event of every plan that a mail is due for on ``today`` (sent or not: the caller
    skips what was sent)."""
    events: list[Event] = []
    for round_ in Round.objects.filter(is_open=True).select_related("plan"):
        reports = list(
            ProgressReport.objects.filter(round=round_)
            .of_leaves()  # not an item a revision ended before this year (改定)
            .select_related("node")
            .order_by("node__position")
        )
        by_user = _items_by_user(reports, round_.plan)
        context = {"round": round_}
        opened_lately = round_.opened_at >= now - RECENT
        for user, items in by_user.values() if opened_lately else []:
            events.append(
                Event(
                    Kind.ROUND_OPENED,
                    f"round-{round_.pk}",
                    round_.plan,
                    [user],
                    {**context, "items": items},
                )
            )
        days = round_.days_left(today)
        if days is not None and 0 <= days <= remind_days:
            for user, items in by_user.values():
                late = [i for i in items if i.state in UNSUBMITTED]
                if late:
                    events.append(
                        Event(
                            Kind.DEADLINE,
                            f"deadline-{round_.pk}",
                            round_.plan,
                            [user],
                            {**context, "items": late, "days_left": days},
                        )
                    )
        events.extend(_digests(round_, reports, today, context))
    returns = (
        Transition.objects.filter(to_state=State.RETURNED, at__gte=now - RECENT)
        .select_related("report__node__plan", "actor")
        .order_by("at")
    )
    editors: dict[int, dict[int, list[Any]]] = {}  # plan id → node_editors
    for move in returns:
        node = move.report.node
        if node.plan_id not in editors:
            editors[node.plan_id] = node_editors(node.plan)
        users = editors[node.plan_id].get(node.pk, [])
        if users:
            events.append(
                Event(
                    Kind.RETURNED,
                    f"returned-{move.pk}",
                    node.plan,
                    users,
                    {"move": move, "node": node, "report": move.report},
                )
            )
    return events


def _digests(
    round_: Round, reports: list[ProgressReport], today: dt.date, context: dict[str, Any]
) -> list[Event]:
    """The daily digest of what waits for approval: to the plan office without an approval
    chain; with one, to each approver (課長, 部長, the plan office) the count of what waits at
    their own step."""
    plan, key = round_.plan, f"digest-{round_.pk}-{today.isoformat()}"
    submitted = [r for r in reports if r.state == State.SUBMITTED]
    if not submitted:
        return []
    steps = chain_steps(plan)
    if not steps:
        return [
            Event(Kind.DIGEST, key, plan, plan_office(plan), {**context, "waiting": len(submitted)})
        ]
    holders: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    through = Node.departments.through.objects.filter(node__plan=plan)
    for node_id, department_id, bureau_id in through.values_list(
        "node_id", "department_id", "department__bureau_id"
    ):
        holders[node_id][0].add(department_id)
        if bureau_id is not None:
            holders[node_id][1].add(bureau_id)
    approvers = (
        Profile.objects.filter(
            municipality_id=plan.municipality_id,
            role__in=[Role.ADMIN, Role.COORDINATOR, Role.CHIEF, Role.DIRECTOR],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    out = []
    for profile in approvers:
        actor = actor_for(profile.user)
        waiting = 0
        for report in submitted:
            step = current_step(report, steps)
            if step is not None and acts_at(actor, step, *holders[report.node_id]):
                waiting += 1
        if waiting:
            out.append(
                Event(
                    Kind.DIGEST,
                    key,
                    plan,
                    [profile.user],
                    {**context, "waiting": waiting, "chain": True},
                )
            )
    return out


def muted_kinds(user_ids: set[int]) -> dict[int, set[str]]:
    """User id → the kinds they turned off (one query)."""
    settings = NoticeSetting.objects.filter(user_id__in=user_ids).values_list("user_id", "off")
    return {user_id: set(off or []) for user_id, off in settings}


def already_sent(keys: set[str]) -> set[tuple[str, str, int]]:
    """(kind, event, user id) of the mails about ``keys`` sent before (one query)."""
    return set(Notice.objects.filter(key__in=keys).values_list("kind", "key", "user_id"))


@dataclass
class DepartmentStatus:
    department: Department
    total: int
    not_started: int  # 未着手: a draft nobody has saved yet
    drafting: int  # 作成中
    returned: int
    submitted: int
    approved: int  # 承認済 and 公表済
    overdue: bool

    @property
    def unsubmitted(self) -> int:
        return self.not_started + self.drafting + self.returned


def submission_status(round_: Round, today: dt.date) -> list[DepartmentStatus]:
    """提出状況 per department of the round's plan, grouped by 部 (two queries)."""
    counts = (
        ProgressReport.objects.filter(round=round_, node__departments__isnull=False)
        .of_leaves()  # an item a revision ended is no longer expected (改定)
        .values("node__departments")
        .annotate(
            total=Count("pk"),
            not_started=Count("pk", filter=Q(state=State.DRAFT, version=1)),
            drafting=Count("pk", filter=Q(state=State.DRAFT, version__gt=1)),
            returned=Count("pk", filter=Q(state=State.RETURNED)),
            submitted=Count("pk", filter=Q(state=State.SUBMITTED)),
            approved=Count("pk", filter=Q(state__in=[State.APPROVED, State.PUBLISHED])),
        )
    )
    by_department = {row["node__departments"]: row for row in counts}
    days = round_.days_left(today)
    past_deadline = days is not None and days < 0
    out = []
    # grouped by 部 (bureau) where departments have one, those without last
    departments = (
        Department.objects.filter(pk__in=by_department)
        .select_related("bureau")
        .order_by(F("bureau__code").asc(nulls_last=True), "code")
    )
    for department in departments:
        row = by_department[department.pk]
        status = DepartmentStatus(
            department=department,
            total=row["total"],
            not_started=row["not_started"],
            drafting=row["drafting"],
            returned=row["returned"],
            submitted=row["submitted"],
            approved=row["approved"],
            overdue=False,
        )
        status.overdue = past_deadline and status.unsubmitted > 0
        out.append(status)
    return out
