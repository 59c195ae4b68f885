"""GET and PUT /api/v1/plans/{slug}/effect-targets: plan-level targets (plan office)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import TARGETS
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.measures.models import PlanTarget

FIVE_YEARS = {"kind": None, "fiscal_year": None, "target_yen": 5_000_000_000, "label": "5年間"}
REVENUE_2024 = {"kind": "revenue", "fiscal_year": 2024, "target_yen": 300_000_000, "label": ""}


def test_it_shows_the_targets_to_everybody(world: World, api: Any) -> None:
    answer = api(None).get(TARGETS)
    assert answer.status == 200 and answer.headers["ETag"] == '"0"'
    assert answer.body == {"plan": "test-2024-2028", "targets": [], "version": 0}


def test_the_plan_office_sets_the_targets(world: World, api: Any) -> None:
    answer = api("carol").put(TARGETS, {"targets": [REVENUE_2024, FIVE_YEARS]}, if_match=0)
    assert answer.status == 200, answer.body
    assert answer.body["targets"] == [FIVE_YEARS, REVENUE_2024]  # period-wide first
    version = answer.body["version"]
    assert version > 0 and answer.headers["ETag"] == f'"{version}"'
    assert api(None).get(TARGETS).body == answer.body
    event = AuditEvent.objects.get(action="effect_targets.update")
    assert event.actor_label == "carol" and event.changes["targets"][0] == []


def test_a_stale_write_is_refused(world: World, api: Any) -> None:
    first = api("carol").put(TARGETS, {"targets": [FIVE_YEARS]}, if_match=0)
    answer = api("erin").put(TARGETS, {"targets": [REVENUE_2024]}, if_match=0)
    assert answer.status == 412
    assert answer.body["current_version"] == first.body["version"]
    assert answer.body["current"]["targets"] == [FIVE_YEARS]
    assert PlanTarget.objects.count() == 1
    # the version names the content: writing it back unchanged keeps it
    same = api("erin").put(TARGETS, {"targets": [FIVE_YEARS]}, if_match=first.body["version"])
    assert same.status == 200 and same.body["version"] == first.body["version"]


def test_it_requires_if_match(world: World, api: Any) -> None:
    assert api("carol").put(TARGETS, {"targets": [FIVE_YEARS]}).status == 428


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([{**FIVE_YEARS, "kind": "tax"}], "targets[0].kind"),
        ([{**FIVE_YEARS, "fiscal_year": 2030}], "targets[0].fiscal_year"),
        ([{**FIVE_YEARS, "fiscal_year": "2024"}], "targets[0].fiscal_year"),
        ([{**FIVE_YEARS, "target_yen": None}], "targets[0].target_yen"),
        ([{**FIVE_YEARS, "target_yen": 10**15}], "targets[0].target_yen"),
        ([{"kind": None}], "targets[0].target_yen"),
        ([{**FIVE_YEARS, "label": "あ" * 201}], "targets[0].label"),
        ([FIVE_YEARS, {**FIVE_YEARS, "label": "重複"}], "targets[1]"),
    ],
)
def test_it_names_the_field_of_bad_input(world: World, api: Any, items: Any, field: str) -> None:
    answer = api("carol").put(TARGETS, {"targets": items}, if_match=0)
    assert answer.status == 422
    assert field in answer.body["problems"], answer.body
    assert not PlanTarget.objects.exists()


def test_it_answers_404_for_an_unknown_plan(world: World, api: Any) -> None:
    assert api(None).get("/api/v1/plans/nope/effect-targets").status == 404
