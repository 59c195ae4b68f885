"""Achievement (達成率) of an indicator, computed by its formula (算出方法) and direction.

The formula is chosen per indicator (``Formula``):

- ``auto`` (自動, the default and the only rule before formulas could be chosen):
  ``improvement`` when a baseline is known and differs from the target, else ``ratio``.
- ``ratio`` (実績÷目標): higher is better: actual / target; lower is better: target / actual.
- ``improvement`` (改善率): (actual − baseline) / (target − baseline) — the share of the planned
  improvement reached; the same expression for both directions.
- ``points`` (ポイント差): actual − target, shown as 「+0.1ポイント」, never as a percentage:
  for rates such as 収納率, where 基準98.9 目標99.0 実績99.1 reads as 200.0% by improvement.

A missing target or actual gives no rate (shown as such, never as 0). A rate may exceed 100%.
``achieved`` always follows the direction: the actual reached the target or did better.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Direction = Literal["higher", "lower"]
Formula = Literal["auto", "ratio", "improvement", "points"]

FORMULAS: tuple[Formula, ...] = ("auto", "ratio", "improvement", "points")
FORMULA_LABELS: dict[str, str] = {
    "auto": "自動（基準値があれば改善率、なければ実績÷目標）",
    "ratio": "実績÷目標",
    "improvement": "改善率（実績−基準値）÷（目標−基準値）",
    "points": "ポイント差（実績−目標）",
}


@dataclass(frozen=True)
class Achievement:
    rate: Decimal | None  # 1 = 100%; None when it cannot be computed or for ``points``
    formula: str  # how it was computed, or why it was not
    achieved: bool | None  # None: not measured
    points: Decimal | None = None  # actual − target, for the ``points`` formula only

    @property
    def percent(self) -> str:
        """What a reader sees: 「100.1%」, 「+0.1ポイント」 or 「—」."""
        if self.points is not None:
            return points_text(self.points)
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def points_text(points: Decimal) -> str:
    """0.1 → 「+0.1ポイント」, −0.25 → 「−0.25ポイント」, 0 → 「±0ポイント」."""
    if points == 0:
        return "±0ポイント"
    sign = "+" if points > 0 else "−"
    return f"{sign}{_text(abs(points))}ポイント"


def achievement(
    *,
    direction: Direction,
    actual: Decimal | None,
    target: Decimal | None,
    baseline: Decimal | None = None,
    formula: str = "auto",
) -> Achievement:
    """The one computation of 達成率 for pages, API, open data, reports and roll-ups."""
    if target is None:
        return Achievement(None, "目標値が未設定", None)
    if actual is None:
        return Achievement(None, "実績値が未入力", None)
    achieved = actual >= target if direction == "higher" else actual <= target
    a, t = _text(actual), _text(target)
    if formula == "points":
        return Achievement(None, f"{a} − {t}", achieved, points=actual - target)
    if formula == "improvement" or (
        formula == "auto" and baseline is not None and baseline != target
    ):
        if baseline is None:
            return Achievement(None, "基準値が未設定のため算出できません", achieved)
        if baseline == target:
            return Achievement(None, "目標値が基準値と同じため算出できません", achieved)
        b = _text(baseline)
        if direction == "higher":
            rate = (actual - baseline) / (target - baseline)
            text = f"({a} − {b}) ÷ ({t} − {b})"
        else:
            rate = (baseline - actual) / (baseline - target)
            text = f"({b} − {a}) ÷ ({b} − {t})"
        return Achievement(rate, text, achieved)
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
