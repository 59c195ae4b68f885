"""/api/v1/plans/{slug}/rounds/{fy}/publish: the preview (GET, a dry run) and publishing every
approved report of the year at once (POST). Who may call it: test_api_matrix.py."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import PLAN, set_state
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import State

pytestmark = pytest.mark.django_db
PATH = f"{PLAN}/rounds/2024/publish"


def test_the_preview_says_what_would_happen_and_changes_nothing(world: World, api: Any) -> None:
    set_state(world.report("1-1"), State.APPROVED)
    set_state(world.report("2"), State.SUBMITTED)
    answer = api("carol").get(PATH)
    assert answer.status == 200
    body = answer.body
    assert body["fiscal_year_label"] == "2024年度（令和6年度）"
    assert [i["key"] for i in body["to_publish"]] == ["1-1"]
    assert body["to_publish"][0] == {
        "key": "1-1",
        "code": "①",
        "title": "書かない窓口の導入",
        "state": "approved",
        "state_label": "承認済",
        "departments": ["情報政策課"],
    }
    assert [(i["key"], i["state"]) for i in body["missing"]] == [
        ("1-2", "draft"),
        ("2", "submitted"),
    ]
    assert body["now"]["published"] == 0 and body["after"] == {
        "fiscal_year": 2024,
        "tracked": 3,
        "published": 1,
        "complete": False,
        "statement": "令和6年度の実績：公表済 1 / 3 項目（一部公表）",
    }
    assert world.report("1-1").state == State.APPROVED


def test_the_post_publishes_the_approved_reports(world: World, api: Any) -> None:
    for key in ("1-1", "1-2", "2"):
        set_state(world.report(key), State.APPROVED)
    answer = api("carol").post(PATH)
    assert answer.status == 200
    assert [i["key"] for i in answer.body["published"]] == ["1-1", "1-2", "2"]
    assert answer.body["coverage"]["complete"] is True
    assert answer.body["coverage"]["statement"] == "令和6年度の実績：全項目公表済（3 項目）"
    assert AuditEvent.objects.filter(action="year.publish").count() == 1


def test_nothing_approved_is_a_conflict(world: World, api: Any) -> None:
    answer = api("carol").post(PATH)
    assert answer.status == 409
    assert "承認済" in answer.body["detail"]


@pytest.mark.parametrize(("caller", "status"), [(None, 401), ("alice", 403), ("mallory", 403)])
def test_the_preview_is_the_plan_offices(
    world: World, api: Any, caller: str | None, status: int
) -> None:
    assert api(caller).get(PATH).status == status


def test_a_year_without_a_round_is_not_found(world: World, api: Any) -> None:
    assert api("carol").get(f"{PLAN}/rounds/2026/publish").status == 404
    assert api("carol").post(f"{PLAN}/rounds/2026/publish").status == 404


@pytest.mark.parametrize("fy", ["99999999999999999999", "-1", "0"])
def test_a_year_past_any_range_is_no_500(world: World, api: Any, fy: str) -> None:
    assert api("carol").get(f"{PLAN}/rounds/{fy}/publish").status in (404, 422)
    assert api("carol").post(f"{PLAN}/rounds/{fy}/publish").status in (404, 422)
