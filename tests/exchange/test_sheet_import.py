"""sheet_parse and sheet_apply: what an upload changes, and only that."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.support.api_client import set_state
from tests.support.sheets import add_measures, export_book, parse, put, snapshot
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.exchange.sheets import sheet_apply
from gyokaku.lib.errors import Conflict, Stale
from gyokaku.measures.models import EffectYear, FiscalEffect, IndicatorActual, IndicatorSheet
from gyokaku.tracking.models import State, YearPlan
from gyokaku.tracking.services import progress_update


def test_an_export_read_back_unchanged_changes_nothing(world: World) -> None:
    add_measures(world)
    progress_update(
        report=world.report("1-1"),
        actor=world.actor("alice"),
        data={
            "result_text": "=1+1\n二行目",
            "ratings": {"achievement": "A"},
            "direction": "expand",
        },
        expected_version=1,
    )
    before = snapshot()
    sheet = parse(world, export_book(world))
    assert sheet.problems == [] and sheet.changes == []
    assert sheet_apply(sheet=sheet, actor=world.actor("carol")) == []
    assert snapshot() == before


def test_it_lists_exactly_the_edits_then_applies_them(world: World) -> None:
    add_measures(world)
    wb = export_book(world, actor="alice")
    put(wb, "1-1", "取組実績", "申請書の電子化を実施")
    put(wb, "1-1", "達成度", "A")
    put(wb, "1-1", "工程", "実施")
    put(wb, "1-2", "今後の方向性", "拡充")
    put(wb, "1-1", "実績（2024年度）", 42.5, sheet="指標")
    wb["財政効果"]["D2"] = 800_000
    wb["財政効果"].append(["1-2", "歳入確保", None, 5000, "広告収入"])  # an actual: no target
    sheet = parse(world, wb, actor="alice")
    assert sheet.problems == []
    changed = {(c.key, f.label, f.old, f.new) for c in sheet.changes for f in c.fields}
    assert ("1-1", "取組実績", "", "申請書の電子化を実施") in changed
    assert ("1-1", "達成度", "", "A") in changed
    assert ("1-1", "工程", "", "実施") in changed
    assert ("1-2", "今後の方向性", "", "拡充") in changed
    assert ("1-1", "指標「オンライン申請率」の実績", None, Decimal("42.5")) in changed
    assert len(changed) == 7  # the two effect lists above

    sheet_apply(sheet=sheet, actor=world.actor("alice"))
    report = world.report("1-1")
    assert report.result_text == "申請書の電子化を実施" and report.version == 2
    assert report.ratings == {"achievement": "A"}
    assert world.report("1-2").direction == "expand"
    assert YearPlan.objects.get(node=world.node("1-1"), fiscal_year=2024).stage == "implement"
    assert IndicatorActual.objects.get(fiscal_year=2024).value == Decimal("42.5")
    assert IndicatorSheet.objects.get(node=world.node("1-1")).version == 2
    assert FiscalEffect.objects.get(effect_year__node=world.node("1-1")).actual_yen == 800_000
    assert EffectYear.objects.get(node=world.node("1-2"), fiscal_year=2024).version == 1
    event = AuditEvent.objects.get(action="sheet.import")
    assert event.actor_label == "alice" and set(event.changes) == {"1-1", "1-2"}
    assert event.changes["1-1"]["result_text"] == ["", "申請書の電子化を実施"]
    assert AuditEvent.objects.filter(action="progress.update").count() == 2  # per record too

    assert FiscalEffect.objects.get(effect_year__node=world.node("1-2")).actual_yen == 5000
    again = parse(world, export_book(world, actor="alice"), actor="alice")
    assert again.changes == [] and again.problems == []

    # a department changing a target in the workbook is refused at its line; nothing changes
    wb = export_book(world, actor="alice")
    assert wb["財政効果"]["C1"].value.startswith("目標額")
    wb["財政効果"]["C2"] = 900_000
    before = snapshot()
    refused = parse(world, wb, actor="alice")
    assert [(p.where, p.message) for p in refused.problems] == [
        (
            "財政効果!A2",
            "財政効果（歳出削減）の2024年度（令和6年度）の目標額: 基準値・目標値は計画で定めた値"
            "のため、計画担当（行政経営課）だけが変更できます"
            "（所管課は「目標値の変更提案」から提案してください）",
        )
    ]
    with pytest.raises(Conflict):
        sheet_apply(sheet=refused, actor=world.actor("alice"))
    assert snapshot() == before


def test_a_stale_upload_is_refused_with_its_place(world: World) -> None:
    wb = export_book(world, actor="alice")
    progress_update(
        report=world.report("1-1"),
        actor=world.actor("carol"),
        data={"issues_text": "他の人の編集"},
        expected_version=1,
    )
    put(wb, "1-1", "取組実績", "古いブックからの記入")
    before = snapshot()
    sheet = parse(world, wb, actor="alice")
    assert [str(p) for p in sheet.problems] == [
        "進捗!A2: この取組状況は他の人が更新しました。変更点を確認してください"
    ]
    assert snapshot() == before


def test_apply_is_all_or_nothing_when_something_changed_meanwhile(world: World) -> None:
    wb = export_book(world, actor="alice")
    put(wb, "1-1", "取組実績", "一つ目")
    put(wb, "1-2", "取組実績", "二つ目")
    sheet = parse(world, wb, actor="alice")
    assert sheet.problems == []
    progress_update(
        report=world.report("1-2"),
        actor=world.actor("carol"),
        data={"issues_text": "割り込み"},
        expected_version=1,
    )
    before = snapshot()
    with pytest.raises(Stale):
        sheet_apply(sheet=sheet, actor=world.actor("alice"))
    assert snapshot() == before


def test_a_sheet_with_problems_cannot_be_applied(world: World) -> None:
    wb = export_book(world)
    put(wb, "1-1", "達成度", "E")
    sheet = parse(world, wb)
    with pytest.raises(Conflict):
        sheet_apply(sheet=sheet, actor=world.actor("carol"))


def test_a_year_plan_of_a_submitted_item_is_refused_to_its_department(world: World) -> None:
    """The year plan follows the year's report (tracking/rules.py): once submitted, only the
    plan office changes it, by file as on the page."""
    wb = export_book(world, actor="alice")
    set_state(world.report("1-1"), State.SUBMITTED)
    put(wb, "1-1", "年度計画", "提出後の書き換え")
    before = snapshot()
    sheet = parse(world, wb, actor="alice")
    assert len(sheet.problems) == 1
    assert "年度計画は編集できません" in str(sheet.problems[0])
    assert str(sheet.problems[0]).startswith("進捗!")  # it says where
    assert snapshot() == before
    by_office = parse(world, wb, actor="carol")
    assert by_office.problems == []
