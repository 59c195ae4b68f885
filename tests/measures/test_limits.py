"""measures/limits.py: the ranges of indicator values and amounts, and why they are safe."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gyokaku.measures.limits import (
    MAX_EFFECT_ROWS,
    MAX_YEN,
    SQL_SUM_BOUND,
    VALUE_MAX,
    effect_rows_problem,
    value_problem,
    yen_problem,
)
from gyokaku.plans.planfile import MAX_NODES


def test_the_largest_sum_of_a_plan_year_fits_a_64_bit_integer() -> None:
    # SQLite's SUM fails beyond 2**63 - 1: every row of every node of the largest plan at
    # the limit must stay within it (raise a limit and this says why it cannot be).
    assert MAX_NODES * MAX_EFFECT_ROWS * MAX_YEN <= SQL_SUM_BOUND


def test_every_accepted_value_survives_a_float() -> None:
    # SQLite keeps decimals as 8-byte floats: 15 significant digits come back exactly
    for text in ("99999999999.9999", "-99999999999.9999", "12345678901.2345", "0.0001"):
        value = Decimal(text)
        assert value_problem(value) is None
        assert Decimal(format(float(value), ".15g")) == value


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("100000000000", "大きすぎます"),
        ("-100000000000", "大きすぎます"),
        ("9999999999999999.9999", "大きすぎます"),
        ("1234567890123.4567", "大きすぎます"),
        ("1E+11", "大きすぎます"),
        ("0.00001", "小数点以下は4桁まで"),
        ("NaN", "数値を入力"),
        ("Infinity", "数値を入力"),
    ],
)
def test_it_says_why_a_value_is_refused(text: str, says: str) -> None:
    problem = value_problem(Decimal(text))
    assert problem is not None and says in problem


def test_trailing_zeros_are_not_decimals() -> None:
    assert value_problem(Decimal("1.000000")) is None
    assert value_problem(Decimal("1E+3")) is None
    assert VALUE_MAX == Decimal("99999999999.9999")


def test_amounts_and_rows() -> None:
    assert yen_problem(MAX_YEN) is None and yen_problem(-MAX_YEN) is None
    assert "1兆円" in (yen_problem(MAX_YEN + 1) or "")
    assert "1兆円" in (yen_problem(Decimal("-1E+400")) or "")
    assert effect_rows_problem(MAX_EFFECT_ROWS) is None
    assert "100行まで" in (effect_rows_problem(MAX_EFFECT_ROWS + 1) or "")
