"""Every move of the workflow table, allowed and refused."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Conflict, Hidden, Refused, Stale
from gyokaku.tracking.models import ProgressReport, State, Transition
from gyokaku.tracking.moves import MOVES
from gyokaku.tracking.rules import moves_available
from gyokaku.tracking.services import round_close
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db

ALL_STATES = [s.value for s in State]


def _put_in(report: ProgressReport, state: str) -> ProgressReport:
    ProgressReport.objects.filter(pk=report.pk).update(state=state)
    report.refresh_from_db()
    return report


# (action, from, to): the table as users read it
TABLE = [
    ("submit", "draft", "submitted"),
    ("submit", "returned", "submitted"),
    ("return", "submitted", "returned"),
    ("approve", "submitted", "approved"),
    ("publish", "approved", "published"),
    ("reopen", "approved", "draft"),
    ("reopen", "published", "draft"),
]
# 確認 exists only in a plan with an approval chain (tests/tracking/test_chain_walk.py).
CHAIN_ONLY = [("confirm", "submitted", "submitted")]


def test_the_table_is_exactly_these_moves() -> None:
    assert sorted((m.action, s, m.target) for m in MOVES.values() for s in m.sources) == sorted(
        TABLE + CHAIN_ONLY
    )


@pytest.mark.parametrize(("action", "source", "target"), TABLE)
def test_each_allowed_move(world: Any, action: str, source: str, target: str) -> None:
    report = _put_in(world.report("1-1"), source)
    by = "alice" if action == "submit" else "carol"
    done = transition_apply(report=report, action=action, actor=world.actor(by), comment="理由")
    report.refresh_from_db()
    assert (report.state, report.version) == (target, 2)
    assert (done.from_state, done.to_state, done.comment) == (source, target, "理由")
    assert done.actor == world.users[by]
    event = AuditEvent.objects.get(action=f"progress.{action}")
    assert event.changes["state"] == [source, target]
    assert event.target == "1-1/2024"


REFUSED_STATES = [
    (action, state)
    for action, move in MOVES.items()
    for state in ALL_STATES
    if state not in move.sources
]


@pytest.mark.parametrize(("action", "state"), REFUSED_STATES)
def test_each_move_from_a_wrong_state_is_a_conflict_that_says_why(
    world: Any, action: str, state: str
) -> None:
    report = _put_in(world.report("1-1"), state)
    with pytest.raises(Conflict, match="できません"):
        transition_apply(report=report, action=action, actor=world.actor("carol"), comment="x")
    report.refresh_from_db()
    assert report.state == state and report.version == 1
    assert not Transition.objects.exists()


@pytest.mark.parametrize("action", ["return", "approve", "publish", "reopen"])
@pytest.mark.parametrize("who", ["alice", "dave"])
def test_roles_that_may_never_are_refused(world: Any, action: str, who: str) -> None:
    report = _put_in(world.report("1-1"), sorted(MOVES[action].sources)[0])
    with pytest.raises(Refused):
        transition_apply(report=report, action=action, actor=world.actor(who), comment="x")


def test_a_viewer_may_not_submit(world: Any) -> None:
    with pytest.raises(Refused):
        transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("dave"))


def test_an_editor_submits_only_their_departments_items(world: Any) -> None:
    with pytest.raises(Refused, match="担当していない"):
        transition_apply(report=world.report("2"), action="submit", actor=world.actor("alice"))
    transition_apply(report=world.report("2"), action="submit", actor=world.actor("bob"))


def test_another_municipality_cannot_know_the_report(world: Any) -> None:
    with pytest.raises(Hidden):
        transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("mallory"))


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_return_and_reopen_need_a_comment(world: Any, action: str) -> None:
    report = _put_in(world.report("1-1"), sorted(MOVES[action].sources)[0])
    with pytest.raises(Conflict, match="理由"):
        transition_apply(report=report, action=action, actor=world.actor("carol"), comment="  ")


def test_a_closed_round_locks_moves_but_publication(world: Any) -> None:
    submitted = _put_in(world.report("1-1"), "submitted")
    approved = _put_in(world.report("1-2"), "approved")
    round_close(round_=world.round, actor=world.actor("carol"))
    with pytest.raises(Conflict, match="締め切られています"):
        transition_apply(report=submitted, action="approve", actor=world.actor("carol"))
    transition_apply(report=approved, action="publish", actor=world.actor("carol"))


def test_an_unknown_action_is_refused_with_the_known_ones(world: Any) -> None:
    with pytest.raises(Conflict, match="submit"):
        transition_apply(report=world.report("1-1"), action="destroy", actor=world.actor("carol"))


def test_a_stale_expected_version_is_refused(world: Any) -> None:
    with pytest.raises(Stale):
        transition_apply(
            report=world.report("1-1"),
            action="submit",
            actor=world.actor("alice"),
            expected_version=7,
        )


def test_moves_available_are_what_the_person_may_do_now(world: Any) -> None:
    report = world.report("1-1")
    ids = {world.dx.pk}
    assert [m.action for m in moves_available(report, world.actor("alice"), ids)] == ["submit"]
    assert [m.action for m in moves_available(report, world.actor("dave"), ids)] == []
    _put_in(report, "submitted")
    assert [m.action for m in moves_available(report, world.actor("carol"), ids)] == [
        "return",
        "approve",
    ]
