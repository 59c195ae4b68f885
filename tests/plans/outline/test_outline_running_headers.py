"""Outline details of text taken from PDFs (issue 12 #5): running headers of several lines
(the title, then a chapter that reads like a heading) repeated at every page break, and plan
periods written in short era years."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gyokaku.lib.wareki import fy_from_era
from gyokaku.plans.outline import OutlineError, parse_outline

FIXTURES = Path(__file__).parent / "fixtures"


def _flat(nodes: list[dict[str, Any]]) -> Iterator[tuple[str, str, str]]:
    for node in nodes:
        yield node["key"], node["title"], node["description"]
        yield from _flat(node["children"])


@pytest.fixture(scope="module")
def heisei() -> Any:
    return parse_outline((FIXTURES / "running-headers-heisei.txt").read_text(encoding="utf-8"))


def test_it_drops_a_two_line_running_header_and_joins_the_cut_paragraph(heisei: Any) -> None:
    assert list(_flat(heisei.plan["nodes"])) == [
        (
            "1",
            "持続可能な財政運営の確立",
            "限られた財源を効果的に配分し、将来にわたって持続可能な財政基盤を確立するため、"
            "歳入の確保と歳出の見直しを一体として進めます。",
        ),
        ("1-1", "歳入の確保", "市税等の収納率の向上に取り組みます。"),
        (
            "1-1-1",
            "市税の収納率向上",
            "口座振替の推奨とコンビニ収納の拡大により、収納率の向上を図ります。",
        ),
        ("1-1-2", "使用料・手数料の見直し", "受益者負担の適正化の観点から見直します。"),
        ("1-2", "歳出の見直し", ""),
        ("1-2-1", "事務事業の見直し", "すべての事務事業を点検します。"),
    ]
    assert heisei.warnings == []
    assert heisei.plan["title"] == "○○市行財政改革推進計画"


def test_it_reads_short_era_years_in_the_era_the_document_names(heisei: Any) -> None:
    # 「取組期間 28年度～31年度」 and 「平成28年3月策定」 elsewhere: 平成28年度 to 平成31年度
    assert heisei.plan["period"] == {"start_fy": 2016, "end_fy": 2019}


def test_it_keeps_a_chapter_heading_whose_style_is_a_level_of_the_outline() -> None:
    # the chapter begins at the top of a page, and its name runs at the top of the next ones
    page = "\f○○市計画\n第２章　改革の取組\n"
    text = (
        "○○市計画\n\n計画期間 2024年度～2028年度\n\n第１章　基本方針\n\n1 柱\n説明です。\n"
        f"{page}\n2 柱\n説明です。\n{page}続きです。\n{page}3 柱\n"
    )
    plan = parse_outline(text).plan
    assert [(n["code"], n["title"]) for n in plan["nodes"]] == [
        ("第1章", "基本方針"),
        ("第2章", "改革の取組"),
    ]
    assert [n["title"] for n in plan["nodes"][1]["children"]] == ["柱", "柱"]


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("令和6年度～令和10年度", 2024, 2028),
        ("計画期間：令和６年度～１０年度", 2024, 2028),
        ("取組期間 6年度～10年度", 2024, 2028),  # the era from 「令和5年3月」 below
        ("推進期間 令和元年度から令和5年度まで", 2019, 2023),
        ("計画期間 2024年度～2028年度", 2024, 2028),
    ],
)
def test_it_reads_the_period_in_the_ways_plans_write_it(line: str, start: int, end: int) -> None:
    text = f"○○市行財政改革プラン\n\n{line}\n\n令和5年3月\n\n1 柱\n"
    plan = parse_outline(text).plan
    assert plan["period"] == {"start_fy": start, "end_fy": end}
    assert "年度" not in plan["lead"]


def test_it_asks_for_the_era_when_the_document_names_none() -> None:
    text = "○○市行財政改革プラン\n\n取組期間 28年度～31年度\n\n1 柱\n"
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)
    (error,) = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert error.line == 3
    assert "「28年度」は元号が分かりません（文書中に元号（令和・平成）が見当たりません）" in (
        error.message
    )
    assert "「平成28年度～平成31年度」のように元号を付ける" in error.message


def test_it_asks_for_the_era_when_the_document_names_two() -> None:
    text = (
        "○○市行財政改革プラン\n\n取組期間 6年度～10年度\n\n"
        "平成27年度からの取組を令和の改革に引き継ぎます。\n\n1 柱\n"
    )
    with pytest.raises(OutlineError) as caught:
        parse_outline(text)
    assert "文書中に令和と平成の両方があり、どちらか決められません" in str(caught.value)


@pytest.mark.parametrize(
    ("era", "year", "fy"),
    [("令和", 1, 2019), ("令和", 6, 2024), ("平成", 28, 2016), ("平成", 31, 2019)],
)
def test_it_turns_era_years_into_fiscal_years_from_the_one_era_table(
    era: str, year: int, fy: int
) -> None:
    assert fy_from_era(era, year) == fy


def test_it_refuses_an_era_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="元号「大正」は扱えません"):
        fy_from_era("大正", 3)
