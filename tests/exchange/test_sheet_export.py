"""sheet_export: the workbook a department downloads."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from tests.support.sheets import add_measures, export_book, parse
from tests.support.world import World

from gyokaku.exchange.sheets import sheet_export
from gyokaku.lib.errors import Hidden, Invalid
from gyokaku.tracking.services import progress_update


def test_it_writes_one_row_per_tracked_node_with_japanese_headers(world: World) -> None:
    wb = export_book(world)
    assert wb.sheetnames == ["進捗", "指標", "財政効果", "選択肢", "_versions"]
    ws = wb["進捗"]
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["キー", "番号", "取組名", "所管課", "状態"]
    assert "取組実績" in headers and "今後の方向性" in headers and "達成度" in headers
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == ["1-1", "1-2", "2"]
    assert ws.cell(2, 4).value == "情報政策課"


def test_it_restricts_to_departments(world: World) -> None:
    wb = export_book(world, department_codes=["shimin"])
    ws = wb["進捗"]
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == ["2"]


def test_it_refuses_an_unknown_department_and_other_municipalities(world: World) -> None:
    with pytest.raises(Invalid):
        export_book(world, department_codes=["nope"])
    with pytest.raises(Hidden):
        sheet_export(plan=world.plan, fiscal_year=2024, actor=world.actor("mallory"))


def test_it_protects_locks_and_prints(world: World) -> None:
    ws = export_book(world)["進捗"]
    assert ws.protection.sheet
    assert ws.freeze_panes == "D2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["C"].width > 20
    assert ws.cell(2, 3).protection.locked  # 取組名
    assert not ws.cell(2, 8).protection.locked  # 取組実績
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any("選択肢" in f for f in lists.values()) and len(lists) == 4  # 工程, 方向性, 2 axes


def test_it_hides_the_versions_very_well(world: World) -> None:
    versions = export_book(world)["_versions"]
    assert versions.sheet_state == "veryHidden"
    assert [c.value for c in versions[1]][:3] == ["gyokaku-sheet/1", "test-2024-2028", 2024]
    assert [c.value for c in versions[3]] == ["1-1", 1, 0, 0, 0]


def test_text_never_becomes_a_formula(world: World) -> None:
    report = world.report("1-1")
    progress_update(
        report=report,
        actor=world.actor("alice"),
        data={"result_text": '=HYPERLINK("http://evil")', "issues_text": "-5"},
        expected_version=1,
    )
    content = sheet_export(plan=world.plan, fiscal_year=2024, actor=world.actor("alice"))
    ws = load_workbook(io.BytesIO(content))["進捗"]
    assert ws["H2"].data_type == "s" and ws["H2"].value.startswith("=HYPERLINK")
    assert ws["I2"].value == "-5" and ws["I2"].data_type == "s"


def test_it_writes_indicators_and_effects_with_numbers_as_numbers(world: World) -> None:
    add_measures(world)
    wb = export_book(world)
    indicators = wb["指標"]
    assert [c.value for c in indicators[2]][:4] == ["1-1", "オンライン申請率", "%", 30]
    assert not indicators["E2"].protection.locked and indicators["D2"].protection.locked
    effects = wb["財政効果"]
    assert [c.value for c in effects[2]] == [
        "1-1",
        "歳出削減",
        1_000_000,
        None,
        "郵送費の削減",
        None,  # 目標額の変更理由
    ]
    assert not effects["A100"].protection.locked  # spare rows to add a line


def test_the_workbook_carries_the_items_sheets_for_reference_and_ignores_edits(
    world: World,
) -> None:
    from gyokaku.plans.models import ItemSheet

    ItemSheet.objects.create(
        node=world.node("1-1"), content="申請書の様式を見直す", goal="=オンライン化100%"
    )
    wb = export_book(world, actor="alice")
    ws = wb["個票"]
    assert ws.protection.sheet and "参照用" in ws["A1"].value
    header = [c.value for c in ws[2]]
    row = {h: c.value for h, c in zip(header, ws[3], strict=False)}
    assert (
        row["キー"] == "1-1" and row["番号"] == "1-①" and row["取組内容"] == "申請書の様式を見直す"
    )
    goal = ws.cell(3, header.index("目標") + 1)
    assert goal.value == "=オンライン化100%" and goal.data_type == "s"  # text, never a formula
    assert ws.max_row == 3  # only the items with a 個票
    ws["D3"] = "書き換え"
    sheet = parse(world, wb, actor="alice")
    assert sheet.problems == [] and sheet.changes == []
