"""Numbering styles, levels from the legend or from first appearance, heading vs. prose."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gyokaku.plans.outline import OutlineError, code_to_key_segment, parse_outline
from gyokaku.plans.outline.numbering import CodeReader

FIXTURES = Path(__file__).parent / "fixtures"


def _parse(name: str) -> Any:
    return parse_outline((FIXTURES / name).read_text(encoding="utf-8"))


def _flat(nodes: list[dict[str, Any]]) -> Iterator[tuple[str, str, str]]:
    for node in nodes:
        yield node["key"], node["code"], node["title"]
        yield from _flat(node["children"])


@pytest.mark.parametrize(
    ("code", "segment"),
    [
        ("①", "1"), ("⑳", "20"), ("㉑", "21"), ("㊿", "50"),
        ("(1)", "1"), ("（１）", "1"), ("⑴", "1"), ("(12)", "12"),
        ("01", "01"), ("１２", "12"), ("1", "1"), ("1.", "1"), ("１．", "1"),
        ("a", "a"), ("ａ", "a"), ("z", "z"),
        ("ア", "1"), ("イ", "2"), ("ン", "46"), ("(ア)", "1"), ("（イ）", "2"),
        ("Ⅰ", "1"), ("Ⅲ", "3"), ("ⅳ", "4"),
        ("第2", "2"), ("第３章", "3"),
        ("柱1", "1"), ("改革の柱1", "1"), ("分野2", "2"), ("方針3", "3"),
        ("重点項目【3】", "3"), ("視点4", "4"),
    ],
)  # fmt: skip
def test_it_turns_codes_into_key_segments(code: str, segment: str) -> None:
    assert code_to_key_segment(code) == segment


@pytest.mark.parametrize("code", ["", "x1y", "1985年", "(0)", "0", "第1回", "あ"])
def test_it_refuses_what_is_not_a_code(code: str) -> None:
    with pytest.raises(OutlineError) as caught:
        code_to_key_segment(code)
    assert "番号として読めません" in str(caught.value)


@pytest.mark.parametrize(
    ("line", "code", "title"),
    [
        ("1 人材の確保", "1", "人材の確保"),
        ("1.人材の確保", "1.", "人材の確保"),
        ("１．　人材の確保", "1.", "人材の確保"),
        ("01 人材の確保", "01", "人材の確保"),
        ("（１）　人材の確保", "(1)", "人材の確保"),
        ("⑴人材の確保", "⑴", "人材の確保"),
        ("①人材の確保", "①", "人材の確保"),
        ("- ① 人材の確保", "①", "人材の確保"),
        ("・ア　人材の確保", "ア", "人材の確保"),
        ("（ア）人材の確保", "(ア)", "人材の確保"),
        ("ａ　人材の確保", "a", "人材の確保"),
        ("Ⅱ 人材の確保", "Ⅱ", "人材の確保"),
        ("第1 人材の確保", "第1", "人材の確保"),
        ("第２章　人材の確保", "第2章", "人材の確保"),
        ("柱1 人材の確保", "柱1", "人材の確保"),
        ("改革の柱1：人材の確保", "改革の柱1", "人材の確保"),
        ("重点項目【１】人材の確保", "重点項目【1】", "人材の確保"),
        ("(1) ＤＸ　の推進", "(1)", "ＤＸ　の推進"),  # full width inside a title stays
    ],
)
def test_it_reads_each_numbering_style(line: str, code: str, title: str) -> None:
    [heading, *_] = CodeReader().read_heading(line)
    assert (heading.code.text, heading.title) == (code, title)


@pytest.mark.parametrize(
    "line",
    ["1985年に策定", "2024年度から", "2024 年度から", "3", "1.5倍に増やす", "第1回会議",
     "第2次計画", "アイデアを出す", "a", "①", "ab テスト", "（１）", "1 "],
)  # fmt: skip
def test_it_does_not_read_prose_or_bare_codes_as_headings(line: str) -> None:
    assert CodeReader().read_heading(line) == []


def test_it_takes_levels_from_first_appearance_without_a_legend() -> None:
    result = _parse("labelled-no-legend.txt")
    plan = result.plan
    assert [(lv["depth"], lv["name"], lv["numbering"]) for lv in plan["levels"]] == [
        (1, "第1階層", "改革の柱1"),
        (2, "第2階層", "(1)"),
        (3, "第3階層", "ア"),
        (4, "第4階層", "(ア)"),
    ]
    assert all(lv["description"] == "" for lv in plan["levels"])
    assert list(_flat(plan["nodes"])) == [
        ("1", "改革の柱1", "持続可能な財政運営"),
        ("1-1", "(1)", "歳入の確保"),
        ("1-1-1", "ア", "町税の収納率向上"),
        ("1-1-1-1", "(ア)", "口座振替の推進"),
        ("1-1-1-2", "(イ)", "コンビニ納付の拡大"),
        ("1-1-2", "イ", "使用料の見直し"),
        ("1-2", "(2)", "歳出の削減"),
        ("1-2-1", "ア", "補助金の整理合理化"),
        ("2", "改革の柱2", "行政サービスの向上"),
        ("2-1", "(1)", "窓口改革"),
        ("2-1-1", "ア", "書かない窓口"),
    ]
    assert plan["nodes"][0]["description"] == (
        "将来にわたり安定した財政運営を続けるため、歳入と歳出の両面から見直します。"
    )
    assert plan["municipality"]["name"] == "大鰐町"
    assert plan["period"] == {"start_fy": 2024, "end_fy": 2028}  # 令和6年度〜令和10年度
    assert result.warnings == []


def test_it_reads_dai_roman_and_dotted_numbers() -> None:
    plan = _parse("dai-roman-dot.txt").plan
    assert plan["title"] == "三沢市行政改革実施計画"  # 【概要版】 removed
    assert plan["period"] == {"start_fy": 2024, "end_fy": 2028}  # 2024～2028年度
    assert list(_flat(plan["nodes"])) == [
        ("1", "第1", "組織の見直し"),
        ("1-1", "Ⅰ", "組織体制"),
        ("1-1-1", "1.", "課の統合"),
        ("1-1-1-a", "a", "係の再編"),
        ("1-1-1-b", "b", "窓口の集約"),
        ("1-1-2", "2.", "人員の適正化"),
        ("2", "第2", "事務の効率化"),
        ("2-1", "Ⅰ", "デジタル化"),
        ("2-1-1", "1.", "電子申請の拡大"),
    ]


def test_it_reads_a_legend_written_with_spaces_before_the_tree() -> None:
    result = _parse("legend-first-spaces.txt")
    plan = result.plan
    assert plan["levels"] == [
        {"depth": 1, "name": "基本方針", "description": "取組の大きな方向", "numbering": "1"},
        {"depth": 2, "name": "施策", "description": "方針を実現するための施策", "numbering": "⑴"},
        {"depth": 3, "name": "取組", "description": "具体的な取組", "numbering": "①"},
    ]
    assert list(_flat(plan["nodes"])) == [
        ("1", "1", "財政の健全化"),
        ("1-1", "⑴", "歳入の確保"),
        ("1-1-1", "①", "市税の徴収強化"),
        ("1-1-2", "②", "遊休地の売却"),
        ("1-2", "⑵", "歳出の抑制"),
        ("1-2-1", "①", "事務事業の見直し"),
    ]
    assert plan["period"] == {"start_fy": 2025, "end_fy": 2029}  # from the title
    assert plan["lead"] == ""
    assert result.warnings == []


def test_it_reads_labelled_levels_named_in_the_legend() -> None:
    plan = _parse("focus-areas.txt").plan
    assert [lv["numbering"] for lv in plan["levels"]] == ["分野1", "重点項目【1】", "01"]
    assert plan["parent_plan"] == "むつ市総合経営計画"
    assert plan["period"] == {"start_fy": 2024, "end_fy": 2026}
    assert [key for key, _, _ in _flat(plan["nodes"])] == [
        "1", "1-1", "1-1-01", "1-1-02", "1-2", "1-2-01", "2", "2-1", "2-1-01",
    ]  # fmt: skip


def test_it_keeps_sentences_that_start_with_numbers_as_prose() -> None:
    result = _parse("prose-numbers.txt")
    plan = result.plan
    assert (
        plan["lead"] == "1985年に行政改革大綱を策定し、2024年度からは新たなプランに取り組みます。"
    )
    assert list(_flat(plan["nodes"])) == [
        ("1", "1", "財政基盤の確立"),
        ("1-1", "(1)", "歳入の確保"),
        ("2", "2", "行政運営の改善"),
    ]
    first = plan["nodes"][0]
    assert first["description"] == (
        "2024年度から2028年度までの5年間で取り組みます。5 年間で 10 億円の効果額を目指します。"
    )
    assert first["children"][0]["description"] == (
        "1 億円の増収を目指します。ア これは番号のように見える文章です。"
    )
    assert result.warnings == []


def test_it_reads_a_known_style_sentence_as_a_heading_when_it_continues_the_numbering() -> None:
    text = "町の計画\n\n1 最初の柱\n\n2 次の柱は文章のように終わる。\n"
    plan = parse_outline(text).plan
    assert [n["title"] for n in plan["nodes"]] == ["最初の柱", "次の柱は文章のように終わる。"]


def test_it_settles_an_ambiguous_ten_by_what_follows() -> None:
    # "10" is both the 10th "1"-style heading and the 10th "01"-style one.
    lines = ["計画", ""]
    for pillar in range(1, 10):
        lines += [f"{pillar} 柱{pillar}", "(1) 分類"]
    lines += [f"{n:02d} 中分類{n}" for n in range(1, 11)]  # 10 under the 9th pillar's (1)
    lines += ["10 柱10", "(1) 分類", "01 中分類"]  # a new pillar: its child is (1)
    plan = parse_outline("\n".join(lines)).plan
    assert [n["key"] for n in plan["nodes"]] == [str(n) for n in range(1, 11)]
    ninth = plan["nodes"][8]["children"][0]["children"]
    assert [n["key"] for n in ninth][-1] == "9-1-10"


def test_it_finds_the_period_under_an_introduction_and_reads_gannen() -> None:
    text = (
        "第3次青森県行財政改革大綱\n\nはじめに\n\n本県では改革を進めてきました。\n\n"
        "計画期間：令和元年度～令和5年度\n\nⅠ 財政の健全化\n1 歳入の確保\n"
    )
    result = parse_outline(text)
    assert result.plan["period"] == {"start_fy": 2019, "end_fy": 2023}
    assert result.plan["background"] == "本県では改革を進めてきました。"
    assert result.plan["municipality"]["name"] is None  # the title does not start with it
    assert result.warnings == []
