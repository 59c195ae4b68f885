"""Dashboard and report-page measure tests: the named people of tests/world.py, logged in.

``measured`` gives the test plan indicators and fiscal effects through the services (FY2024
in the open round, plus a FY2025 target), so that the numbers are known by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.measures.services import effects_update, indicators_update

PLAN = "/plans/test-2024-2028"
OTHER_PLAN = "/plans/sapporo-2025-2029"
DASHBOARD = f"{PLAN}/dashboard/"


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


@pytest.fixture
def measured(world: Any) -> Any:
    carol = world.actor("carol")
    effects_update(
        node=world.node("1-1"),
        fiscal_year=2024,
        actor=carol,
        effects=[
            effect("expenditure", 12_345_678, 13_000_000),
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
    indicators_update(
        node=world.node("2"),
        actor=carol,
        indicators=[indicator("意見の件数", targets={2024: 50})],
        expected_version=0,
    )
    return world
