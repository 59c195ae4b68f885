"""The one table of allowed workflow moves (see workflow.py for the diagram and how a move is
applied, rules.py for who may make one when). Data only: reads and rules import it freely."""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.accounts.access import PLAN_OFFICE
from gyokaku.accounts.models import Role
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
            PLAN_OFFICE,
            needs_comment=True,
        ),
        Move("approve", "承認", frozenset({State.SUBMITTED}), State.APPROVED, PLAN_OFFICE),
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
    )
}
