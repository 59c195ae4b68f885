"""Every kind of problem in a CSV of any sheet is listed with its line and column, exactly as in
a workbook, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.support.sheets import CsvFile, add_measures, export_csv, problems
from tests.support.world import World

from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply


def measures(world: World) -> None:
    """add_measures, and an indicator for 2 (市民課) too."""
    add_measures(world)
    indicators_update(
        node=world.node("2"),
        actor=world.actor("carol"),
        indicators=[{"name": "意見の件数", "unit": "件"}],
        expected_version=0,
    )


# ---- the services' refusals, at the line that asked for the change ---------------------------

Edit = Callable[[CsvFile], None]


def _someone_updates(world: World, sheet: str) -> None:
    carol = world.actor("carol")
    if sheet == "進捗":
        progress_update(
            report=world.report("1-1"),
            actor=carol,
            data={"issues_text": "割り込み"},
            expected_version=1,
        )
    elif sheet == "指標":
        indicators_update(
            node=world.node("1-1"),
            actor=carol,
            indicators=[
                {"name": "オンライン申請率", "unit": "%", "targets": {2024: "30"}},
                {"name": "窓口待ち時間", "unit": "分", "direction": "lower"},
                {"name": "追加した指標", "unit": "件"},
            ],
            expected_version=1,
        )
    else:
        effects_update(  # the note only: the adopted target stays as it is
            node=world.node("1-1"),
            fiscal_year=2024,
            actor=carol,
            effects=[{"kind": "expenditure", "target_yen": 1_000_000, "note": "割り込み"}],
            expected_version=1,
        )


EDITS: dict[str, tuple[str, str]] = {  # sheet → (column, a good value)
    "進捗": ("取組実績", "窓口を改修した"),
    "指標": ("実績", "42"),
    "財政効果": ("実績額", "800000"),
}


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        ("進捗", "この取組状況は他の人が更新しました。変更点を確認してください"),
        ("指標", "この成果指標は他の人が更新しました"),
        ("財政効果", "この財政効果は他の人が更新しました"),
    ],
)
def test_a_stale_file_is_refused_at_its_line(world: World, sheet: str, message: str) -> None:
    measures(world)
    file = CsvFile(export_csv(world, sheet, actor="alice"))
    _someone_updates(world, sheet)
    column, value = EDITS[sheet]
    file.put("1-1", column, value)
    assert problems(world, file.bytes()) == [f"line 2, キー: {message}"]


@pytest.mark.parametrize("sheet", ["進捗", "指標", "財政効果"])
def test_another_departments_item_and_a_viewer_are_refused(world: World, sheet: str) -> None:
    measures(world)
    file = CsvFile(export_csv(world, sheet))  # carol's: every department
    column, value = EDITS[sheet]
    if sheet == "財政効果":
        file.put("2", "区分", "歳出削減")
    file.put("2", column, value)
    line = file.line("2")
    assert problems(world, file.bytes()) == [
        f"line {line}, キー: 担当していない所管課の取組は編集できません"
    ]
    what = {"進捗": "取組状況", "指標": "成果指標", "財政効果": "財政効果"}[sheet]
    assert problems(world, file.bytes(), actor="dave") == [
        f"line {line}, キー: 閲覧者は{what}を編集できません"
    ]
    assert problems(world, file.bytes(), actor="mallory") == [
        "line 2, _plan: 計画「test-2024-2028」はありません"
    ]


@pytest.mark.parametrize("sheet", ["進捗", "指標", "財政効果"])
def test_a_submitted_report_locks_its_line(world: World, sheet: str) -> None:
    measures(world)
    file = CsvFile(export_csv(world, sheet, actor="alice"))
    transition_apply(report=world.report("1-1"), actor=world.actor("alice"), action="submit")
    column, value = EDITS[sheet]
    file.put("1-1", column, value)
    found = problems(world, file.bytes())
    assert len(found) == 1 and found[0].startswith(
        "line 2, キー: 「提出済」の取組状況は編集できません"
    )


@pytest.mark.parametrize("sheet", ["進捗", "指標", "財政効果"])
def test_unknown_keys_and_keys_without_versions(world: World, sheet: str) -> None:
    measures(world)
    file = CsvFile(export_csv(world, sheet, actor="alice", department_codes=["dx"]))
    version = file.header[-1]
    unknown = file.append({"キー": "9-9", file.header[1]: "歳出削減", version: "0"})
    stranger = file.append({"キー": "2", file.header[1]: "歳出削減"})  # not in alice's file
    found = problems(world, file.bytes())
    assert f"line {unknown}, キー: キー「9-9」の取組はこの計画にありません" in found
    assert (
        f"line {stranger}, キー: キー「2」のバージョン情報がありません"
        "（ダウンロードした行にだけ記入できます）"
    ) in found


# ---- values ------------------------------------------------------------------------------------


def test_bad_numbers_and_choices(world: World) -> None:
    measures(world)
    indicators = CsvFile(export_csv(world, "指標"))
    place = indicators.put("1-1", "実績", "たくさん")
    assert problems(world, indicators.bytes(), "carol") == [
        f"{place}: 数値を入力してください（「たくさん」）"
    ]
    assert place == "line 2, 実績（2024年度）"
    effects = CsvFile(export_csv(world, "財政効果"))
    target = effects.put("1-1", "目標額", "百万円")
    actual = effects.put("1-1", "実績額", "10.5")
    kind = effects.put("1-2", "区分", "その他の区分")
    found = problems(world, effects.bytes(), "carol")
    assert f"{target}: 数値を入力してください（「百万円」）" in found
    assert f"{actual}: 円単位の整数で入力してください（「10.5」）" in found
    assert any(p.startswith(f"{kind}: 区分「その他の区分」は選択肢にありません") for p in found)
    assert len(found) == 3


def test_formula_looking_texts_are_refused_in_every_sheet(world: World) -> None:
    measures(world)
    formula = "数式は使えません。値を入力してください"
    progress = CsvFile(export_csv(world, "進捗"))
    places = [
        progress.put("1-1", "課題", "=SUM(A1:A2)"),
        progress.put("1-2", "取組実績", "-2+3+cmd|' /C calc'!A0"),
        progress.put("2", "工程", "@INDIRECT(A1)"),
    ]
    assert problems(world, progress.bytes(), "carol") == [f"{p}: {formula}" for p in places]
    indicators = CsvFile(export_csv(world, "指標"))
    place = indicators.put("1-1", "実績", "=1+1")
    assert problems(world, indicators.bytes(), "carol") == [f"{place}: {formula}"]
    effects = CsvFile(export_csv(world, "財政効果"))
    places = [
        effects.put("1-1", "区分", "=A1"),
        effects.put("1-1", "算出方法", '+HYPERLINK("http://example.com")'),
    ]
    assert problems(world, effects.bytes(), "carol") == [f"{p}: {formula}" for p in places]


def test_a_broken_version_is_refused_where_it_is(world: World) -> None:
    measures(world)
    file = CsvFile(export_csv(world, "指標"))
    file.put("1-1", "実績", "5")
    file.put("1-1", "_version_indicators", "x")
    file.put("1-1", "_version_indicators", "x", nth=1)
    assert problems(world, file.bytes(), "carol") == [
        "line 2, _version_indicators: キー「1-1」のバージョン情報が壊れています"
    ]
    file.put("1-1", "_version_indicators", "1")
    file.put("1-1", "_version_indicators", "0", nth=1)
    assert problems(world, file.bytes(), "carol") == [
        "line 3, _version_indicators: キー「1-1」のバージョン情報が同じキーの行（line 2）と違います"
    ]


# ---- the file ----------------------------------------------------------------------------------


def test_the_columns_the_file_needs(world: World) -> None:
    measures(world)
    file = CsvFile(export_csv(world, "財政効果"))
    for row in file.rows:
        del row[-1]
    assert problems(world, file.bytes(), "carol") == [
        "line 1: 列「_version_effects」がありません（バージョン情報）"
    ]
    file = CsvFile(export_csv(world, "財政効果"))
    file.rows[0][2] = "目標額"
    assert problems(world, file.bytes(), "carol") == [
        "line 1, 目標額: 見出しが「目標額（円）」ではありません（「目標額」）。"
        "列を入れ替えず、ダウンロードし直したブックに記入してください"
    ]
    header_only = CsvFile(export_csv(world, "指標", department_codes=["shimin"]))
    header_only.rows[1:] = []
    assert problems(world, header_only.bytes(), "carol") == [
        "ファイル: 見出しの行のほかに行がありません"
    ]


def test_every_line_is_of_one_plan_and_year(world: World) -> None:
    measures(world)
    file = CsvFile(export_csv(world, "財政効果"))
    file.put("1-2", "_fiscal_year", "2025")
    assert problems(world, file.bytes(), "carol") == [
        "line 3, _plan: 計画と年度は全行で同じでなければなりません"
    ]
    file = CsvFile(export_csv(world, "指標"))
    for row in file.rows[1:]:
        row[-2] = "2030"
    assert problems(world, file.bytes(), "carol") == [
        "line 2, _plan: 年度「2030」はこの計画の期間外です"
    ]


def test_bytes_that_are_neither_utf8_nor_cp932(world: World) -> None:
    assert problems(world, b"\xff\xfe\x00\x81\x00") == [
        "ファイル: 文字コードが分かりません（UTF-8 か CP932 で保存します）"
    ]
