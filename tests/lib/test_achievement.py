from __future__ import annotations

from decimal import Decimal as D

import pytest

from gyokaku.lib.achievement import achievement
from gyokaku.lib.amounts import format_amount


@pytest.mark.parametrize(
    ("direction", "actual", "target", "baseline", "rate", "achieved"),
    [
        ("higher", D(80), D(100), None, D("0.8"), False),
        ("higher", D(120), D(100), None, D("1.2"), True),  # may exceed 100%
        ("higher", D(60), D(100), D(50), D("0.2"), False),  # (60-50)/(100-50)
        ("lower", D(80), D(100), None, D("1.25"), True),  # 100/80
        ("lower", D(90), D(80), D(100), D("0.5"), False),  # (100-90)/(100-80)
        ("lower", D(70), D(80), D(100), D("1.5"), True),
    ],
)
def test_it_computes_the_rate_by_direction(
    direction: str, actual: D, target: D, baseline: D | None, rate: D, achieved: bool
) -> None:
    result = achievement(direction=direction, actual=actual, target=target, baseline=baseline)  # type: ignore[arg-type]
    assert result.rate == rate and result.achieved is achieved
    assert "÷" in result.formula


@pytest.mark.parametrize(
    ("actual", "target", "formula"),
    [
        (None, D(10), "実績値が未入力"),
        (D(5), None, "目標値が未設定"),
        (None, None, "目標値が未設定"),
    ],
)
def test_missing_values_are_shown_as_missing_never_zero(
    actual: D | None, target: D | None, formula: str
) -> None:
    result = achievement(direction="higher", actual=actual, target=target, baseline=D(1))
    assert (result.rate, result.achieved, result.formula, result.percent) == (
        None,
        None,
        formula,
        "—",
    )


def test_division_by_zero_is_explained() -> None:
    assert achievement(direction="higher", actual=D(1), target=D(0)).rate is None
    assert achievement(direction="lower", actual=D(0), target=D(5)).achieved is True


@pytest.mark.parametrize(
    ("yen", "unit", "text"),
    [
        (12_345_678, "thousand", "12,346"),
        (-5_000, "thousand", "△5"),
        (-1_500_000, "million", "△2"),
        (999, "yen", "999"),
        (None, "thousand", "—"),
        (0, "thousand", "0"),
    ],
)
def test_amounts_read_as_a_finance_office_writes_them(
    yen: int | None, unit: str, text: str
) -> None:
    assert format_amount(yen, unit) == text


# 収納率: 基準98.9 目標99.0 実績99.1 — the example, by each formula (算出方法)
@pytest.mark.parametrize(
    ("formula", "percent", "text"),
    [
        ("auto", "200.0%", "(99.1 − 98.9) ÷ (99 − 98.9)"),  # today's rule, kept as the default
        ("improvement", "200.0%", "(99.1 − 98.9) ÷ (99 − 98.9)"),
        ("ratio", "100.1%", "99.1 ÷ 99"),
        ("points", "+0.1ポイント", "99.1 − 99"),
    ],
)
def test_it_computes_the_collection_rate_example_by_each_formula(
    formula: str, percent: str, text: str
) -> None:
    result = achievement(
        direction="higher",
        actual=D("99.1000"),
        target=D("99.0000"),
        baseline=D("98.9000"),
        formula=formula,
    )
    assert (result.percent, result.formula, result.achieved) == (percent, text, True)
    assert (result.rate is None) is (formula == "points")


@pytest.mark.parametrize(
    ("formula", "actual", "percent", "achieved"),
    [
        # lower is better: 基準 5.0 目標 4.0 (e.g. 待ち時間)
        ("ratio", D("3.5"), "114.3%", True),  # 4 ÷ 3.5
        ("improvement", D("3.5"), "150.0%", True),  # (5 − 3.5) ÷ (5 − 4)
        ("points", D("3.5"), "−0.5ポイント", True),  # 実績 − 目標, below the target is good
        ("points", D("4.2"), "+0.2ポイント", False),
        ("points", D("4"), "±0ポイント", True),
    ],
)
def test_lower_is_better_indicators_follow_the_formula_and_the_direction(
    formula: str, actual: D, percent: str, achieved: bool
) -> None:
    result = achievement(
        direction="lower", actual=actual, target=D(4), baseline=D(5), formula=formula
    )
    assert (result.percent, result.achieved) == (percent, achieved)


def test_improvement_without_a_baseline_says_why_it_has_no_rate() -> None:
    result = achievement(direction="higher", actual=D(5), target=D(10), formula="improvement")
    assert result.rate is None and result.percent == "—"
    assert result.formula == "基準値が未設定のため算出できません"
    assert result.achieved is False
