"""tracking/rules.py: each rule answers None when allowed, else the reason (the message people
read and the error a service raises with it: Hidden 404, Refused 403, Conflict 409)."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.accounts.access import ANONYMOUS
from gyokaku.lib.errors import Conflict, Hidden, Reason, Refused
from gyokaku.tracking.models import State
from gyokaku.tracking.moves import MOVES
from gyokaku.tracking.rules import (
    can_edit_plan_data,
    can_edit_report,
    can_move,
    can_see_rounds,
    can_write_node,
)
from gyokaku.tracking.services import round_close

pytestmark = pytest.mark.django_db

TEXT = {"result_text"}


def _says(reason: Reason | None, error: type[Exception], message: str) -> None:
    assert reason == message
    assert reason is not None and reason.error is error


def _set_state(world: Any, key: str, state: str) -> Any:
    report = world.report(key)
    report.state = state
    report.save()
    return report


def _ids(world: Any, key: str) -> set[int]:
    return set(world.node(key).departments.values_list("pk", flat=True))


# ---- can_write_node ---------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "key"), [("alice", "1-1"), ("bob", "2"), ("carol", "2")])
def test_write_node_allows_the_departments_and_the_plan_office(
    world: Any, who: str, key: str
) -> None:
    assert can_write_node(world.actor(who), world.node(key), "年度計画") is None


def test_write_node_refuses_with_a_reason(world: Any) -> None:
    node = world.node("1-1")
    _says(
        can_write_node(world.actor("mallory"), node, "年度計画"),
        Hidden,
        "この取組方策の情報はありません",
    )
    _says(can_write_node(ANONYMOUS, node, "年度計画"), Hidden, "この取組方策の情報はありません")
    _says(
        can_write_node(world.actor("dave"), node, "年度計画"),
        Refused,
        "閲覧者は年度計画を編集できません",
    )
    _says(
        can_write_node(world.actor("bob"), node, "成果指標"),
        Refused,
        "担当していない所管課の取組は編集できません",
    )


# ---- can_edit_plan_data -----------------------------------------------------------------------


def test_plan_data_allows_the_department_while_a_round_is_open_and_the_office_always(
    world: Any,
) -> None:
    node = world.node("1-1")
    assert can_edit_plan_data(world.actor("alice"), node, "成果指標") is None
    round_close(round_=world.round, actor=world.actor("carol"))
    assert can_edit_plan_data(world.actor("carol"), node, "成果指標") is None
    _says(
        can_edit_plan_data(world.actor("alice"), node, "成果指標"),
        Conflict,
        "受付中の進捗調査がないため、成果指標は編集できません",
    )


def test_plan_data_belongs_to_tracked_nodes_and_to_who_may_write_the_node(world: Any) -> None:
    _says(
        can_edit_plan_data(world.actor("carol"), world.node("1"), "財政効果"),
        Conflict,
        f"「{world.node('1').title}」は報告単位ではない（下位の取組、または上位の取組の内訳として"
        "報告する）ため、財政効果は報告単位の取組ごとに記入します",
    )
    _says(
        can_edit_plan_data(world.actor("dave"), world.node("1-1"), "財政効果"),
        Refused,
        "閲覧者は財政効果を編集できません",
    )


# ---- can_edit_report --------------------------------------------------------------------------


def test_report_allows_its_department_and_the_office_the_committees_opinion(world: Any) -> None:
    report = world.report("1-1")
    assert can_edit_report(world.actor("alice"), report, _ids(world, "1-1"), TEXT) is None
    opinion = {"committee_opinion"}
    assert can_edit_report(world.actor("carol"), report, _ids(world, "1-1"), opinion) is None
    submitted = _set_state(world, "1-1", State.SUBMITTED)  # an opinion is not the report's text
    assert can_edit_report(world.actor("carol"), submitted, _ids(world, "1-1"), opinion) is None


def test_report_refuses_with_a_reason(world: Any) -> None:
    report, ids = world.report("1-1"), _ids(world, "1-1")
    _says(
        can_edit_report(world.actor("mallory"), report, ids, TEXT),
        Hidden,
        "この取組状況はありません",
    )
    _says(
        can_edit_report(world.actor("dave"), report, ids, TEXT),
        Refused,
        "閲覧者は取組状況を編集できません",
    )
    _says(
        can_edit_report(world.actor("alice"), report, ids, {"committee_opinion"}),
        Refused,
        "委員会意見は計画担当（行政経営課）だけが記入できます",
    )
    _says(
        can_edit_report(world.actor("bob"), report, ids, TEXT),
        Refused,
        "担当していない所管課の取組は編集できません",
    )
    submitted = _set_state(world, "1-1", State.SUBMITTED)
    _says(
        can_edit_report(world.actor("alice"), submitted, ids, TEXT),
        Conflict,
        "「提出済」の取組状況は編集できません（下書き・差戻しのときだけ編集できます）",
    )
    round_close(round_=world.round, actor=world.actor("carol"))
    _says(
        can_edit_report(world.actor("alice"), world.report("1-1"), ids, TEXT),
        Conflict,
        "2024年度の進捗調査は締め切られています",
    )


# ---- can_move ---------------------------------------------------------------------------------


def test_move_allows_what_the_table_allows(world: Any) -> None:
    report, ids = world.report("1-1"), _ids(world, "1-1")
    assert can_move(world.actor("alice"), report, MOVES["submit"], ids) is None
    approved = _set_state(world, "1-1", State.APPROVED)
    round_close(round_=world.round, actor=world.actor("carol"))
    approved.round.refresh_from_db()
    # publication may follow the end of the round
    assert can_move(world.actor("carol"), approved, MOVES["publish"], ids) is None


def test_move_refuses_with_a_reason(world: Any) -> None:
    report, ids = world.report("1-1"), _ids(world, "1-1")
    _says(
        can_move(world.actor("mallory"), report, MOVES["submit"], ids),
        Hidden,
        "この取組状況はありません",
    )
    _says(
        can_move(world.actor("alice"), report, MOVES["approve"], ids),
        Refused,
        "承認はシステム管理者・計画担当だけが行えます",
    )
    _says(
        can_move(world.actor("bob"), report, MOVES["submit"], ids),
        Refused,
        "担当していない所管課の取組は提出できません",
    )
    _says(
        can_move(world.actor("carol"), report, MOVES["approve"], ids),
        Conflict,
        "「下書き」の取組状況は承認できません（承認できるのは提出済のとき）",
    )
    round_close(round_=world.round, actor=world.actor("carol"))
    _says(
        can_move(world.actor("alice"), world.report("1-1"), MOVES["submit"], ids),
        Conflict,
        "2024年度の進捗調査は締め切られています",
    )


# ---- can_see_rounds ---------------------------------------------------------------------------


def test_rounds_are_the_municipalitys(world: Any) -> None:
    assert can_see_rounds(world.actor("dave"), world.plan) is None
    for actor in (world.actor("mallory"), ANONYMOUS):
        _says(
            can_see_rounds(actor, world.plan),
            Refused,
            "進捗調査の一覧はこの自治体の職員だけが見られます",
        )
