"""The ranges of measures/limits.py in uploaded workbooks and CSV files (issue 18 #1, #2): a cell
beyond them is named with its place, too many effect lines of one item at the first line too many;
values at the limits are applied exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.support.sheets import (
    CsvFile,
    add_measures,
    export_book,
    export_csv,
    parse,
    problems,
    put,
)
from tests.support.world import World

from gyokaku.exchange.sheets import sheet_apply, sheet_parse
from gyokaku.measures.limits import MAX_EFFECT_ROWS
from gyokaku.measures.models import FiscalEffect, IndicatorActual


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("100000000000", "数値が大きすぎます"),
        ("9999999999999999.9999", "数値が大きすぎます"),
        ("1234567890123.4567", "数値が大きすぎます"),
        ("0.00001", "小数点以下は4桁までです"),
    ],
)
def test_an_indicator_value_beyond_the_limits_is_named_at_its_cell(
    world: World, typed: str, says: str
) -> None:
    add_measures(world)
    file = CsvFile(export_csv(world, "指標"))
    place = file.put("1-1", "実績", typed)
    [problem] = problems(world, file.bytes(), "carol")
    assert problem.startswith(f"{place}: {says}") and f"「{typed}」" in problem


def test_values_at_the_limits_are_applied_exactly(world: World) -> None:
    add_measures(world)
    file = CsvFile(export_csv(world, "指標"))
    file.put("1-1", "実績", "99,999,999,999.9999")
    file.put("1-1", "実績", "-0.0001", nth=1)
    sheet = sheet_parse(content=file.bytes(), filename="s.csv", actor=world.actor("carol"))
    assert sheet.problems == []
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    values = IndicatorActual.objects.order_by("indicator__order").values_list("value", flat=True)
    assert list(values) == [Decimal("99999999999.9999"), Decimal("-0.0001")]


def test_a_spreadsheets_float_noise_is_not_a_fifth_decimal(world: World) -> None:
    add_measures(world)
    wb = export_book(world)
    noisy = 0.1 + 0.2  # 0.30000000000000004: what a spreadsheet's formula may leave
    put(wb, "1-1", "実績（2024年度）", noisy, sheet="指標")
    sheet = parse(world, wb)
    assert sheet.problems == []
    [change] = sheet.changes
    assert change.fields[0].new == Decimal("0.3")


def test_an_amount_beyond_1_cho_yen_is_named_at_its_cell(world: World) -> None:
    add_measures(world)
    file = CsvFile(export_csv(world, "財政効果"))
    place = file.put("1-1", "目標額", "1,000,000,000,001")
    [problem] = problems(world, file.bytes(), "carol")
    assert problem.startswith(f"{place}: 金額が大きすぎます。±1兆円")


def test_more_effect_lines_than_the_limit_are_refused_at_the_first_too_many(
    world: World,
) -> None:
    add_measures(world)
    file = CsvFile(export_csv(world, "財政効果"))
    lines = [
        file.append({"キー": "1-1", "区分": "revenue", "目標額": "1,000,000,000,000"})
        for _ in range(MAX_EFFECT_ROWS)
    ]
    found = problems(world, file.bytes(), "carol")
    says = "「1-1」の財政効果は1つの取組・年度につき100行までです（101行あります）"
    assert found == [f"line {lines[-1]}, キー: {says}"]
    file.remove("1-1", nth=MAX_EFFECT_ROWS)
    sheet = sheet_parse(content=file.bytes(), filename="s.csv", actor=world.actor("carol"))
    assert sheet.problems == []
    sheet_apply(sheet=sheet, actor=world.actor("carol"))
    assert FiscalEffect.objects.filter(effect_year__node=world.node("1-1")).count() == 100
