"""Indicators and fiscal effects with numbers known by hand, for the test plan of
tests/support/world.py, written through the services (the dashboard and report tests share them).

- 1-1, FY2024: two effect lines (expenditure 12,345,678 → 13,000,000 yen; revenue
  1,000,000 → −5,000 yen) and two indicators (窓口の利用者数 higher, 100 → 120;
  待ち時間 lower, 10 → 15);
- 2, FY2024: an effect line of 2,000,000 yen target without actual, and (unless left out)
  the indicator 意見の件数 with a FY2024 target of 50;
- 1-2, FY2025: an effect target of 4,000,000 yen only.
"""

from __future__ import annotations

from typing import Any

from gyokaku.measures.services import effects_update, indicators_update


def effect(kind: str, target: int | None, actual: int | None, note: str = "") -> dict[str, Any]:
    return {"kind": kind, "target_yen": target, "actual_yen": actual, "note": note}


def indicator(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "unit": "件",
        "direction": "higher",
        "baseline": {"value": None, "fy": None},
        "final_target": {"value": None, "fy": None},
        "targets": {},
        "actuals": {},
        **extra,
    }


def add_measures(world: Any, *, note: str = "", indicator_on_2: bool = True) -> None:
    """The measurements above; ``note`` is the 算出方法 of 1-1's first effect line."""
    carol = world.actor("carol")
    effects_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=carol,
        effects=[
            effect("expenditure", 12_345_678, 13_000_000, note),
            effect("revenue", 1_000_000, -5_000),
        ],
        expected_version=0,
    )
    effects_update(
        node=world.node("2"),
        fiscal_year=2024,
        actor=carol,
        effects=[effect("other", 2_000_000, None)],
        expected_version=0,
    )
    effects_update(
        node=world.node("1-2"),
        fiscal_year=2025,
        actor=carol,
        effects=[effect("expenditure", 4_000_000, None)],
        expected_version=0,
    )
    indicators_update(
        node=world.node("1-1"),
        actor=carol,
        indicators=[
            indicator("窓口の利用者数", targets={2024: 100}, actuals={2024: 120}),
            indicator("待ち時間", direction="lower", targets={2024: 10}, actuals={2024: 15}),
        ],
        expected_version=0,
    )
    if indicator_on_2:
        indicators_update(
            node=world.node("2"),
            actor=carol,
            indicators=[indicator("意見の件数", targets={2024: 50})],
            expected_version=0,
        )
