"""What GET /api/v1/plans/{slug}/nodes/{key} shows of indicators and fiscal effects."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import (
    PLAN,
    effect,
    effects_path,
    indicator,
    indicators_path,
    set_state,
)
from tests.support.public_cache import STAMP_QUERY
from tests.support.world import World

from gyokaku.tracking.models import State


def _fill(api: Any, *, years: tuple[int, ...] = (2024,), indicators: int = 1) -> None:
    carol = api("carol")
    items = [indicator(name=f"指標{i}", actuals={"2024": 130}) for i in range(indicators)]
    assert carol.put(indicators_path(), {"indicators": items}, if_match=0).status == 201
    for fy in years:
        body = {"effects": [effect(actual_yen=5 if fy == 2024 else None), effect(kind="other")]}
        assert carol.put(effects_path(fy=fy), body, if_match=0).status == 201


def test_a_node_shows_its_indicators_and_effects(world: World, api: Any) -> None:
    _fill(api, years=(2024, 2025))
    body = api("dave").get(f"{PLAN}/nodes/1-1").body
    [item] = body["indicators"]
    assert item["name"] == "指標0" and item["actuals"] == {"2024": "130"}
    assert item["achievement"]["2024"]["percent"] == "150.0%"
    assert body["indicators_version"] == 1
    assert [(e["fiscal_year"], e["version"], len(e["effects"])) for e in body["effects"]] == [
        (2024, 1, 2),
        (2025, 1, 2),
    ]
    assert body["effects"][0]["url"] == effects_path(fy=2024)
    assert body["effects"][0]["effects"][0]["actual_yen"] == 5


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_a_node_shows_outsiders_only_published_actuals(
    world: World, api: Any, caller: str | None
) -> None:
    _fill(api)
    body = api(caller).get(f"{PLAN}/nodes/1-1").body
    assert body["indicators"][0]["targets"]["2024"] == "100"
    assert body["indicators"][0]["actuals"] == {}
    assert (
        body["effects"][0]["effects"][0] | {"actual_yen": None} == body["effects"][0]["effects"][0]
    )
    set_state(world.report("1-1"), State.PUBLISHED)
    body = api(caller).get(f"{PLAN}/nodes/1-1").body
    assert body["indicators"][0]["actuals"] == {"2024": "130"}
    assert body["effects"][0]["effects"][0]["actual_yen"] == 5


# the node's 更新日 and its corrections (訂正): two queries more (issue 12); its published
# committee opinions: one more (issue 14)
PUBLICATIONS = 3


@pytest.mark.parametrize(
    ("caller", "queries"), [(None, 13 + STAMP_QUERY + PUBLICATIONS), ("dave", 18 + PUBLICATIONS)]
)
def test_a_node_takes_constant_queries_however_much_it_holds(
    world: World, api: Any, caller: str | None, queries: int, django_assert_num_queries: Any
) -> None:
    # The node, its breadcrumb, level, departments, reports and year plans; then the published
    # years (outsiders), the sheet, indicators, targets, actuals, effect years and effects; the
    # item's 個票 (issue 13).
    # Nothing is published here, so outsiders skip year plans and actuals (no years to read);
    # A session adds itself, its user, profile and departments; an outsider's read first asks
    # for the data stamp of the public cache (STAMP_QUERY). Outsiders read the actuals of a
    # published year from its publication (the published years' query), not from the rows.
    client = api(caller)
    client.get(PLAN)  # a session's first request stamps it (a write): not counted
    _fill(api, years=(2024,), indicators=1)
    with django_assert_num_queries(queries):
        client.get(f"{PLAN}/nodes/1-1")
    carol = api("carol")
    items = [indicator(name=f"指標{i}", actuals={"2024": i}) for i in range(6)]
    assert carol.put(indicators_path(), {"indicators": items}, if_match=1).status == 200
    for fy in (2025, 2026, 2027):
        answer = carol.put(effects_path(fy=fy), {"effects": [effect()] * 3}, if_match=0)
        assert answer.status == 201
    with django_assert_num_queries(queries):
        body = client.get(f"{PLAN}/nodes/1-1").body
    assert len(body["indicators"]) == 6 and len(body["effects"]) == 4
