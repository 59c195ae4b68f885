"""GET and PUT /api/v1/plans/{slug}/nodes/{key}/effects/{fy}."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import effect, effects_path, set_state
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.models import EffectYear, FiscalEffect
from gyokaku.tracking.models import State


def test_it_answers_version_0_before_anything_is_written(world: World, api: Any) -> None:
    answer = api("dave").get(effects_path())
    assert answer.status == 200 and answer.headers["ETag"] == '"0"'
    assert answer.body["effects"] == [] and answer.body["version"] == 0
    assert answer.body["fiscal_year_label"] == "2024年度（令和6年度）"


def test_it_creates_then_updates_the_effects_of_a_year(world: World, api: Any) -> None:
    created = api("carol").put(effects_path(), {"effects": [effect()], "version": 0}, if_match=0)
    assert created.status == 201 and created.headers["ETag"] == '"1"'
    assert created.body["effects"] == [
        {
            "kind": "revenue",
            "kind_label": "歳入確保",
            "target_yen": 1_000_000,
            "actual_yen": None,
            "note": "使用料改定による増収見込み",
        }
    ]
    updated = api("carol").put(
        effects_path(),
        {"effects": [effect(actual_yen=1_250_000), effect(kind="expenditure", target_yen=-5)]},
        if_match=1,
    )
    assert updated.status == 200 and updated.headers["ETag"] == '"2"'
    assert [(e["kind"], e["target_yen"], e["actual_yen"]) for e in updated.body["effects"]] == [
        ("revenue", 1_000_000, 1_250_000),
        ("expenditure", -5, None),
    ]
    events = AuditEvent.objects.filter(action="effects.update").order_by("id")
    assert [(e.actor_label, e.target) for e in events] == [("carol", "1-1/2024")] * 2
    assert events[1].changes["effects"][0][0]["actual_yen"] is None
    assert events[1].changes["effects"][1][0]["actual_yen"] == 1_250_000


def test_a_get_can_be_sent_back_as_it_is(world: World, api: Any) -> None:
    api("carol").put(effects_path(), {"effects": [effect()]}, if_match=0)
    got = api("carol").get(effects_path()).body
    again = api("carol").put(
        effects_path(), {"effects": got["effects"], "version": got["version"]}, if_match=1
    )
    assert again.status == 200 and again.body["version"] == 1


def test_it_requires_if_match(world: World, api: Any) -> None:
    assert api("carol").put(effects_path(), {"effects": [effect()]}).status == 428
    assert not EffectYear.objects.exists()


def test_two_people_saving_the_same_effects_lose_nothing(world: World, api: Any) -> None:
    alice, carol = api("alice"), api("carol")
    carol.put(effects_path(), {"effects": [effect()]}, if_match=0)
    version = int(alice.get(effects_path()).headers["ETag"].strip('"'))
    assert carol.get(effects_path()).headers["ETag"] == f'"{version}"'

    first = alice.put(effects_path(), {"effects": [effect(actual_yen=900_000)]}, if_match=version)
    second = carol.put(
        effects_path(), {"effects": [effect(target_yen=2_000_000)]}, if_match=version
    )

    assert first.status == 200 and second.status == 412
    assert second.headers["ETag"] == '"2"'
    assert second.body["current_version"] == 2
    assert second.body["current"]["effects"][0]["actual_yen"] == 900_000
    saved = FiscalEffect.objects.get()
    assert (saved.target_yen, saved.actual_yen) == (1_000_000, 900_000)
    # Carol reads again, keeps Alice's actual and sets her target.
    merged = effect(target_yen=2_000_000, actual_yen=900_000)
    body = {"effects": [merged], "reason": "使用料の改定額が確定したため"}
    again = carol.put(effects_path(), body, if_match=2)
    assert again.status == 200
    saved = FiscalEffect.objects.get()
    assert (saved.target_yen, saved.actual_yen) == (2_000_000, 900_000)


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([effect(kind="tax")], "effects[0].kind"),
        ([effect(), effect(kind=None)], "effects[1].kind"),
        ([effect(target_yen="1000")], "effects[0].target_yen"),
        ([effect(actual_yen=1.5)], "effects[0].actual_yen"),
        ([effect(actual_yen=10**15)], "effects[0].actual_yen"),
        ([effect(note="あ" * 2001)], "effects[0].note"),
        ([effect(colour="red")], "effects[0].colour"),
        ({"kind": "revenue"}, "effects"),
    ],
)
def test_it_names_the_field_of_bad_input_and_changes_nothing(
    world: World, api: Any, items: Any, field: str
) -> None:
    answer = api("carol").put(effects_path(), {"effects": items}, if_match=0)
    assert answer.status == 422
    assert field in answer.body["problems"], answer.body
    assert not EffectYear.objects.exists()


def test_actuals_follow_the_report_of_the_year(world: World, api: Any) -> None:
    api("carol").put(effects_path(), {"effects": [effect()]}, if_match=0)
    set_state(world.report("1-1"), State.APPROVED)
    answer = api("alice").put(effects_path(), {"effects": [effect(actual_yen=1)]}, if_match=1)
    assert answer.status == 409 and "承認済" in answer.body["detail"]
    # targets of a later year are plan data: the plan office's, no report needed
    later = api("carol").put(effects_path(fy=2026), {"effects": [effect()]}, if_match=0)
    assert later.status == 201
    no_round = api("alice").put(
        effects_path(fy=2026), {"effects": [effect(actual_yen=1)]}, if_match=1
    )
    assert no_round.status == 409 and "進捗調査が開始されていない" in no_round.body["detail"]


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_outsiders_see_targets_and_only_published_actuals(
    world: World, api: Any, caller: str | None
) -> None:
    api("carol").put(effects_path(), {"effects": [effect(actual_yen=1_200_000)]}, if_match=0)
    [line] = api(caller).get(effects_path()).body["effects"]
    assert (line["target_yen"], line["actual_yen"]) == (1_000_000, None)
    set_state(world.report("1-1"), State.PUBLISHED)
    [line] = api(caller).get(effects_path()).body["effects"]
    assert line["actual_yen"] == 1_200_000


@pytest.mark.parametrize(
    "path",
    [
        effects_path(fy=2030),
        effects_path(fy=2023),
        effects_path("9"),
        effects_path(plan="/api/v1/plans/nope"),
    ],
)
def test_it_answers_404_for_what_does_not_exist(world: World, api: Any, path: str) -> None:
    assert api(None).get(path).status == 404
    assert api("carol").put(path, {"effects": []}, if_match=0).status == 404
