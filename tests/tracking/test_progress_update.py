from __future__ import annotations

from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Conflict, Hidden, Invalid, Refused, Stale
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import progress_update, round_close

pytestmark = pytest.mark.django_db


def _save(world: Any, who: str, key: str = "1-1", version: int = 1, **data: Any) -> ProgressReport:
    return progress_update(
        report=world.report(key), actor=world.actor(who), data=data, expected_version=version
    )


def test_it_saves_fields_and_bumps_the_version(world: Any) -> None:
    report = _save(
        world,
        "alice",
        result_text="窓口を3か所で導入",
        direction="expand",
        ratings={"status": "in_progress", "achievement": "A"},
    )
    assert report.version == 2 and report.updated_by == world.users["alice"]
    assert report.ratings == {"status": "in_progress", "achievement": "A"}
    event = AuditEvent.objects.get(action="progress.update")
    assert event.changes["result_text"] == ["", "窓口を3か所で導入"]
    assert event.actor == world.users["alice"] and event.target == "1-1/2024"


def test_saving_nothing_new_changes_nothing(world: Any) -> None:
    assert _save(world, "alice", result_text="").version == 1
    assert not AuditEvent.objects.filter(action="progress.update").exists()


def test_two_editors_saving_the_same_report_the_second_is_refused(world: Any) -> None:
    _save(world, "alice", result_text="先に保存した内容")
    with pytest.raises(Stale) as info:
        _save(world, "alice", result_text="古い版からの保存")
    assert info.value.current_version == 2
    assert world.report("1-1").result_text == "先に保存した内容"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"direction": "forever"}, "direction"),
        ({"ratings": {"achievement": "E"}}, "ratings.achievement"),
        ({"ratings": {"colour": "A"}}, "ratings.colour"),
        ({"ratings": "A"}, "ratings"),
        ({"result_text": 5}, "result_text"),
        ({"issues_text": "あ" * 10_001}, "issues_text"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    world: Any, data: dict[str, Any], field: str
) -> None:
    with pytest.raises(Invalid) as info:
        _save(world, "alice", **data)
    assert field in info.value.problems
    assert world.report("1-1").version == 1


def test_the_error_lists_the_choices(world: Any) -> None:
    with pytest.raises(Invalid) as info:
        _save(world, "alice", ratings={"achievement": "E"})
    assert info.value.problems["ratings.achievement"].startswith("評価「E」は選択肢にありません")
    assert "S（S）" in info.value.problems["ratings.achievement"]


def test_not_rated_is_a_real_value(world: Any) -> None:
    assert _save(world, "alice", ratings={"achievement": "na"}).ratings == {"achievement": "na"}


@pytest.mark.parametrize(
    ("who", "key", "error"),
    [
        ("alice", "2", Refused),  # another department's item
        ("dave", "1-1", Refused),  # viewers read only
        ("mallory", "1-1", Hidden),  # another municipality
    ],
)
def test_who_may_not_edit(world: Any, who: str, key: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        _save(world, who, key=key, result_text="x")


def test_the_plan_office_edits_on_behalf_and_writes_the_committee_opinion(world: Any) -> None:
    assert _save(world, "carol", result_text="代理入力").version == 2
    assert _save(world, "erin", version=2, committee_opinion="順調").committee_opinion == "順調"
    with pytest.raises(Refused, match="委員会意見"):
        _save(world, "alice", version=3, committee_opinion="自分で書く")


@pytest.mark.parametrize("state", ["submitted", "approved", "published"])
def test_editors_edit_only_draft_or_returned(world: Any, state: str) -> None:
    ProgressReport.objects.filter(pk=world.report("1-1").pk).update(state=state)
    with pytest.raises(Conflict, match="編集できません"):
        _save(world, "alice", result_text="x")


def test_the_committee_opinion_may_follow_approval(world: Any) -> None:
    ProgressReport.objects.filter(pk=world.report("1-1").pk).update(state="approved")
    assert _save(world, "carol", committee_opinion="評価する").version == 2


def test_a_closed_round_locks_its_reports(world: Any) -> None:
    round_close(round_=world.round, actor=world.actor("carol"))
    with pytest.raises(Conflict, match="締め切られています"):
        _save(world, "alice", result_text="x")


def test_history_keeps_every_version(world: Any) -> None:
    _save(world, "alice", result_text="一")
    _save(world, "alice", version=2, result_text="二")
    report = world.report("1-1")
    versions = list(report.history.order_by("history_date").values_list("version", flat=True))
    assert versions == [1, 2, 3]
    newest, previous = report.history.order_by("-history_date")[:2]
    delta = newest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "result_text"] == [
        ("result_text", "一", "二")
    ]
