"""The ranges of indicator values and fiscal effects through the API (issue 18 #1, #2): what is
accepted is stored and read back exactly and every page stays up; what is beyond is refused with
a 422 that names the field, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.api_client import (
    TARGETS,
    effect,
    effects_path,
    indicator,
    indicators_path,
    rollup_path,
)
from tests.support.every_read import public_urls, server_errors, staff_urls
from tests.support.world import World

from gyokaku.measures.limits import MAX_EFFECT_ROWS, MAX_YEN
from gyokaku.measures.models import EffectYear, IndicatorSheet, PlanTarget

SLUG = "test-2024-2028"
YEARS = [2024, 2025, 2026, 2027, 2028]


def no_server_errors(world: World) -> None:
    keys, years = ["1", "1-1", "2"], [2024, 2028]  # a parent and leaves; first and last year
    assert server_errors(Client(), public_urls(SLUG, keys, years)) == []
    staff = Client()
    staff.force_login(world.users["carol"])
    assert server_errors(staff, staff_urls(SLUG, keys, years)) == []


def test_values_at_the_limits_are_read_back_exactly(world: World, api: Any) -> None:
    item = indicator(
        baseline={"value": "-99999999999.9999", "fy": 2023},
        final_target={"value": "99999999999.9999", "fy": 2028},
        targets={"2024": "12345678901.2345", "2025": "0.0001", "2026": "-0.0001"},
        actuals={"2024": "99999999999.9999"},
    )
    answer = api("carol").put(indicators_path(), {"indicators": [item]}, if_match=0)
    assert answer.status == 201, answer.body
    for body in (answer.body, api("carol").get(indicators_path()).body):
        [read] = body["indicators"]
        assert read["baseline"]["value"] == "-99999999999.9999"
        assert read["final_target"]["value"] == "99999999999.9999"
        assert read["targets"] == {"2024": "12345678901.2345", "2025": "0.0001", "2026": "-0.0001"}
        assert read["actuals"] == {"2024": "99999999999.9999"}
    assert api("carol").get(rollup_path()).status == 200
    no_server_errors(world)


@pytest.mark.parametrize(
    "value",
    [
        "9999999999999999.9999",  # stored as 1e16 on SQLite, then unreadable
        "1234567890123.4567",  # read back as 1234567890123.46 on SQLite
        "100000000000",
        "-100000000000",
        "1E+11",
        "0.00001",
    ],
)
def test_values_beyond_the_limits_are_refused_naming_the_field(
    world: World, api: Any, value: str
) -> None:
    answer = api("alice").put(
        indicators_path(), {"indicators": [indicator(targets={"2024": value})]}, if_match=0
    )
    assert answer.status == 422, answer.body
    assert "indicators[0].targets.2024" in answer.body["problems"], answer.body
    assert not IndicatorSheet.objects.exists()


def test_the_most_effects_at_the_largest_amounts_add_up_exactly(world: World, api: Any) -> None:
    rows = [effect(target_yen=MAX_YEN, actual_yen=None, note="") for _ in range(MAX_EFFECT_ROWS)]
    for key in ("1-1", "1-2"):
        for fy in YEARS:
            answer = api("carol").put(effects_path(key, fy), {"effects": rows}, if_match=0)
            assert answer.status == 201, answer.body
    negative = [effect(target_yen=-MAX_YEN, actual_yen=-MAX_YEN)] * MAX_EFFECT_ROWS
    assert api("carol").put(effects_path("2"), {"effects": negative}, if_match=0).status == 201
    body = api("carol").get(rollup_path(2028)).body
    cumulative = body["plan"]["effects"]["cumulative"]
    assert cumulative["target_yen"] == (2 * 5 - 1) * MAX_EFFECT_ROWS * MAX_YEN
    no_server_errors(world)


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([effect()] * (MAX_EFFECT_ROWS + 1), "effects"),
        ([effect(target_yen=MAX_YEN + 1)], "effects[0].target_yen"),
        ([effect(), effect(actual_yen=-MAX_YEN - 1)], "effects[1].actual_yen"),
        ([effect(target_yen=999_999_999_999_999)], "effects[0].target_yen"),
    ],
)
def test_effects_beyond_the_limits_are_refused_naming_the_field(
    world: World, api: Any, items: Any, field: str
) -> None:
    answer = api("carol").put(effects_path(), {"effects": items}, if_match=0)
    assert answer.status == 422, answer.body
    assert field in answer.body["problems"], answer.body
    assert not EffectYear.objects.exists()


def test_plan_targets_are_held_to_the_same_amounts(world: World, api: Any) -> None:
    target = {"kind": None, "fiscal_year": None, "label": "5年間"}
    answer = api("carol").put(TARGETS, {"targets": [{**target, "target_yen": MAX_YEN}]}, if_match=0)
    assert answer.status == 200, answer.body
    version = answer.body["version"]
    too_much = {"targets": [{**target, "target_yen": -MAX_YEN - 1}]}
    answer = api("carol").put(TARGETS, too_much, if_match=version)
    assert answer.status == 422
    assert "targets[0].target_yen" in answer.body["problems"]
    assert PlanTarget.objects.get().target_yen == MAX_YEN


def test_the_openapi_document_declares_the_limits(world: World, api: Any) -> None:
    schemas = api(None).get("/api/v1/openapi.json").body["components"]["schemas"]
    effects = schemas["EffectsIn"]["properties"]["effects"]
    assert effects["maxItems"] == MAX_EFFECT_ROWS
    amount = next(
        s for s in schemas["EffectIn"]["properties"]["target_yen"]["anyOf"] if "maximum" in s
    )
    assert (amount["minimum"], amount["maximum"]) == (-MAX_YEN, MAX_YEN)
    assert "1兆円" in schemas["EffectTargetIn"]["properties"]["target_yen"]["description"]
    value = schemas["ValueAtYearIn"]["properties"]["value"]["anyOf"]
    assert any("99,999,999,999.9999" in str(s) for s in value), value
