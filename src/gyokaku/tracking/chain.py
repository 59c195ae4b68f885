"""The approval chain (承認ルート) of a plan, read: its steps, where a report waits, who acts
there. Data and small reads only; who may make a move is ``tracking.rules.can_move`` and how
a move is applied is ``tracking.workflow.transition_apply``.

    担当 ─submit→ 課長確認 ─confirm→ 部長確認 ─confirm→ 行革担当確認 ─approve→ 承認済
                  ←──────── return (to any earlier step, or to the department) ────────

A plan without steps has no chain: the plan office approves what departments submit.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ChainStep, ProgressReport, State

# The roles a step may name, with who that means for one item (for messages and the docs).
STEP_ROLES: dict[str, str] = {
    Role.CHIEF: "この取組の所管課の課長",
    Role.DIRECTOR: "この取組の所管課が属する部の部長",
    Role.COORDINATOR: "計画担当",  # with the plan's office name: step_role_label
}


def step_role_label(role: str, plan: Plan) -> str:
    """Who a step's role means, for a message (the plan office by its plan's office name)."""
    return plan.office_label if role == Role.COORDINATOR else STEP_ROLES.get(role, "")


def chain_steps(plan: Plan) -> list[ChainStep]:
    """The steps of ``plan``'s chain in order; empty without a chain (one query)."""
    return list(ChainStep.objects.filter(plan=plan).order_by("order"))


def item_steps(steps: Sequence[ChainStep], bureau_ids: Set[int]) -> list[ChainStep]:
    """The steps an item's report goes through: a 部長確認 (director) step only when one of
    its departments belongs to a 部 — an item of departments outside any 部 has no 部長 to
    confirm it and goes on to the next step instead of waiting for no one."""
    return [s for s in steps if s.role != Role.DIRECTOR or bureau_ids]


def node_holders(node: Node) -> tuple[set[int], set[int]]:
    """The departments responsible for ``node`` and their 部 (bureaus), in one query."""
    rows = list(node.departments.values_list("pk", "bureau_id"))
    return {pk for pk, _ in rows}, {bureau for _, bureau in rows if bureau is not None}


def current_step(report: ProgressReport, steps: Sequence[ChainStep]) -> ChainStep | None:
    """Where a submitted report waits: its step, or the last one for a report submitted before
    the chain was set (the plan office, as without a chain). None when not submitted or
    without a chain."""
    if report.state != State.SUBMITTED or not steps:
        return None
    for step in steps:
        if step.pk == report.step_id:
            return step
    return steps[-1]


def next_step(step: ChainStep, steps: Sequence[ChainStep]) -> ChainStep | None:
    later = [s for s in steps if s.order > step.order]
    return later[0] if later else None


def earlier_steps(step: ChainStep, steps: Sequence[ChainStep]) -> list[ChainStep]:
    """The steps a report waiting at ``step`` may be returned to (besides the department)."""
    return [s for s in steps if s.order < step.order]


def acts_at(actor: Actor, step: ChainStep, department_ids: Set[int], bureau_ids: Set[int]) -> bool:
    """Whether ``actor`` is whom ``step`` names for an item of these departments and 部."""
    if step.role == Role.COORDINATOR:
        return actor.is_plan_office
    if step.role == Role.CHIEF:
        return actor.role == Role.CHIEF and actor.owns_any(set(department_ids))
    if step.role == Role.DIRECTOR:
        return actor.role == Role.DIRECTOR and bool(actor.bureau_ids & set(bureau_ids))
    return False
