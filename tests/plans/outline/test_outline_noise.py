"""Text taken from PDFs: page numbers, running headers, form feeds, full width, wrapping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gyokaku.plans.outline import parse_outline
from gyokaku.plans.outline.normalize import is_page_number

FIXTURES = Path(__file__).parent / "fixtures"


def _flat(nodes: list[dict[str, Any]]) -> Iterator[tuple[str, str, str]]:
    for node in nodes:
        yield node["key"], node["code"], node["title"]
        yield from _flat(node["children"])


@pytest.fixture(scope="module")
def noisy() -> Any:
    return parse_outline((FIXTURES / "noisy-pdf.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("line", ["3", "- 3 -", "— 3 —", "-3-", "3/12", "- ３ -", "P.3", "p 12"])
def test_it_knows_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["3 タイトル", "(3)", "2024年度", "3つ", "①"])
def test_it_does_not_take_other_lines_for_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def test_it_drops_page_numbers_headers_and_form_feeds(noisy: Any) -> None:
    assert list(_flat(noisy.plan["nodes"])) == [
        ("1", "1", "人材確保・育成と職場環境の整備"),
        ("1-1", "(1)", "人員配置の最適化"),
        ("1-1-01", "01", "人員配置の最適化"),
        ("1-1-01-1", "①", "適正な人員配置"),
        ("1-1-01-2", "②", "優秀な人材の確保"),
        ("1-1-01-2-a", "a", "詳細の一つ目"),
        ("1-1-01-2-b", "b", "詳細の二つ目"),
        ("2", "2", "ＤＸの推進"),  # full width inside a title is kept
        ("2-1", "(1)", "市民サービスのＤＸの推進"),
        ("2-1-01", "01", "市民サービスのＤＸの推進"),
        ("2-1-01-1", "①", "マイナンバー制度の有効活用"),
        ("3", "3", "行政運営の効率化"),
    ]
    assert noisy.warnings == []


def test_it_keeps_the_title_that_the_running_header_repeats(noisy: Any) -> None:
    assert noisy.plan["title"] == "青森市行財政改革プラン"
    assert noisy.plan["period"] == {"start_fy": 2024, "end_fy": 2028}  # 令和６年度から令和１０年度


def test_it_joins_lines_wrapped_mid_sentence(noisy: Any) -> None:
    first = noisy.plan["nodes"][0]
    assert first["description"] == (
        "市職員がのびのびと能力を発揮できるような職場環境を整備するとともに、民間企業・"
        "大学との交流や、様々なチャレンジをする機会を創出し、組織活性化と組織力向上を推進します。"
    )


def test_it_joins_a_paragraph_across_a_page_break(noisy: Any) -> None:
    assert noisy.plan["nodes"][0]["children"][0]["description"] == (
        "適正な人員配置と多様な経験を持った人材の確保を図るとともに、"
        "職員が様々なことにチャレンジをする機会を創出します。"
    )


def test_it_starts_a_new_paragraph_after_a_page_break_that_ends_a_sentence() -> None:
    text = "計画\n\n1 柱\n\n一つ目の段落です。\n- 2 -\n二つ目の段落です。\n"
    plan = parse_outline(text).plan
    assert plan["nodes"][0]["description"] == "一つ目の段落です。\n\n二つ目の段落です。"


def test_it_keeps_a_line_repeated_away_from_page_breaks() -> None:
    text = "計画\n\n1 柱\n\n同じ文\n\n2 柱\n\n同じ文\n\n3 柱\n\n同じ文\n"
    plan = parse_outline(text).plan
    assert [n["description"] for n in plan["nodes"]] == ["同じ文"] * 3


def test_it_reads_crlf_and_a_bom() -> None:
    text = "\ufeff計画\r\n\r\n1 柱\r\n説明です。\r\n"
    plan = parse_outline(text).plan
    assert plan["title"] == "計画"
    assert plan["nodes"][0]["description"] == "説明です。"


def test_it_ignores_decorated_label_lines() -> None:
    text = "計画\n\n◇◇取組方策の体系◇◇\n\n前文です。\n\n■■■\n1 柱\n"
    plan = parse_outline(text).plan
    assert plan["lead"] == "前文です。"
