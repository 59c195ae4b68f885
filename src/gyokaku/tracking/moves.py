"""The one table of allowed workflow moves (see workflow.py for the diagram and how a move is
applied, rules.py for who may make one when). Data only: reads and rules import it freely."""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.accounts.access import PLAN_OFFICE
from gyokaku.accounts.models import APPROVER_ROLES, Role
from gyokaku.tracking.models import State


@dataclass(frozen=True)
class Move:
    action: str
    label: str  # 提出 etc., for messages and buttons
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_comment: bool = False
    allowed_when_closed: bool = False  # publication may follow the end of the round
    # Made at the step of the approval chain where the report waits, by whom that step names
    # (tracking/chain.py); without a chain, by ``roles`` as ever.
    at_step: bool = False


MOVES: dict[str, Move] = {
    move.action: move
    for move in (
        Move(
            "submit",
            "提出",
            frozenset({State.DRAFT, State.RETURNED}),
            State.SUBMITTED,
            frozenset({Role.EDITOR, *PLAN_OFFICE}),
        ),
        Move(
            "return",
            "差戻し",
            frozenset({State.SUBMITTED}),
            State.RETURNED,
            PLAN_OFFICE | APPROVER_ROLES,
            needs_comment=True,
            at_step=True,
        ),
        Move(
            "approve",
            "承認",
            frozenset({State.SUBMITTED}),
            State.APPROVED,
            PLAN_OFFICE,
            at_step=True,
        ),
        Move(
            "publish",
            "公表",
            frozenset({State.APPROVED}),
            State.PUBLISHED,
            PLAN_OFFICE,
            allowed_when_closed=True,
        ),
        Move(
            "reopen",
            "再開",
            frozenset({State.APPROVED, State.PUBLISHED}),
            State.DRAFT,
            PLAN_OFFICE,
            needs_comment=True,
        ),
        # 確認: pass a report on to the next step of the chain (課長確認 → 部長確認 …).
        Move(
            "confirm",
            "確認",
            frozenset({State.SUBMITTED}),
            State.SUBMITTED,
            PLAN_OFFICE | APPROVER_ROLES,
            at_step=True,
        ),
    )
}
