"""The seed: Aomori City's summary (青森市行財政改革プラン 概要版) must read exactly."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gyokaku.plans.outline import parse_outline, render_outline

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "src" / "gyokaku" / "plans" / "data" / "aomori-2024-2028-summary.txt"
EXPECTED_TREE = Path(__file__).parent / "fixtures" / "aomori-expected-tree.tsv"

BACKGROUND = (
    "本市では、1985年(昭和60年)に「青森市行政改革大綱」を策定して以来、国の指針や本市の課題等を"
    "踏まえ、積極的な行財政改革を進めてきました。\n\n"
    "一方、急速に進む人口減少や少子高齢化、様々な分野におけるデジタル化の進展など、本市の"
    "行財政運営を取り巻く環境は大きく変化しているほか、高齢化の進展による社会保障関連経費の"
    "増加や公共施設等、今後も財政需要の増加が見込まれる中で、労働力人口の減少による市税収入の"
    "大きな伸びは期待できないなど、依然として厳しい財政状況となっています。\n\n"
    "このような状況において、政策実現に向けて求められる取組に迅速かつ確に対応していくためには、"
    "職員一人ひとりが共通意識を持ってこれまで以上に効果的・効率的な行財政運営を進めていく必要が"
    "あることから、本市が取り組む行財政改革の基本的な考え方や具体的な取組方策を示す"
    "行財政改革プラン(2024~2028)を策定します。"
)
LEAD = (
    "「青森市総合計画前期基本計画」を推進し、下支えするものとして次の5つの柱により、"
    "行財政改革に取り組んでいきます。"
)
LEVELS = [
    {"depth": 1, "name": "柱", "description": "プランの目標となる柱、基本方向", "numbering": "1"},
    {"depth": 2, "name": "大分類", "description": "基本となる取組方策", "numbering": "(1)"},
    {"depth": 3, "name": "中分類", "description": "詳細な取組方策", "numbering": "01"},
    {"depth": 4, "name": "項目", "description": "具体的な取組項目", "numbering": "①"},
    {"depth": 5, "name": "詳細", "description": "取組項目の詳細", "numbering": "a"},
]


@pytest.fixture(scope="module")
def seed_result() -> Any:
    return parse_outline(SEED.read_text(encoding="utf-8"), slug="aomori-2024-2028")


def _walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def _expected_rows() -> list[list[str]]:
    rows = []
    for line in EXPECTED_TREE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, code, title, description = line.split("\t")
            rows.append([key, code, title, description])
    return rows


def test_it_is_a_byte_for_byte_copy_of_the_shared_seed() -> None:
    shared = Path("/work/shared/seed/aomori-plan-2024-2028-summary.txt")
    if not shared.exists():
        pytest.skip("the shared seed is only on the build machine")
    assert SEED.read_bytes() == shared.read_bytes()


def test_it_reads_the_seed_without_warnings(seed_result: Any) -> None:
    assert seed_result.warnings == []


def test_it_counts_85_nodes_by_level(seed_result: Any) -> None:
    levels = Counter(node["level"] for node in _walk(seed_result.plan["nodes"]))
    assert levels == {1: 5, 2: 10, 3: 17, 4: 43, 5: 10}
    assert sum(levels.values()) == 85


def test_it_reads_every_title_and_description_exactly(seed_result: Any) -> None:
    got = [
        [n["key"], n["code"], n["title"], n["description"]]
        for n in _walk(seed_result.plan["nodes"])
    ]
    assert got == _expected_rows()


def test_it_keeps_the_seed_quirks(seed_result: Any) -> None:
    titles = {n["key"]: n["title"] for n in _walk(seed_result.plan["nodes"])}
    assert titles["4-1-02-1"] == "受益者負担(使用料・手数料)の見直し"  # half-width brackets
    assert titles["2-1-01-3"] == "行政手続のオンライン化"  # the example key of docs/plan-file.md
    assert titles["3-2-01-2-a"] == "学校給食施設運営の合理化"
    assert "迅速かつ確に対応" in seed_result.plan["background"]  # the typo stays


def test_it_keeps_levels_in_node_and_key_order(seed_result: Any) -> None:
    for node in _walk(seed_result.plan["nodes"]):
        assert list(node) == ["key", "code", "level", "title", "description", "children"]
        assert node["key"].count("-") == node["level"] - 1


def test_it_reads_the_front_matter(seed_result: Any) -> None:
    plan = seed_result.plan
    assert list(plan) == [
        "format", "municipality", "slug", "title", "period", "parent_plan",
        "lead", "background", "levels", "nodes",
    ]  # fmt: skip
    assert plan["format"] == "gyokaku-plan/1"
    assert plan["municipality"] == {"code": None, "name": "青森市"}
    assert plan["slug"] == "aomori-2024-2028"
    assert plan["title"] == "青森市行財政改革プラン(2024-2028)"
    assert plan["period"] == {"start_fy": 2024, "end_fy": 2028}
    assert plan["parent_plan"] == "青森市総合計画 前期基本計画"
    assert plan["lead"] == LEAD
    assert plan["background"] == BACKGROUND
    assert plan["levels"] == LEVELS


def test_it_renders_the_seed_back_to_the_same_plan(seed_result: Any) -> None:
    text = render_outline(seed_result.plan)
    again = parse_outline(text, slug="aomori-2024-2028")
    assert again.plan == seed_result.plan
    assert again.warnings == []


def test_it_renders_the_seed_readably(seed_result: Any) -> None:
    text = render_outline(seed_result.plan)
    assert text.startswith(
        "青森市行財政改革プラン(2024-2028)\n\n○計画期間：2024年度から2028年度まで\n"
    )
    assert "\n上位計画：青森市総合計画 前期基本計画\n" in text
    assert "\n① 適正な人員配置\n" in text
    assert text.endswith(
        "凡例\n\n1\t柱\tプランの目標となる柱、基本方向\n(1)\t大分類\t基本となる取組方策\n"
        "01\t中分類\t詳細な取組方策\n①\t項目\t具体的な取組項目\na\t詳細\t取組項目の詳細\n"
    )


def test_it_renders_a_legend_from_first_codes_when_levels_lack_numbering(
    seed_result: Any,
) -> None:
    plan = {**seed_result.plan, "levels": [{**lv, "numbering": ""} for lv in LEVELS]}
    assert parse_outline(render_outline(plan), slug="aomori-2024-2028").plan == seed_result.plan
