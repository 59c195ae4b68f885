"""The permission matrix of the write paths of indicators, fiscal effects and plan targets.

Columns as in tests/tracking/api/test_api_matrix.py: anonymous; alice on her own department's
node (1-1); alice on another department's node (2); carol (coordinator); dave (viewer); erin
(admin); mallory (coordinator of Sapporo). Each cell is the exact status code. A 2xx cell
leaves the audit event of the write; a 403 cell one ``access.refused`` event; 401 and 404
change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from tests.support.api_client import TARGETS, effect, effects_path, indicator, indicators_path
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

from gyokaku.measures.services import effects_update, indicators_update


@dataclass(frozen=True)
class WritePath:
    path: Callable[[str], str]  # node key → path
    body: dict[str, Any]
    audit_action: str
    prepare: Callable[[World, str], None] = lambda world, key: None
    if_match: int = 0


def _with_indicator(world: World, key: str) -> None:
    indicators_update(
        node=world.node(key),
        actor=world.actor("carol"),
        indicators=[indicator()],
        expected_version=0,
    )


def _with_effect(world: World, key: str) -> None:
    effects_update(
        node=world.node(key),
        fiscal_year=2024,
        actor=world.actor("carol"),
        effects=[effect()],
        expected_version=0,
    )


# Baselines and targets are the plan office's (issue 12 #2): a department defines an indicator
# (name, unit) and enters actuals, never a target (422 naming the field); after adoption (the
# world's round is open) the plan office changes a target only with a reason.
UNDEFINED = indicator(baseline={}, final_target={}, targets={})
CHANGED = indicator(targets={"2024": 90, "2025": "120.5"})
REASON = "国の制度改正で対象件数が減ったため"

PATHS: dict[str, WritePath] = {
    "indicators PUT (definitions)": WritePath(
        indicators_path, {"indicators": [UNDEFINED]}, "indicators.update"
    ),
    "indicators PUT (targets)": WritePath(
        indicators_path, {"indicators": [indicator()]}, "indicators.update"
    ),
    "indicators PUT (changed target, no reason)": WritePath(
        indicators_path,
        {"indicators": [CHANGED]},
        "indicators.update",
        _with_indicator,
        if_match=1,
    ),
    "indicators PUT (changed target, reason)": WritePath(
        indicators_path,
        {"indicators": [CHANGED], "reason": REASON},
        "indicators.update",
        _with_indicator,
        if_match=1,
    ),
    "indicators PUT (actual of FY2024)": WritePath(
        indicators_path,
        {"indicators": [indicator(actuals={"2024": 95})]},
        "indicators.update",
        _with_indicator,
        if_match=1,
    ),
    "effects PUT (targets)": WritePath(effects_path, {"effects": [effect()]}, "effects.update"),
    "effects PUT (actuals)": WritePath(
        effects_path,
        {"effects": [effect(actual_yen=1_100_000)]},
        "effects.update",
        _with_effect,
        if_match=1,
    ),
    "effect-targets PUT": WritePath(
        lambda key: TARGETS,
        {"targets": [{"kind": None, "fiscal_year": None, "target_yen": 10**9, "label": "5年間"}]},
        "effect_targets.update",
    ),
}

# fmt: off
MATRIX: dict[str, tuple[int, ...]] = {
    #                                    anon alice-own alice-other carol dave erin mallory
    "indicators PUT (definitions)":      (401, 201,     403,        201,  403, 201, 404),
    "indicators PUT (targets)":          (401, 422,     403,        201,  403, 201, 404),
    "indicators PUT (changed target, no reason)": (401, 422, 403,  422,  403, 422, 404),
    "indicators PUT (changed target, reason)":    (401, 422, 403,  200,  403, 200, 404),
    "indicators PUT (actual of FY2024)": (401, 200,     403,        200,  403, 200, 404),
    "effects PUT (targets)":             (401, 422,     403,        201,  403, 201, 404),
    "effects PUT (actuals)":             (401, 200,     403,        200,  403, 200, 404),
    "effect-targets PUT":                (401, 403,     403,        200,  403, 200, 403),
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

    answer = client.put(write.path(key), write.body, if_match=write.if_match)

    assert answer.status == expected, answer.body
    new = events_since(since)
    if expected in (200, 201):
        assert [e.action for e in new] == [write.audit_action]
        assert new[0].actor_label == user
    else:
        assert_refused_or_silent(new, expected, user, answer)
    if expected == 422:  # the field, or the reason the plan office must give, is named
        assert set(answer.body["problems"]) <= {
            "indicators[0].targets.2024",
            "indicators[0].targets.2025",
            "indicators[0].baseline.value",
            "indicators[0].baseline.fy",
            "indicators[0].final_target.value",
            "indicators[0].final_target.fy",
            "effects[0].target_yen",
            "reason",
        }, answer.body
