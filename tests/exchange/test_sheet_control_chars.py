"""Control characters in an uploaded workbook or CSV are refused at their cell or line, and
nothing is written; tab and newlines stay in text cells (issue 18)."""

from __future__ import annotations

import pytest
from tests.support.sheets import (
    CsvFile,
    add_measures,
    export_book,
    export_csv,
    parse,
    put,
    snapshot,
)
from tests.support.world import World

from gyokaku.exchange.sheets import sheet_apply, sheet_parse

pytestmark = pytest.mark.django_db


def _problems(world: World, content: object, name: str) -> list[str]:
    before = snapshot()
    if isinstance(content, bytes):
        sheet = sheet_parse(content=content, filename=name, actor=world.actor("carol"))
    else:
        sheet = parse(world, content, actor="carol", name=name)  # type: ignore[arg-type]
    assert snapshot() == before
    return [str(p) for p in sheet.problems]


# openpyxl cannot write the C0 controls; XML parsers refuse U+FFFE (the file is unreadable)
@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9f"])
def test_a_workbook_cell_is_refused_at_its_place(world: World, char: str) -> None:
    add_measures(world)
    wb = export_book(world)
    text = put(wb, "1-1", "取組実績", f"前{char}後")
    note = put(wb, "1-1", "算出方法", f"算{char}出", sheet="財政効果")
    found = _problems(world, wb, "s.xlsx")
    code = f"U+{ord(char):04X}"
    assert found == [
        f"{text}: 使えない文字（制御文字 {code}）が含まれています（2 文字目）",
        f"{note}: 使えない文字（制御文字 {code}）が含まれています（2 文字目）",
    ]


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f"])
def test_a_csv_cell_is_refused_at_its_line(world: World, char: str) -> None:
    add_measures(world)
    progress = CsvFile(export_csv(world, "進捗"))
    place = progress.put("1-1", "取組実績", f"前{char}後")
    assert _problems(world, progress.bytes(), "記入.csv") == [
        f"{place}: 使えない文字（{'NUL' if char == chr(0) else '制御文字'} U+{ord(char):04X}）"
        "が含まれています（2 文字目）"
    ]
    assert place == "line 2, 取組実績"
    effects = CsvFile(export_csv(world, "財政効果"))
    note = effects.put("1-1", "算出方法", f"算出{char}")
    [problem] = _problems(world, effects.bytes(), "記入.csv")
    assert problem.startswith(f"{note}: 使えない文字")


def test_tab_and_newlines_stay_in_a_text_cell(world: World) -> None:
    wb = export_book(world)
    put(wb, "1-1", "取組実績", "一行目\n二行目\tタブ")
    sheet = parse(world, wb, actor="carol", name="s.xlsx")
    assert sheet.problems == []
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert world.report("1-1").result_text == "一行目\n二行目\tタブ"
