"""gyokaku round open|close|reopen|list."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.support.commands import gyokaku, refused
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import ChainStep, ProgressReport, Round


def test_it_opens_a_round_with_a_deadline(world: World) -> None:
    out, _ = gyokaku("round", "open", "test-2024-2028", "2025", "--deadline", "2026-05-29")
    assert "受付中" in out and "2026-05-29" in out
    round_ = Round.objects.get(plan=world.plan, fiscal_year=2025)
    assert round_.is_open and round_.deadline == dt.date(2026, 5, 29)
    assert ProgressReport.objects.filter(round=round_, state="draft").count() == 3
    event = AuditEvent.objects.get(action="round.open", target="2025", plan_slug=world.plan.slug)
    assert event.actor_label.startswith("cli")


def test_opening_an_open_round_again_moves_its_deadline(world: World) -> None:
    gyokaku("round", "open", "test-2024-2028", "2024", "--deadline", "2025-06-30")
    assert Round.objects.get(pk=world.round.pk).deadline == dt.date(2025, 6, 30)
    assert ProgressReport.objects.filter(round=world.round).count() == 3


def test_it_closes_and_reopens_with_a_reason(world: World) -> None:
    out, _ = gyokaku("round", "close", "test-2024-2028", "2024")
    assert "締め切りました" in out
    assert not Round.objects.get(pk=world.round.pk).is_open
    out, _ = gyokaku("round", "reopen", "test-2024-2028", "2024", "--reason", "記入漏れの訂正")
    assert "再開しました" in out
    assert Round.objects.get(pk=world.round.pk).is_open
    event = AuditEvent.objects.get(action="round.reopen")
    assert event.summary == "記入漏れの訂正" and event.actor_label.startswith("cli")
    assert AuditEvent.objects.filter(action="round.close").exists()


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["open", "nope", "2025"], "SLUG"),
        (["open", "test-2024-2028", "2023"], "FY"),  # outside the plan's period
        (["open", "test-2024-2028", "R7"], "FY"),
        (["open", "test-2024-2028", "2025", "--deadline", "2026/05/29"], "--deadline"),
        (["close", "test-2024-2028", "2026"], "FY"),  # no such round
        (["reopen", "test-2024-2028", "2024", "--reason", "x"], "受付中"),  # not closed
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(
    world: World, args: list[str], names: str
) -> None:
    assert names in refused("round", *args)
    assert Round.objects.filter(plan=world.plan).count() == 1


def test_reopening_needs_a_reason(world: World) -> None:
    gyokaku("round", "close", "test-2024-2028", "2024")
    assert "--reason" in refused("round", "reopen", "test-2024-2028", "2024")
    assert "--reason" in refused("round", "reopen", "test-2024-2028", "2024", "--reason", "  ")
    assert not Round.objects.get(pk=world.round.pk).is_open


def test_closing_twice_is_refused(world: World) -> None:
    gyokaku("round", "close", "test-2024-2028", "2024")
    assert "締め切られています" in refused("round", "close", "test-2024-2028", "2024")


def test_it_lists_rounds_with_counts_by_state(world: World) -> None:
    from gyokaku.tracking.workflow import transition_apply

    transition_apply(report=world.report("1-1"), action="submit", actor=world.actor("alice"))
    out, _ = gyokaku("round", "list", "test-2024-2028")
    header, row = out.splitlines()
    assert header.split() == [
        "年度",
        "状態",
        "締切",
        "下書き",
        "提出済",
        "差戻し",
        "承認済",
        "公表済",
    ]
    assert row.split() == ["2024年度", "受付中", "-", "2", "1", "0", "0", "0"]


def test_it_says_when_there_are_no_rounds(world: World) -> None:
    Round.objects.filter(plan=world.plan).delete()
    out, _ = gyokaku("round", "list", "test-2024-2028")
    assert "ありません" in out


def test_it_sets_shows_and_clears_the_approval_chain(world: World) -> None:
    out, _ = gyokaku(
        "round", "chain", "test-2024-2028",
        "kacho:課長確認:chief", "bucho:部長確認:director", "gyokaku:行革担当確認:coordinator",
    )  # fmt: skip
    assert "課長確認" in out and "行革担当確認" in out
    assert list(ChainStep.objects.values_list("code", flat=True)) == ["kacho", "bucho", "gyokaku"]
    assert AuditEvent.objects.get(action="chain.set").actor_label.startswith("cli")
    out, _ = gyokaku("round", "chain", "test-2024-2028", "--clear")
    assert "承認ルートなし" in out and not ChainStep.objects.exists()


def test_it_refuses_a_chain_that_does_not_end_at_the_plan_office(world: World) -> None:
    message = refused("round", "chain", "test-2024-2028", "kacho:課長確認:chief")
    assert "最後の段階は計画担当" in message
    assert "コード:名称:役割" in refused("round", "chain", "test-2024-2028", "kacho-only")
    assert not ChainStep.objects.exists()
