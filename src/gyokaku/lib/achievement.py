"""Achievement rate (達成率) of an indicator, computed by its direction, with its formula.

higher is better:  rate = (actual − baseline) / (target − baseline)   when a baseline is known
                   rate = actual / target                              otherwise
lower is better:   rate = (baseline − actual) / (baseline − target)   when a baseline is known
                   rate = target / actual                              otherwise
A missing target or actual gives no rate (shown as such, never as 0). A rate may exceed 100%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Achievement:
    rate: Decimal | None  # 1 = 100%; None when it cannot be computed
    formula: str  # how it was computed, or why it was not
    achieved: bool | None  # None: not measured

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def achievement(
    *,
    direction: Direction,
    actual: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None = None,
) -> Achievement:
    if target is None:
        return Achievement(None, "目標値が未設定", None)
    if actual is None:
        return Achievement(None, "実績値が未入力", None)
    achieved = actual >= target if direction == "higher" else actual <= target
    a, t = _text(actual), _text(target)
    if baseline is not None and baseline != target:
        b = _text(baseline)
        if direction == "higher":
            rate = (actual - baseline) / (target - baseline)
            formula = f"({a} − {b}) ÷ ({t} − {b})"
        else:
            rate = (baseline - actual) / (baseline - target)
            formula = f"({b} − {a}) ÷ ({b} − {t})"
        return Achievement(rate, formula, achieved)
    if direction == "higher":
        if target == 0:
            return Achievement(None, "目標値が 0 のため算出できません", achieved)
        return Achievement(actual / target, f"{a} ÷ {t}", achieved)
    if actual == 0:
        return Achievement(None, "実績値が 0 のため算出できません", achieved)
    return Achievement(target / actual, f"{t} ÷ {a}", achieved)


def _text(value: Decimal) -> str:
    """30.0000 (as a DecimalField reads it) → "30"; 12.50 → "12.5"; never "1E+2"."""
    return "0" if value == 0 else format(value.normalize(), "f")
