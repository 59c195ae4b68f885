"""The 進捗 sheet as CSV: UTF-8 with BOM or CP932, CRLF, formula injection escaped."""

from __future__ import annotations

import pytest
from tests.exchange.conftest import snapshot
from tests.world import World

from gyokaku.exchange.columns import SheetPlan
from gyokaku.exchange.csv_io import csv_cell, csv_text
from gyokaku.exchange.sheets import sheet_apply, sheet_export_csv, sheet_parse
from gyokaku.lib.errors import Invalid
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
    assert lines[1].startswith("1-1,①,書かない窓口の導入,情報政策課,下書き")
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
