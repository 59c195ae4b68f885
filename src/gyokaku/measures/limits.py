"""The limits of what indicators and fiscal effects hold, in one place: the API schemas, the
services (which every input path goes through), the report page's forms and the workbook/CSV
import all check these, and docs/api.md states them.

Indicator values (成果指標の値): at most 11 digits before the point and 4 after, 15 digits in
all (±99,999,999,999.9999). Why 15: SQLite keeps a decimal column's values as 8-byte floats,
which hold any 15 significant digits exactly and no more (DBL_DIG); "1234567890123.4567" came
back as "1234567890123.46", and a value of 16 digits before the point could not be read back
at all (Django's converter raised InvalidOperation and every page of the plan failed).
PostgreSQL's numeric(15, 4) holds the same range, so both databases store every accepted value
exactly. Counts, rates and amounts in 千円 or 億円 fit with room to spare.

Fiscal effects (財政効果額) and plan targets (財政効果目標): whole yen, at most 1兆円 (10**12)
either way, and at most 100 effect rows per node and year. Why: a plan has at most
``plans.planfile.MAX_NODES`` (20,000) nodes, so the SQL SUM over one year of a plan is at most
20,000 × 100 × 10**12 = 2 × 10**18, within the 64-bit integer SQLite's SUM fails beyond
(about 9.2 × 10**18; PostgreSQL sums bigint as numeric). Cumulative totals are added in Python,
which has no such bound. tests/measures/test_limits.py keeps this arithmetic true.
"""

from __future__ import annotations

from decimal import Decimal

VALUE_DIGITS = 15  # max_digits of the columns
VALUE_PLACES = 4  # decimal_places of the columns
VALUE_MAX = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES) - Decimal(1).scaleb(-VALUE_PLACES)
VALUE_RANGE = "±99,999,999,999.9999（整数部分11桁・小数点以下4桁）"

MAX_YEN = 10**12  # 1兆円, either way
MAX_EFFECT_ROWS = 100  # per node and year
YEN_RANGE = "±1兆円（1,000,000,000,000円）"

MAX_NOTE = 2_000  # characters of a fiscal effect's 算出方法

SQL_SUM_BOUND = 2**63 - 1  # SQLite's SUM of integers fails beyond this


def value_problem(value: Decimal) -> str | None:
    """Why ``value`` cannot be an indicator value, or None when it can."""
    if not value.is_finite():
        return "数値を入力してください"
    if abs(value) > VALUE_MAX:
        return f"数値が大きすぎます。{VALUE_RANGE} の範囲で入力してください"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -VALUE_PLACES:
        return f"小数点以下は{VALUE_PLACES}桁までです"
    return None


def yen_problem(value: int | Decimal) -> str | None:
    """Why ``value`` cannot be an amount in yen, or None when it can."""
    if abs(Decimal(value)) > MAX_YEN:
        return f"金額が大きすぎます。{YEN_RANGE} 以内で入力してください"
    return None


def effect_rows_problem(count: int) -> str | None:
    if count > MAX_EFFECT_ROWS:
        return f"財政効果は1つの取組・年度につき{MAX_EFFECT_ROWS}行までです（{count:,}行あります）"
    return None
