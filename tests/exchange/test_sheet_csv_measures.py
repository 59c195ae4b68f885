"""Indicator actuals and fiscal effects through their CSV files: edits are listed, then applied,
in UTF-8 with BOM and in CP932."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.support.sheets import CsvFile, add_measures, export_csv, problems, snapshot
from tests.support.world import World

from gyokaku.audit.models import AuditEvent
from gyokaku.exchange.columns import SheetPlan
from gyokaku.exchange.sheets import sheet_apply, sheet_parse
from gyokaku.measures.models import EffectYear, FiscalEffect, IndicatorActual, IndicatorSheet
from gyokaku.measures.services import effects_update

CODECS = {"utf-8": "utf-8-sig", "cp932": "cp932"}


def parse_csv(world: World, content: bytes, actor: str = "alice") -> SheetPlan:
    return sheet_parse(content=content, filename="記入.csv", actor=world.actor(actor))


def changed(sheet: SheetPlan) -> set[tuple[str, str, object, object]]:
    return {(c.key, f.label, f.old, f.new) for c in sheet.changes for f in c.fields}


def effects_of(world: World, key: str) -> list[tuple[str, int | None, int | None, str]]:
    return list(
        FiscalEffect.objects.filter(effect_year__node=world.node(key))
        .order_by("order")
        .values_list("kind", "target_yen", "actual_yen", "note")
    )


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_edited_indicator_actuals_are_applied(world: World, encoding: str) -> None:
    add_measures(world)
    codec = CODECS[encoding]
    file = CsvFile(export_csv(world, "指標", actor="alice", encoding=encoding), codec)
    file.put("1-1", "実績", "42.5")
    file.put("1-1", "実績", "-3", nth=1)  # a negative number, as a person types it
    content = file.bytes(codec)
    sheet = parse_csv(world, content)
    assert sheet.problems == []
    assert changed(sheet) == {
        ("1-1", "指標「オンライン申請率」の実績", None, Decimal("42.5")),
        ("1-1", "指標「窓口待ち時間」の実績", None, Decimal("-3")),
    }
    sheet_apply(sheet=sheet, actor=world.actor("alice"))
    actuals = IndicatorActual.objects.filter(fiscal_year=2024).order_by("indicator__order")
    assert [a.value for a in actuals] == [Decimal("42.5"), Decimal("-3")]
    assert IndicatorSheet.objects.get(node=world.node("1-1")).version == 2
    event = AuditEvent.objects.get(action="sheet.import")
    assert event.actor_label == "alice" and set(event.changes) == {"1-1"}
    assert AuditEvent.objects.filter(action="indicators.update").count() == 2  # set-up, upload

    # the same file again and a new download are no change (only what differs is checked)
    same = parse_csv(world, content)
    assert same.problems == [] and same.changes == []
    again = parse_csv(world, export_csv(world, "指標", actor="alice", encoding=encoding))
    assert again.problems == [] and again.changes == []


def test_an_actual_left_blank_is_removed(world: World) -> None:
    add_measures(world)
    file = CsvFile(export_csv(world, "指標"))
    file.put("1-1", "実績", "1,234")  # a thousands separator, as a spreadsheet may save it
    sheet_apply(sheet=parse_csv(world, file.bytes(), "carol"), actor=world.actor("carol"))
    assert IndicatorActual.objects.get().value == Decimal("1234")
    file = CsvFile(export_csv(world, "指標"))
    file.put("1-1", "実績", "")
    sheet = parse_csv(world, file.bytes(), "carol")
    assert changed(sheet) == {("1-1", "指標「オンライン申請率」の実績", Decimal("1234"), None)}
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert not IndicatorActual.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_edited_and_added_effect_lines_are_applied(world: World, encoding: str) -> None:
    add_measures(world)
    codec = CODECS[encoding]
    file = CsvFile(export_csv(world, "財政効果", actor="alice", encoding=encoding), codec)
    file.put("1-1", "実績額", "800000")
    file.put("1-1", "算出方法", "郵送費の削減（令和6年度決算）")
    # the line the export writes for 1-2, which has no effect yet, filled in (an actual only:
    # the targets are the plan office's)
    file.put("1-2", "区分", "歳入確保")
    file.put("1-2", "実績額", "5000")
    file.put("1-2", "算出方法", "'=広告収入")  # escaped: a text, not a formula
    # a second line for 1-1, typed in without the _ columns (they come from its other line)
    file.append({"キー": "1-1", "区分": "revenue", "実績額": "1,000", "算出方法": "手数料"})
    sheet = parse_csv(world, file.bytes(codec))
    assert sheet.problems == []
    assert changed(sheet) == {
        (
            "1-1",
            "財政効果（2024年度）",
            "歳出削減 目標 1,000,000円 実績 — 郵送費の削減",
            "歳出削減 目標 1,000,000円 実績 800,000円 郵送費の削減（令和6年度決算）\n"
            "歳入確保 目標 — 実績 1,000円 手数料",
        ),
        ("1-2", "財政効果（2024年度）", "", "歳入確保 目標 — 実績 5,000円 =広告収入"),
    }
    sheet_apply(sheet=sheet, actor=world.actor("alice"))
    assert effects_of(world, "1-1") == [
        ("expenditure", 1_000_000, 800_000, "郵送費の削減（令和6年度決算）"),
        ("revenue", None, 1_000, "手数料"),
    ]
    assert effects_of(world, "1-2") == [("revenue", None, 5000, "=広告収入")]
    assert EffectYear.objects.get(node=world.node("1-2"), fiscal_year=2024).version == 1
    assert set(AuditEvent.objects.get(action="sheet.import").changes) == {"1-1", "1-2"}
    again = parse_csv(world, export_csv(world, "財政効果", actor="alice", encoding=encoding))
    assert again.problems == [] and again.changes == []

    # a target in the file changed by the department is refused at its line; nothing changes
    file = CsvFile(export_csv(world, "財政効果", actor="alice", encoding=encoding), codec)
    file.put("1-1", "目標額", "900000")
    assert problems(world, file.bytes(codec)) == [
        f"line {file.line('1-1')}, キー: "
        "財政効果（歳出削減）の2024年度（令和6年度）の目標額: "
        "基準値・目標値は計画で定めた値のため、計画担当（行政経営課）だけが変更できます"
        "（所管課は「目標値の変更提案」から提案してください）"
    ]


def test_a_line_left_with_only_its_key_removes_the_items_effects(world: World) -> None:
    add_measures(world)
    effects_update(  # 1-2's line has an actual and no target: removing it changes no target
        node=world.node("1-2"),
        fiscal_year=2024,
        actor=world.actor("carol"),
        effects=[{"kind": "revenue", "actual_yen": 5000, "note": "広告収入"}],
        expected_version=0,
    )
    file = CsvFile(export_csv(world, "財政効果"))
    for header in ("区分", "目標額", "実績額", "算出方法"):
        file.put("1-2", header, "")
    sheet = parse_csv(world, file.bytes(), "carol")
    assert sheet.problems == [] and [c.key for c in sheet.changes] == ["1-2"]
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert effects_of(world, "1-2") == []

    # 1-1's line has an adopted target: the sheet has no reason to give, so it is refused
    file = CsvFile(export_csv(world, "財政効果"))
    for header in ("区分", "目標額", "実績額", "算出方法"):
        file.put("1-1", header, "")
    assert problems(world, file.bytes(), actor="carol") == [
        "財政効果（キー「1-1」）: 計画の策定後に目標値を変えるときは、変更の理由を入力してください"
        "（変更する値: 財政効果（歳出削減）の2024年度（令和6年度）の目標額）"
    ]
    assert effects_of(world, "1-1") == [("expenditure", 1_000_000, None, "郵送費の削減")]


def test_an_item_whose_lines_are_all_deleted_is_left_as_it_is(world: World) -> None:
    add_measures(world)
    file = CsvFile(export_csv(world, "財政効果"))
    file.remove("1-1")
    file.remove("2")
    sheet = parse_csv(world, file.bytes(), "carol")
    assert sheet.problems == [] and sheet.changes == []


def test_what_an_upload_of_one_sheet_leaves_alone(world: World) -> None:
    """A CSV of 指標 changes indicators only, however the other sheets were edited meanwhile."""
    add_measures(world)
    file = CsvFile(export_csv(world, "指標"))
    file.put("1-1", "実績", "7")
    before = snapshot()
    sheet = parse_csv(world, file.bytes(), "carol")
    assert snapshot() == before
    assert [op.record for op in sheet.ops] == ["indicators"]
