"""What the node endpoint adds for the yearly cycle: departments (PUT by the plan office), and
the year plans and progress the caller may see."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import PLAN, set_state, year_plan_path
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import State


def _departments(key: str) -> str:
    return f"{PLAN}/nodes/{key}/departments"


def test_it_assigns_departments(world: World, api: Any) -> None:
    answer = api("carol").put(_departments("1-1"), {"departments": ["shimin", "dx"]})
    assert answer.status == 200
    assert answer.body["departments"] == [
        {"code": "dx", "name": "情報政策課"},
        {"code": "shimin", "name": "市民課"},
    ]
    node = api(None).get(f"{PLAN}/nodes/1-1").body
    assert [d["code"] for d in node["departments"]] == ["dx", "shimin"]
    event = AuditEvent.objects.get(action="node.departments")
    assert event.changes == {"departments": [["dx"], ["dx", "shimin"]]}
    assert event.actor_label == "carol"


def test_it_clears_departments(world: World, api: Any) -> None:
    assert api("erin").put(_departments("2"), {"departments": []}).status == 200
    assert not world.node("2").departments.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"departments": ["dx", "zaisei"]}, "departments"),
        ({"departments": "dx"}, "departments"),
        ({}, "departments"),
    ],
)
def test_it_names_the_field_of_bad_input(
    world: World, api: Any, body: dict[str, Any], field: str
) -> None:
    answer = api("carol").put(_departments("1-1"), body)
    assert answer.status == 422
    assert field in answer.body["problems"]
    assert [d.code for d in world.node("1-1").departments.all()] == ["dx"]


def test_it_refuses_before_saying_which_codes_exist(world: World, api: Any) -> None:
    answer = api("alice").put(_departments("1-1"), {"departments": ["nope"]})
    assert answer.status == 403


def test_it_answers_404_for_an_unknown_node(world: World, api: Any) -> None:
    assert api("carol").put(_departments("9"), {"departments": []}).status == 404


def test_a_node_shows_internal_readers_every_year_plan_and_report(world: World, api: Any) -> None:
    api("alice").put(year_plan_path(), {"stage": "study"}, if_match=0)
    body = api("dave").get(f"{PLAN}/nodes/1-1").body
    assert [(y["fiscal_year"], y["stage"]) for y in body["year_plans"]] == [(2024, "study")]
    [report] = body["progress"]
    assert (report["fiscal_year"], report["state"]) == (2024, "draft")
    assert report["url"] == f"{PLAN}/nodes/1-1/progress/2024"


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_a_node_shows_outsiders_only_what_was_published(
    world: World, api: Any, caller: str | None
) -> None:
    api("alice").put(year_plan_path(), {"stage": "study"}, if_match=0)
    body = api(caller).get(f"{PLAN}/nodes/1-1").body
    assert body["year_plans"] == [] and body["progress"] == []
    set_state(world.report("1-1"), State.PUBLISHED)
    body = api(caller).get(f"{PLAN}/nodes/1-1").body
    assert [r["state"] for r in body["progress"]] == ["published"]
    assert [y["fiscal_year"] for y in body["year_plans"]] == [2024]


def test_it_lists_the_rating_scales_publicly(world: World, api: Any) -> None:
    answer = api(None).get(f"{PLAN}/rating-scales")
    assert answer.status == 200
    scales = {s["code"]: s for s in answer.body}
    assert [s["name"] for s in answer.body] == ["実施状況", "達成度"]
    achievement = [v["code"] for v in scales["achievement"]["values"]]
    assert achievement == ["S", "A", "B", "C", "na"]
    na = scales["achievement"]["values"][-1]
    assert (na["label"], na["not_rated"], na["on_track"]) == ("評価対象外", True, False)
    assert api(None).get("/api/v1/plans/nope/rating-scales").status == 404
