"""The permission matrix of the API's write paths: every role × every write path.

Columns: anonymous; alice on her own department's node (1-1); alice on another department's
node (2); carol (coordinator); dave (viewer); erin (admin); mallory (coordinator of another
municipality, Sapporo). Each cell is the exact status code. A 2xx cell also leaves the audit
event of the write; a 403 cell leaves an ``access.refused`` event; 401 and 404 change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tests.support.api_client import PLAN, close_round, set_state
from tests.support.api_matrix import (
    assert_covers,
    assert_refused_or_silent,
    caller_key,
    caller_user,
    cells,
    events_since,
    last_event_id,
)
from tests.support.world import World

from gyokaku.tracking.models import State


@dataclass(frozen=True)
class WritePath:
    method: str
    path: Callable[[str], str]  # node key → path
    body: dict[str, Any]
    prepare: Callable[[World, str], None] = lambda world, key: None
    if_match: int | None = None
    audit_action: str = ""


def _state(state: str) -> Callable[[World, str], None]:
    return lambda world, key: set_state(world.report(key), state)


def _progress(key: str) -> str:
    return f"{PLAN}/nodes/{key}/progress/2024"


def _moves(key: str) -> str:
    return f"{PLAN}/nodes/{key}/progress/2024/transitions"


PATHS: dict[str, WritePath] = {
    "progress PUT": WritePath(
        "PUT", _progress, {"result_text": "実績"}, if_match=1, audit_action="progress.update"
    ),
    "submit": WritePath("POST", _moves, {"action": "submit"}, audit_action="progress.submit"),
    "return": WritePath(
        "POST",
        _moves,
        {"action": "return", "comment": "数値を"},
        _state(State.SUBMITTED),
        audit_action="progress.return",
    ),
    "approve": WritePath(
        "POST",
        _moves,
        {"action": "approve"},
        _state(State.SUBMITTED),
        audit_action="progress.approve",
    ),
    "publish": WritePath(
        "POST",
        _moves,
        {"action": "publish"},
        _state(State.APPROVED),
        audit_action="progress.publish",
    ),
    "reopen": WritePath(
        "POST",
        _moves,
        {"action": "reopen", "comment": "訂正"},
        _state(State.APPROVED),
        audit_action="progress.reopen",
    ),
    "year-plan PUT": WritePath(
        "PUT",
        lambda key: f"{PLAN}/nodes/{key}/year-plans/2024",
        {"stage": "implement", "text": "実施"},
        if_match=0,
        audit_action="yearplan.update",
    ),
    "round open": WritePath(
        "POST",
        lambda key: f"{PLAN}/rounds",
        {"fiscal_year": 2025, "deadline": "2026-05-31"},
        audit_action="round.open",
    ),
    "round close": WritePath(
        "POST", lambda key: f"{PLAN}/rounds/2024/close", {}, audit_action="round.close"
    ),
    "round reopen": WritePath(
        "POST",
        lambda key: f"{PLAN}/rounds/2024/reopen",
        {"reason": "提出漏れ"},
        lambda world, key: close_round(world.round),
        audit_action="round.reopen",
    ),
    "year publish": WritePath(
        "POST",
        lambda key: f"{PLAN}/rounds/2024/publish",
        {},
        _state(State.APPROVED),
        audit_action="year.publish",
    ),
    "departments PUT": WritePath(
        "PUT",
        lambda key: f"{PLAN}/nodes/{key}/departments",
        {"departments": ["dx", "shimin"]},
        audit_action="node.departments",
    ),
}

# fmt: off
MATRIX: dict[str, tuple[int, ...]] = {
    #                  anon alice-own alice-other carol dave erin mallory
    "progress PUT":    (401, 200,     403,        200,  403, 200, 404),
    "submit":          (401, 201,     403,        201,  403, 201, 404),
    "return":          (401, 403,     403,        201,  403, 201, 404),
    "approve":         (401, 403,     403,        201,  403, 201, 404),
    "publish":         (401, 403,     403,        201,  403, 201, 404),
    "reopen":          (401, 403,     403,        201,  403, 201, 404),
    "year-plan PUT":   (401, 201,     403,        201,  403, 201, 404),
    "round open":      (401, 403,     403,        201,  403, 201, 403),
    "round close":     (401, 403,     403,        200,  403, 200, 403),
    "round reopen":    (401, 403,     403,        200,  403, 200, 403),
    "year publish":    (401, 403,     403,        200,  403, 200, 403),
    "departments PUT": (401, 403,     403,        200,  403, 200, 403),
}
# fmt: on

CELLS = cells(MATRIX)


def test_it_covers_every_write_path_and_caller() -> None:
    assert_covers(MATRIX, PATHS)


@pytest.mark.parametrize(("path_name", "caller", "expected"), CELLS)
def test_it_answers_each_cell_of_the_matrix(
    world: World, api: Any, path_name: str, caller: str, expected: int
) -> None:
    write = PATHS[path_name]
    key = caller_key(caller)
    write.prepare(world, key)
    user = caller_user(caller)
    client = api(user)  # logging in is audited too: count from here
    since = last_event_id()

    answer = client.call(write.method, write.path(key), write.body, if_match=write.if_match)

    assert answer.status == expected, answer.body
    new = events_since(since)
    if expected in (200, 201):
        assert write.audit_action in [e.action for e in new]
    else:
        assert_refused_or_silent(new, expected, user, answer)
