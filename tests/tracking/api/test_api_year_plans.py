"""GET and PUT /api/v1/plans/{slug}/nodes/{key}/year-plans/{fy} (version 0: not yet written)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import close_round, set_state, year_plan_path
from tests.support.world import World

from gyokaku.tracking.models import State, YearPlan


def test_it_answers_version_0_before_anybody_wrote_it(world: World, api: Any) -> None:
    answer = api("alice").get(year_plan_path())
    assert answer.status == 200
    assert answer.headers["ETag"] == '"0"'
    assert (answer.body["version"], answer.body["stage"], answer.body["text"]) == (0, "", "")


def test_it_creates_then_updates_a_year_plan(world: World, api: Any) -> None:
    alice = api("alice")
    created = alice.put(year_plan_path(), {"stage": "study", "text": "検討する"}, if_match=0)
    assert created.status == 201
    assert created.headers["ETag"] == '"1"'
    assert (created.body["stage"], created.body["stage_label"]) == ("study", "検討")
    updated = alice.put(year_plan_path(), {"stage": "implement"}, if_match=1)
    assert updated.status == 200
    assert (updated.body["stage"], updated.body["text"], updated.body["version"]) == (
        "implement",
        "検討する",
        2,
    )
    assert alice.get(year_plan_path()).headers["ETag"] == '"2"'


def test_it_refuses_a_second_create_and_shows_what_is_there(world: World, api: Any) -> None:
    api("alice").put(year_plan_path(), {"text": "アリスの計画"}, if_match=0)
    answer = api("carol").put(year_plan_path(), {"text": "キャロルの計画"}, if_match=0)
    assert answer.status == 412
    assert answer.body["current_version"] == 1
    assert answer.body["changed"]["text"] == ["", "アリスの計画"]
    assert answer.body["current"]["text"] == "アリスの計画"
    assert YearPlan.objects.get().text == "アリスの計画"


def test_it_refuses_a_stale_update(world: World, api: Any) -> None:
    alice = api("alice")
    alice.put(year_plan_path(), {"text": "一"}, if_match=0)
    alice.put(year_plan_path(), {"text": "二"}, if_match=1)
    answer = alice.put(year_plan_path(), {"text": "古い版から"}, if_match=1)
    assert answer.status == 412
    assert answer.body["changed"] == {"text": ["一", "二"]}


def test_it_requires_if_match(world: World, api: Any) -> None:
    assert api("alice").put(year_plan_path(), {"text": "x"}).status == 428
    assert not YearPlan.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [({"stage": "dreaming"}, "stage"), ({"text": ["a"]}, "text"), ({"phase": "x"}, "phase")],
)
def test_it_names_the_field_of_bad_input(
    world: World, api: Any, body: dict[str, Any], field: str
) -> None:
    answer = api("alice").put(year_plan_path(), body, if_match=0)
    assert answer.status == 422
    assert field in answer.body["problems"]
    assert not YearPlan.objects.exists()


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_it_answers_404_outside_the_plan_period(world: World, api: Any, method: str) -> None:
    answer = api("carol").call(method, year_plan_path("1-1", 2030), {"text": "x"}, if_match=0)
    assert answer.status == 404


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_it_shows_a_year_plan_to_outsiders_only_with_the_published_report(
    world: World, api: Any, caller: str | None
) -> None:
    api("alice").put(year_plan_path(), {"stage": "implement", "text": "実施"}, if_match=0)
    assert api(caller).get(year_plan_path()).status == 404
    set_state(world.report("1-1"), State.PUBLISHED)
    answer = api(caller).get(year_plan_path())
    assert answer.status == 200 and answer.body["text"] == "実施"


def test_editors_write_year_plans_only_while_a_round_is_open(world: World, api: Any) -> None:
    close_round(world.round)
    answer = api("alice").put(year_plan_path(), {"text": "x"}, if_match=0)
    assert answer.status == 409
    assert "受付中の進捗調査がない" in answer.body["detail"]
    assert api("carol").put(year_plan_path(), {"text": "x"}, if_match=0).status == 201
