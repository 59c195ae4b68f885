"""POST /api/v1/plans/{slug}/nodes/{key}/progress/{fy}/transitions: every move of the table,
from every state, allowed and refused."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from tests.support.api_client import close_round, progress_path, set_state
from tests.support.world import World

from gyokaku.tracking.models import State, Transition
from gyokaku.tracking.moves import MOVES
from gyokaku.tracking.schemas import Action

MOVES_PATH = progress_path() + "/transitions"
COMMENT = {"return": "根拠を追記してください", "reopen": "数値の訂正"}


def test_the_api_offers_exactly_the_moves_of_the_table() -> None:
    assert set(typing.get_args(Action)) == set(MOVES)


# 確認 (confirm) belongs to an approval chain, which this plan has not: see the test below and
# tests/tracking/test_chain_walk.py.
NO_CHAIN_MOVES = [action for action in MOVES if action != "confirm"]


@pytest.mark.parametrize(
    ("action", "state"), [(action, state) for action in NO_CHAIN_MOVES for state in State.values]
)
def test_it_applies_each_move_from_each_state_or_says_why_not(
    world: World, api: Any, action: str, state: str
) -> None:
    set_state(world.report("1-1"), state)
    answer = api("carol").post(MOVES_PATH, {"action": action, "comment": COMMENT.get(action, "")})
    move = MOVES[action]
    if state in move.sources:
        assert answer.status == 201, answer.body
        assert (answer.body["from_state"], answer.body["to_state"]) == (state, move.target)
        assert answer.body["state"] == move.target and answer.body["version"] == 2
        assert answer.headers["ETag"] == '"2"'
        assert Transition.objects.filter(report=world.report("1-1"), action=action).exists()
    else:
        assert answer.status == 409
        assert f"{move.label}できません" in answer.body["detail"]
        assert world.report("1-1").state == state


def test_it_refuses_to_confirm_without_an_approval_chain(world: World, api: Any) -> None:
    set_state(world.report("1-1"), State.SUBMITTED)
    answer = api("carol").post(MOVES_PATH, {"action": "confirm"})
    assert answer.status == 409
    assert answer.body["detail"] == "この計画には承認ルートがないため、確認はありません"
    assert world.report("1-1").state == State.SUBMITTED


def test_it_refuses_a_step_to_return_to_without_an_approval_chain(world: World, api: Any) -> None:
    set_state(world.report("1-1"), State.SUBMITTED)
    answer = api("carol").post(MOVES_PATH, {"action": "return", "comment": "理由", "to_step": "x"})
    assert answer.status == 422
    assert "承認ルートがない" in str(answer.body)
    assert world.report("1-1").state == State.SUBMITTED


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_it_needs_a_comment_to_return_or_reopen(world: World, api: Any, action: str) -> None:
    set_state(world.report("1-1"), next(iter(MOVES[action].sources)))
    answer = api("carol").post(MOVES_PATH, {"action": action, "comment": "  "})
    assert answer.status == 409
    assert "理由" in answer.body["detail"]


def test_it_keeps_the_comment_of_a_return(world: World, api: Any) -> None:
    set_state(world.report("1-1"), State.SUBMITTED)
    api("carol").post(MOVES_PATH, {"action": "return", "comment": "根拠を追記してください"})
    transitions = api("alice").get(progress_path()).body["transitions"]
    assert transitions[-1]["action"] == "return"
    assert transitions[-1]["actor"] == "carol"
    assert transitions[-1]["comment"] == "根拠を追記してください"


def test_it_refuses_moves_in_a_closed_round_but_publication(world: World, api: Any) -> None:
    close_round(world.round)
    refused = api("alice").post(MOVES_PATH, {"action": "submit"})
    assert refused.status == 409 and "締め切られて" in refused.body["detail"]
    set_state(world.report("1-1"), State.APPROVED)
    assert api("carol").post(MOVES_PATH, {"action": "publish"}).status == 201


def test_it_says_which_role_may_make_a_move(world: World, api: Any) -> None:
    set_state(world.report("1-1"), State.SUBMITTED)
    answer = api("alice").post(MOVES_PATH, {"action": "approve"})
    assert answer.status == 403
    assert "計画担当" in answer.body["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "delete"}, "action"),
        ({}, "action"),
        ({"action": "submit", "comment": 5}, "comment"),
        ({"action": "submit", "by": "carol"}, "by"),
    ],
)
def test_it_names_the_field_of_bad_input(
    world: World, api: Any, body: dict[str, Any], field: str
) -> None:
    answer = api("alice").post(MOVES_PATH, body)
    assert answer.status == 422
    assert field in answer.body["problems"]
    assert world.report("1-1").state == State.DRAFT


def test_it_honours_if_match_when_sent(world: World, api: Any) -> None:
    alice = api("alice")
    alice.put(progress_path(), {"result_text": "x"}, if_match=1)
    stale = alice.post(MOVES_PATH, {"action": "submit"}, if_match=1)
    assert stale.status == 412
    assert stale.body["current_version"] == 2
    assert world.report("1-1").state == State.DRAFT
    assert alice.post(MOVES_PATH, {"action": "submit"}, if_match=2).status == 201
