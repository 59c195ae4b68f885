from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Conflict, Invalid, Refused
from gyokaku.tracking.models import ProgressReport, RatingScale
from gyokaku.tracking.services import round_close, round_open, round_reopen

pytestmark = pytest.mark.django_db


def test_opening_creates_a_draft_for_every_tracked_node(world: Any) -> None:
    round_ = round_open(
        plan=world.plan, fiscal_year=2025, actor=world.actor("carol"), deadline=dt.date(2026, 5, 31)
    )
    keys = sorted(ProgressReport.objects.filter(round=round_).values_list("node__key", flat=True))
    assert keys == ["1-1", "1-2", "2"]  # the leaves; pillar 1 is not tracked
    assert round_.deadline == dt.date(2026, 5, 31)
    assert AuditEvent.objects.filter(action="round.open", target="2025").exists()
    assert set(RatingScale.objects.filter(plan=world.plan).values_list("code", flat=True)) == {
        "status",
        "achievement",
    }


def test_opening_again_does_not_duplicate(world: Any) -> None:
    round_open(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    assert ProgressReport.objects.filter(round=world.round).count() == 3


@pytest.mark.parametrize("who", ["alice", "dave", "mallory"])
def test_only_the_plan_office_opens_rounds(world: Any, who: str) -> None:
    with pytest.raises(Refused):
        round_open(plan=world.plan, fiscal_year=2025, actor=world.actor(who))


def test_a_year_outside_the_period_is_refused(world: Any) -> None:
    with pytest.raises(Invalid) as info:
        round_open(plan=world.plan, fiscal_year=2030, actor=world.actor("carol"))
    assert "fiscal_year" in info.value.problems


def test_close_and_reopen_with_a_reason(world: Any) -> None:
    round_close(round_=world.round, actor=world.actor("carol"))
    with pytest.raises(Conflict):
        round_close(round_=world.round, actor=world.actor("carol"))
    with pytest.raises(Conflict, match="再開には理由"):
        round_open(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    with pytest.raises(Invalid):
        round_reopen(round_=world.round, actor=world.actor("carol"), reason=" ")
    round_reopen(round_=world.round, actor=world.actor("erin"), reason="提出漏れのため")
    assert world.round.is_open
    event = AuditEvent.objects.get(action="round.reopen")
    assert event.summary == "提出漏れのため" and event.actor == world.users["erin"]


def test_reopening_an_open_round_changes_only_a_new_deadline(world: Any) -> None:
    round_open(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"))
    assert not AuditEvent.objects.filter(action="round.update").exists()
    round_open(
        plan=world.plan, fiscal_year=2024, actor=world.actor("carol"), deadline=dt.date(2025, 6, 1)
    )
    assert AuditEvent.objects.get(action="round.update").changes == {
        "deadline": [None, "2025-06-01"]
    }
