"""Money as people in a 財政課 read it: integer yen stored, 千円 (or 百万円) shown, △ for minus."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Unit = Literal["yen", "thousand", "million"]
UNITS: dict[str, tuple[int, str]] = {
    "yen": (1, "円"),
    "thousand": (1_000, "千円"),
    "million": (1_000_000, "百万円"),
}


def format_amount(yen: int | None, unit: str = "thousand", *, with_unit: bool = False) -> str:
    """12_345_678 → "12,346" (千円, rounded half up); -5_000 → "△5"; None → "—"."""
    if yen is None:
        return "—"
    divisor, label = UNITS.get(unit, UNITS["thousand"])
    value = (Decimal(yen) / divisor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    text = f"{abs(value):,}"
    if value < 0:
        text = "△" + text
    return f"{text}{label}" if with_unit else text


def unit_label(unit: str) -> str:
    return UNITS.get(unit, UNITS["thousand"])[1]
