"""Each sheet as CSV: UTF-8 with BOM or CP932, CRLF, formula injection escaped; a file read
back unchanged changes nothing, whichever sheet it holds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.support.sheets import CsvFile, add_measures, export_csv, snapshot
from tests.support.world import World

from gyokaku.exchange.columns import SheetPlan
from gyokaku.exchange.csv_io import csv_cell, csv_text, csv_value, formula_like
from gyokaku.exchange.sheets import sheet_apply, sheet_export_csv, sheet_parse
from gyokaku.exchange.xlsx_read import Formula
from gyokaku.lib.errors import Invalid
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.tracking.services import progress_update


def export(world: World, **kwargs: object) -> bytes:
    actor = world.actor("alice")
    return sheet_export_csv(plan=world.plan, fiscal_year=2024, actor=actor, **kwargs)  # type: ignore[arg-type]


def parse_csv(world: World, content: bytes) -> SheetPlan:
    return sheet_parse(content=content, filename="s.csv", actor=world.actor("alice"))


def test_it_writes_utf8_with_bom_crlf_and_versions_last(world: World) -> None:
    content = export(world)
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0].endswith("_plan,_fiscal_year,_version_report,_version_year_plan")
    assert lines[1].startswith("1-1,1-①,書かない窓口の導入,情報政策課,下書き")
    assert lines[1].endswith("test-2024-2028,2024,1,0")


def test_injection_is_escaped_but_numbers_stay_numbers() -> None:
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-5") == "'-5" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("\tx") == "'\tx" and csv_cell("'quoted") == "''quoted"
    assert csv_cell(-5) == "-5" and csv_cell(2024) == "2024"
    assert csv_cell("普通の文") == "普通の文"
    for text in ["=1+1", "-5", "'quoted", "普通の文", "+81"]:
        assert csv_text(csv_cell(text)) == text


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_round_trips_are_exact(world: World, encoding: str) -> None:
    progress_update(
        report=world.report("1-1"),
        actor=world.actor("alice"),
        data={
            "result_text": '=HYPERLINK("x")',
            "issues_text": "-5",
            "next_plan_text": "'引用\n二行",
        },
        expected_version=1,
    )
    content = export(world, encoding=encoding)
    if encoding == "cp932":
        assert not content.startswith(b"\xef\xbb\xbf")
        content.decode("cp932")
    assert b"'=HYPERLINK" in content and b"'-5" in content
    sheet = parse_csv(world, content)
    assert sheet.problems == [] and sheet.changes == []


def test_edits_in_a_cp932_file_are_applied(world: World) -> None:
    text = export(world, encoding="cp932").decode("cp932")
    text = text.replace(
        "書かない窓口の導入,情報政策課,下書き,,,",
        "書かない窓口の導入,情報政策課,下書き,実施,'=計画,",
        1,
    )
    sheet = parse_csv(world, text.encode("cp932"))
    assert sheet.problems == []
    changed = [(f.label, f.new) for c in sheet.changes for f in c.fields]
    assert changed == [("工程", "実施"), ("年度計画", "=計画")]
    sheet_apply(sheet=sheet, actor=world.actor("alice"))


def test_problems_in_a_csv_name_the_line_and_column(world: World) -> None:
    text = export(world).decode("utf-8-sig")
    lines = text.split("\r\n")
    lines[2] = lines[2].replace("下書き,,", "下書き,工事中,", 1)
    before = snapshot()
    sheet = parse_csv(world, "\r\n".join(lines).encode("utf-8-sig"))
    found = [str(p) for p in sheet.problems]
    assert found[0].startswith("line 3, 工程: 工程「工事中」は選択肢にありません")
    assert snapshot() == before


def test_characters_cp932_lacks_are_refused_not_replaced(world: World) -> None:
    progress_update(
        report=world.report("1-1"),
        actor=world.actor("alice"),
        data={"result_text": "🙂"},
        expected_version=1,
    )
    with pytest.raises(Invalid):
        export(world, encoding="cp932")


def tricky_values(world: World) -> None:
    """Texts that look like formulas or numbers, negative and fractional numbers, everywhere."""
    add_measures(world)
    carol = world.actor("carol")
    progress_update(
        report=world.report("1-1"),
        actor=carol,
        data={"result_text": "=1+1", "issues_text": "-5", "ratings": {"achievement": "A"}},
        expected_version=1,
    )
    indicators_update(
        node=world.node("1-1"),
        actor=carol,
        indicators=[
            {"name": "=率", "unit": "-", "targets": {2024: "30"}, "actuals": {2024: "-5"}},
            {"name": "窓口待ち時間", "unit": "分", "actuals": {2024: "12.3456"}},
        ],
        expected_version=1,
        reason="書式の確かめのため値を置き換えます",
    )
    effects_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=carol,
        effects=[
            {"kind": "expenditure", "target_yen": -5, "actual_yen": 0, "note": '=HYPERLINK("x")'},
            {"kind": "revenue", "target_yen": 1_000_000_000_000, "note": "@SUM(A1)"},
        ],
        expected_version=1,
        reason="書式の確かめのため値を置き換えます",
    )


@pytest.mark.parametrize("sheet", ["進捗", "指標", "財政効果"])
@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_each_sheet_read_back_unchanged_changes_nothing(
    world: World, sheet: str, encoding: str
) -> None:
    tricky_values(world)
    before = snapshot()
    content = export_csv(world, sheet, encoding=encoding)
    assert content.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8")
    parsed = sheet_parse(content=content, filename="s.csv", actor=world.actor("carol"))
    assert parsed.problems == [] and parsed.changes == []
    assert sheet_apply(sheet=parsed, actor=world.actor("carol")) == []
    assert snapshot() == before


def test_the_indicator_and_effect_files_escape_texts_but_not_numbers(world: World) -> None:
    tricky_values(world)
    indicators = CsvFile(export_csv(world, "indicators"))
    assert indicators.header == [
        "キー",
        "指標名",
        "単位",
        "目標（2024年度）",
        "実績（2024年度）",
        "_plan",
        "_fiscal_year",
        "_version_indicators",
    ]
    assert indicators.rows[1:] == [
        ["1-1", "'=率", "'-", "30", "-5", "test-2024-2028", "2024", "2"],
        ["1-1", "窓口待ち時間", "分", "", "12.3456", "test-2024-2028", "2024", "2"],
    ]
    effects = CsvFile(export_csv(world, "effects"))
    assert effects.header[-3:] == ["_plan", "_fiscal_year", "_version_effects"]
    assert effects.rows[1:] == [
        ["1-1", "歳出削減", "-5", "0", '\'=HYPERLINK("x")', "", "test-2024-2028", "2024", "2"],
        ["1-1", "歳入確保", "1000000000000", "", "'@SUM(A1)", "", "test-2024-2028", "2024", "2"],
        # an item without effects: one line with its key and versions, to write the first in
        ["1-2", "", "", "", "", "", "test-2024-2028", "2024", "0"],
        ["2", "", "", "", "", "", "test-2024-2028", "2024", "0"],
    ]


def test_an_editor_gets_their_departments_lines_of_each_sheet(world: World) -> None:
    add_measures(world)
    effects = CsvFile(export_csv(world, "財政効果", actor="alice", department_codes=["dx"]))
    assert [r[0] for r in effects.rows[1:]] == ["1-1", "1-2"]
    indicators = CsvFile(export_csv(world, "指標", department_codes=["shimin"]))
    assert indicators.rows[1:] == []  # 2 has no indicators: the header alone


def test_the_sheet_is_named_in_japanese_or_english_and_checked(world: World) -> None:
    assert export_csv(world, "effects") == export_csv(world, "財政効果")
    assert export_csv(world, "進捗") == export(world)  # progress stays the default
    with pytest.raises(Invalid) as caught:
        export_csv(world, "予算")
    assert "シート「予算」はありません" in caught.value.problems["sheet"]


def test_what_looks_like_a_formula_unless_escaped() -> None:
    for raw in [
        "=1+1",
        "+SUM(A1:A2)",
        '-HYPERLINK("x")',
        "@ IMPORTXML(a)",
        "\t=1",
        "-2+3+cmd|' /C calc'!A0",
    ]:
        assert formula_like(raw), raw
        assert isinstance(csv_value(raw), Formula)
        assert csv_value("'" + raw) == raw
    for raw in ["-5", "+81", "-", "- 箇条書き", "@市民課", "1,000", "目標=30", "'=1"]:
        assert not formula_like(raw), raw
    assert csv_cell(Decimal("30.0000")) == "30" and csv_cell(Decimal("-0.5000")) == "-0.5"
    assert csv_cell(Decimal("1E+3")) == "1000"
