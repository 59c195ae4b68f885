"""GET and PUT /api/v1/plans/{slug}/nodes/{key}/indicators."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import close_round, indicator, indicators_path, set_state
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.models import IndicatorSheet
from gyokaku.tracking.models import State


def _create(api: Any, who: str = "carol", **fields: Any) -> Any:
    answer = api(who).put(indicators_path(), {"indicators": [indicator(**fields)]}, if_match=0)
    assert answer.status == 201, answer.body
    return answer


def test_it_answers_version_0_before_anything_is_written(world: World, api: Any) -> None:
    answer = api("dave").get(indicators_path())
    assert answer.status == 200
    assert answer.headers["ETag"] == '"0"'
    assert answer.body == {
        "plan": "test-2024-2028",
        "key": "1-1",
        "indicators": [],
        "version": 0,
        "updated_at": None,
    }


def test_it_creates_indicators_and_shows_the_achievement_per_year(world: World, api: Any) -> None:
    answer = _create(api, "carol", actuals={"2024": 130})
    assert answer.headers["ETag"] == '"1"'
    [item] = answer.body["indicators"]
    assert item["baseline"] == {"value": "40", "fy": 2023}
    assert item["final_target"] == {"value": "200", "fy": 2028}
    assert item["targets"] == {"2024": "100", "2025": "120.5"}
    assert item["actuals"] == {"2024": "130"}
    assert item["direction_label"] == "高いほどよい"
    assert sorted(item["achievement"]) == ["2024", "2025", "2026", "2027", "2028"]
    assert item["achievement"]["2024"] == {
        "rate": "1.5",  # (130 − 40) ÷ (100 − 40)
        "points": None,
        "percent": "150.0%",
        "formula": "(130 − 40) ÷ (100 − 40)",
        "achieved": True,
    }
    # a missing actual or target is said so, never 0
    assert item["achievement"]["2025"]["rate"] is None
    assert item["achievement"]["2025"]["achieved"] is None
    assert item["achievement"]["2025"]["formula"] == "実績値が未入力"
    assert item["achievement"]["2026"]["formula"] == "目標値が未設定"
    event = AuditEvent.objects.get(action="indicators.update")
    assert (event.actor_label, event.target, event.plan_slug) == ("carol", "1-1", "test-2024-2028")
    assert api("dave").get(indicators_path()).body["indicators"] == answer.body["indicators"]


def test_the_final_target_stands_for_its_year(world: World, api: Any) -> None:
    body = _create(
        api,
        baseline=None,
        final_target={"value": 80, "fy": 2024},
        targets={},
        actuals={"2024": 100},
    ).body
    result = body["indicators"][0]["achievement"]["2024"]
    assert (result["rate"], result["formula"], result["achieved"]) == ("1.25", "100 ÷ 80", True)


def test_lower_is_better_is_computed_the_other_way(world: World, api: Any) -> None:
    body = _create(
        api,
        name="窓口待ち時間",
        unit="分",
        direction="lower",
        baseline={"value": 30, "fy": 2023},
        targets={"2024": 20},
        actuals={"2024": "25"},
    ).body
    result = body["indicators"][0]["achievement"]["2024"]
    assert (result["rate"], result["achieved"]) == ("0.5", False)
    assert result["formula"] == "(30 − 25) ÷ (30 − 20)"


@pytest.mark.parametrize(
    ("formula", "rate", "points", "percent"),
    [
        ("auto", "2", None, "200.0%"),  # the default: improvement from the baseline
        ("improvement", "2", None, "200.0%"),
        ("ratio", "1.001", None, "100.1%"),
        ("points", None, "0.1", "+0.1ポイント"),
    ],
)
def test_the_collection_rate_example_follows_the_indicator_formula(
    world: World, api: Any, formula: str, rate: str | None, points: str | None, percent: str
) -> None:
    body = _create(
        api,
        name="市税収納率",
        unit="%",
        formula=formula,
        baseline={"value": "98.9", "fy": 2023},
        final_target=None,
        targets={"2024": "99.0"},
        actuals={"2024": "99.1"},
    ).body
    [item] = body["indicators"]
    assert item["formula"] == formula and item["formula_label"]
    result = item["achievement"]["2024"]
    assert (result["rate"], result["points"], result["percent"]) == (rate, points, percent)
    assert result["achieved"] is True
    got = api("carol").get(indicators_path()).body["indicators"][0]
    assert got["formula"] == formula


def test_a_get_can_be_sent_back_as_it_is(world: World, api: Any) -> None:
    _create(api)
    got = api("carol").get(indicators_path()).body
    again = api("carol").put(
        indicators_path(), {"indicators": got["indicators"], "version": 1}, if_match=1
    )
    assert again.status == 200
    assert again.body["version"] == 1  # nothing changed, nothing written
    assert AuditEvent.objects.filter(action="indicators.update").count() == 1


def test_it_replaces_the_whole_list_in_order(world: World, api: Any) -> None:
    _create(api)
    answer = api("carol").put(
        indicators_path(),
        {
            "indicators": [indicator(name="二つ目"), indicator(name="一つ目", targets={})],
            "reason": "指標を並べ替え、一つ目の年度目標を最終目標にまとめました",
        },
        if_match=1,
    )
    assert answer.status == 200 and answer.headers["ETag"] == '"2"'
    assert [i["name"] for i in answer.body["indicators"]] == ["二つ目", "一つ目"]
    assert answer.body["indicators"][1]["targets"] == {}


def test_it_requires_if_match(world: World, api: Any) -> None:
    answer = api("carol").put(indicators_path(), {"indicators": [indicator()]})
    assert answer.status == 428
    assert not IndicatorSheet.objects.exists()


def test_it_rejects_an_if_match_that_is_not_an_etag(world: World, api: Any) -> None:
    answer = api("carol").put(indicators_path(), {"indicators": []}, if_match="zero")
    assert answer.status == 400


def test_a_body_version_must_agree_with_if_match(world: World, api: Any) -> None:
    answer = api("carol").put(indicators_path(), {"indicators": [], "version": 3}, if_match=0)
    assert answer.status == 422 and "version" in answer.body["problems"]


def test_it_refuses_a_stale_write_and_shows_the_current_list(world: World, api: Any) -> None:
    _create(api)
    answer = api("alice").put(indicators_path(), {"indicators": []}, if_match=0)
    assert answer.status == 412
    assert answer.headers["ETag"] == '"1"'
    assert answer.body["current_version"] == 1
    assert answer.body["changed"] is None  # indicator lists keep no history
    assert [i["name"] for i in answer.body["current"]["indicators"]] == ["オンライン申請件数"]
    assert IndicatorSheet.objects.get().indicators.count() == 1


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([indicator(), indicator(targets={"2024": "abc"})], "indicators[1].targets.2024"),
        ([indicator(targets={"2030": 1})], "indicators[0].targets.2030"),
        ([indicator(targets={"next": 1})], "indicators[0].targets.next"),
        ([indicator(actuals={"2024": True})], "indicators[0].actuals.2024"),
        ([indicator(targets={"2024": "1.23456"})], "indicators[0].targets.2024"),
        ([indicator(name="")], "indicators[0].name"),
        ([{"unit": "件"}], "indicators[0].name"),
        ([indicator(direction="up")], "indicators[0].direction"),
        ([indicator(formula="percent")], "indicators[0].formula"),
        ([indicator(unit="あ" * 31)], "indicators[0].unit"),
        ([indicator(baseline={"value": "x", "fy": 2023})], "indicators[0].baseline.value"),
        ([indicator(baseline={"value": 1, "fy": 99999})], "indicators[0].baseline.fy"),
        ([indicator(nmae="typo")], "indicators[0].nmae"),
        ("none", "indicators"),
    ],
)
def test_it_names_the_field_of_bad_input_and_changes_nothing(
    world: World, api: Any, items: Any, field: str
) -> None:
    answer = api("carol").put(indicators_path(), {"indicators": items}, if_match=0)
    assert answer.status == 422
    assert field in answer.body["problems"], answer.body
    assert field in answer.body["detail"]
    assert not IndicatorSheet.objects.exists()


def test_an_editor_enters_actuals_only_while_the_report_is_editable(world: World, api: Any) -> None:
    _create(api)
    body = {"indicators": [indicator(actuals={"2024": 90})]}
    set_state(world.report("1-1"), State.SUBMITTED)
    refused = api("alice").put(indicators_path(), body, if_match=1)
    assert refused.status == 409 and "提出済" in refused.body["detail"]
    set_state(world.report("1-1"), State.RETURNED)
    assert api("alice").put(indicators_path(), body, if_match=1).status == 200


def test_an_editor_defines_indicators_only_while_a_round_is_open(world: World, api: Any) -> None:
    close_round(world.round)
    undefined = indicator(baseline={}, final_target={}, targets={})  # targets: the plan office's
    answer = api("alice").put(indicators_path(), {"indicators": [undefined]}, if_match=0)
    assert answer.status == 409 and "受付中の進捗調査" in answer.body["detail"]
    assert _create(api, "carol").status == 201  # the plan office may at any time


def test_a_parent_node_has_no_indicators_of_its_own(world: World, api: Any) -> None:
    assert api("carol").get(indicators_path("1")).body["indicators"] == []
    answer = api("carol").put(indicators_path("1"), {"indicators": [indicator()]}, if_match=0)
    assert answer.status == 409


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_outsiders_see_targets_and_only_published_actuals(
    world: World, api: Any, caller: str | None
) -> None:
    _create(api, actuals={"2024": 130})
    [item] = api(caller).get(indicators_path()).body["indicators"]
    assert item["targets"] == {"2024": "100", "2025": "120.5"}
    assert item["actuals"] == {}
    assert item["achievement"]["2024"]["rate"] is None
    set_state(world.report("1-1"), State.PUBLISHED)
    [item] = api(caller).get(indicators_path()).body["indicators"]
    assert item["actuals"] == {"2024": "130"}
    assert item["achievement"]["2024"]["achieved"] is True


@pytest.mark.parametrize(
    "path",
    [
        indicators_path("9"),
        indicators_path(plan="/api/v1/plans/nope"),
    ],
)
def test_it_answers_404_for_what_does_not_exist(world: World, api: Any, path: str) -> None:
    assert api(None).get(path).status == 404
    assert api("carol").put(path, {"indicators": []}, if_match=0).status == 404
