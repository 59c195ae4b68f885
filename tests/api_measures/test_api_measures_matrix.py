"""The permission matrix of the write paths of indicators, fiscal effects and plan targets.

Columns as in tests/api_tracking/test_api_matrix.py: anonymous; alice on her own department's
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
from tests.api_measures.conftest import TARGETS, effect, effects_path, indicator, indicators_path
from tests.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.services import effects_update, indicators_update

CALLERS = ("anonymous", "alice-own", "alice-other", "carol", "dave", "erin", "mallory")


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


PATHS: dict[str, WritePath] = {
    "indicators PUT (definitions)": WritePath(
        indicators_path, {"indicators": [indicator()]}, "indicators.update"
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
    "indicators PUT (actual of FY2024)": (401, 200,     403,        200,  403, 200, 404),
    "effects PUT (targets)":             (401, 201,     403,        201,  403, 201, 404),
    "effects PUT (actuals)":             (401, 200,     403,        200,  403, 200, 404),
    "effect-targets PUT":                (401, 403,     403,        200,  403, 200, 403),
}
# fmt: on

CELLS = [
    pytest.param(path, caller, expected, id=f"{path}-{caller}")
    for path, row in MATRIX.items()
    for caller, expected in zip(CALLERS, row, strict=True)
]


def test_it_covers_every_write_path_and_caller() -> None:
    assert set(MATRIX) == set(PATHS)
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


@pytest.mark.parametrize(("path_name", "caller", "expected"), CELLS)
def test_it_answers_each_cell_of_the_matrix(
    world: World, api: Any, path_name: str, caller: str, expected: int
) -> None:
    write = PATHS[path_name]
    key = "2" if caller == "alice-other" else "1-1"
    write.prepare(world, key)
    user = {"anonymous": None, "alice-own": "alice", "alice-other": "alice"}.get(caller, caller)
    client = api(user)  # logging in is audited too: count from here
    last = AuditEvent.objects.order_by("-id").first()

    answer = client.put(write.path(key), write.body, if_match=write.if_match)

    assert answer.status == expected, answer.body
    new = list(AuditEvent.objects.filter(id__gt=last.pk if last else 0).order_by("id"))
    actions = [e.action for e in new]
    if expected in (200, 201):
        assert actions == [write.audit_action]
        assert new[0].actor_label == user
    elif expected == 403:
        assert actions == ["access.refused"]
        assert new[0].actor_label == user
        assert answer.body["detail"]
    else:
        assert actions == []
