"""measures/rules.py: a year's actuals follow that year's report."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.lib.errors import Conflict, Hidden, Reason, Refused
from gyokaku.measures.rules import can_write_actuals
from gyokaku.tracking.models import State

pytestmark = pytest.mark.django_db


def _says(reason: Reason | None, error: type[Exception], message: str) -> None:
    assert reason == message
    assert reason is not None and reason.error is error


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_actuals_may_be_written_while_the_years_report_may_be(world: Any, who: str) -> None:
    assert can_write_actuals(world.actor(who), world.node("1-1"), 2024) is None


def test_actuals_refuse_with_a_reason(world: Any) -> None:
    node = world.node("1-1")
    _says(
        can_write_actuals(world.actor("alice"), node, 2025),
        Conflict,
        "2025年度の進捗調査が開始されていないため、実績は入力できません",
    )
    _says(
        can_write_actuals(world.actor("mallory"), node, 2025),
        Hidden,
        "この取組方策の情報はありません",
    )
    _says(can_write_actuals(world.actor("mallory"), node, 2024), Hidden, "この取組状況はありません")
    _says(
        can_write_actuals(world.actor("dave"), node, 2024),
        Refused,
        "閲覧者は取組状況を編集できません",
    )
    _says(
        can_write_actuals(world.actor("bob"), node, 2024),
        Refused,
        "担当していない所管課の取組は編集できません",
    )
    report = world.report("1-1")
    report.state = State.APPROVED
    report.save()
    _says(
        can_write_actuals(world.actor("alice"), node, 2024),
        Conflict,
        "「承認済」の取組状況は編集できません（下書き・差戻しのときだけ編集できます）",
    )
