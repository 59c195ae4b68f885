"""GET and PUT /api/v1/plans/{slug}/nodes/{key}/progress/{fy}."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.api_client import close_round, progress_path, set_state
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import State


def test_it_returns_a_report_with_its_etag(world: World, api: Any) -> None:
    answer = api("alice").get(progress_path())
    assert answer.status == 200
    assert answer.headers["ETag"] == '"1"'
    body = answer.body
    assert (body["key"], body["fiscal_year"], body["state"], body["version"]) == (
        "1-1",
        2024,
        "draft",
        1,
    )
    assert body["fiscal_year_label"] == "2024年度（令和6年度）"
    for field in ("result_text", "issues_text", "next_plan_text", "direction", "committee_opinion"):
        assert body[field] == ""
    assert body["ratings"] == {} and body["transitions"] == []


def test_it_shows_another_departments_report_to_internal_readers(world: World, api: Any) -> None:
    assert api("alice").get(progress_path("2")).status == 200
    assert api("dave").get(progress_path("2")).status == 200


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_it_hides_unpublished_reports_from_outsiders(
    world: World, api: Any, caller: str | None
) -> None:
    answer = api(caller).get(progress_path())
    assert answer.status == 404
    assert "ありません" in answer.body["detail"]


@pytest.mark.parametrize("caller", [None, "mallory"])
def test_it_shows_published_reports_to_outsiders_without_the_workflow(
    world: World, api: Any, caller: str | None
) -> None:
    api("carol").put(progress_path(), {"result_text": "公表する実績"}, if_match=1)
    set_state(world.report("1-1"), State.PUBLISHED)
    answer = api(caller).get(progress_path())
    assert answer.status == 200
    assert answer.body["result_text"] == "公表する実績"
    assert answer.body["transitions"] == []


@pytest.mark.parametrize(
    "path", [progress_path("9"), progress_path("1-1", 2030), progress_path("1")]
)
def test_it_answers_404_for_reports_that_do_not_exist(world: World, api: Any, path: str) -> None:
    assert api("carol").get(path).status == 404


def test_it_writes_only_the_fields_sent(world: World, api: Any) -> None:
    alice = api("alice")
    alice.put(progress_path(), {"result_text": "実績", "issues_text": "課題"}, if_match=1)
    answer = alice.put(
        progress_path(),
        {"direction": "expand", "ratings": {"status": "in_progress", "achievement": "A"}},
        if_match=2,
    )
    assert answer.status == 200
    assert answer.headers["ETag"] == '"3"'
    body = answer.body
    assert (body["result_text"], body["issues_text"], body["direction"]) == (
        "実績",
        "課題",
        "expand",
    )
    assert body["ratings"] == {"status": "in_progress", "achievement": "A"}
    event = AuditEvent.objects.filter(action="progress.update").order_by("-id").first()
    assert event is not None and event.target == "1-1/2024" and event.actor_label == "alice"
    assert event.changes["direction"] == ["", "expand"]


def test_it_takes_the_not_rated_value(world: World, api: Any) -> None:
    answer = api("alice").put(progress_path(), {"ratings": {"achievement": "na"}}, if_match=1)
    assert answer.status == 200 and answer.body["ratings"] == {"achievement": "na"}


def test_it_requires_if_match(world: World, api: Any) -> None:
    answer = api("alice").put(progress_path(), {"result_text": "x"})
    assert answer.status == 428
    assert "If-Match" in answer.body["detail"]
    assert world.report("1-1").version == 1


def test_it_rejects_an_if_match_that_is_not_an_etag(world: World, api: Any) -> None:
    answer = api("alice").put(progress_path(), {"result_text": "x"}, if_match="version one")
    assert answer.status == 400
    assert world.report("1-1").version == 1


def test_it_accepts_a_weak_etag(world: World, api: Any) -> None:
    assert api("alice").put(progress_path(), {"result_text": "x"}, if_match='W/"1"').status == 200


def test_it_refuses_a_stale_write_and_says_what_changed(world: World, api: Any) -> None:
    alice = api("alice")
    alice.put(progress_path(), {"result_text": "先に保存"}, if_match=1)
    answer = alice.put(progress_path(), {"issues_text": "後から"}, if_match=1)
    assert answer.status == 412
    assert answer.headers["ETag"] == '"2"'
    assert answer.body["current_version"] == 2
    assert answer.body["changed"] == {"result_text": ["", "先に保存"]}
    assert answer.body["current"]["result_text"] == "先に保存"
    assert world.report("1-1").issues_text == ""


def test_two_people_saving_the_same_report_lose_nothing(world: World, api: Any) -> None:
    alice, carol = api("alice"), api("carol")
    version = int(alice.get(progress_path()).headers["ETag"].strip('"'))
    assert carol.get(progress_path()).headers["ETag"] == f'"{version}"'

    first = alice.put(progress_path(), {"result_text": "アリスの実績"}, if_match=version)
    second = carol.put(progress_path(), {"result_text": "キャロルの実績"}, if_match=version)

    assert first.status == 200 and second.status == 412
    assert second.body["changed"]["result_text"] == ["", "アリスの実績"]
    assert world.report("1-1").result_text == "アリスの実績"
    # Carol reads again, keeps Alice's text and adds hers.
    again = carol.put(
        progress_path(),
        {"result_text": "アリスの実績\nキャロルの補足"},
        if_match=second.body["current_version"],
    )
    assert again.status == 200
    assert world.report("1-1").result_text == "アリスの実績\nキャロルの補足"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"direction": "someday"}, "direction"),
        ({"ratings": {"status": "finished"}}, "ratings.status"),
        ({"ratings": {"colour": "red"}}, "ratings.colour"),
        ({"ratings": {"status": 3}}, "ratings.status"),
        ({"ratings": ["done"]}, "ratings"),
        ({"result_text": None}, "result_text"),
        ({"result_text": "あ" * 10_001}, "result_text"),
        ({"result_txt": "typo"}, "result_txt"),
        ({"state": "published"}, "state"),
    ],
)
def test_it_names_the_field_of_bad_input_and_changes_nothing(
    world: World, api: Any, body: dict[str, Any], field: str
) -> None:
    answer = api("alice").put(progress_path(), body, if_match=1)
    assert answer.status == 422
    assert field in answer.body["problems"], answer.body
    assert field in answer.body["detail"]
    assert world.report("1-1").version == 1


def test_it_lets_only_the_plan_office_write_the_committee_opinion(world: World, api: Any) -> None:
    refused = api("alice").put(progress_path(), {"committee_opinion": "良い"}, if_match=1)
    assert refused.status == 403
    set_state(world.report("1-1"), State.SUBMITTED)  # an opinion may follow the submission
    answer = api("carol").put(progress_path(), {"committee_opinion": "良い"}, if_match=1)
    assert answer.status == 200 and answer.body["committee_opinion"] == "良い"


def test_it_answers_409_with_the_reason_when_the_report_is_not_editable(
    world: World, api: Any
) -> None:
    set_state(world.report("1-1"), State.SUBMITTED)
    answer = api("alice").put(progress_path(), {"result_text": "x"}, if_match=1)
    assert answer.status == 409
    assert "提出済" in answer.body["detail"]


def test_it_answers_409_when_the_round_is_closed(world: World, api: Any) -> None:
    close_round(world.round)
    answer = api("alice").put(progress_path(), {"result_text": "x"}, if_match=1)
    assert answer.status == 409
    assert "締め切られて" in answer.body["detail"]
