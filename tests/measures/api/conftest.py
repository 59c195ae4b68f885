"""Helpers for the API tests of indicators, fiscal effects, plan targets and the roll-up.

The ``api`` fixture and the named world are those of tests/api_tracking (see its conftest).
"""

from __future__ import annotations

from typing import Any

from tests.api_tracking.conftest import PLAN, api  # noqa: F401  (the fixture, reused)

TARGETS = f"{PLAN}/effect-targets"


def indicators_path(key: str = "1-1", plan: str = PLAN) -> str:
    return f"{plan}/nodes/{key}/indicators"


def effects_path(key: str = "1-1", fy: int = 2024, plan: str = PLAN) -> str:
    return f"{plan}/nodes/{key}/effects/{fy}"


def rollup_path(fy: int = 2024, plan: str = PLAN) -> str:
    return f"{plan}/rollup?fy={fy}"


def indicator(**fields: Any) -> dict[str, Any]:
    """An indicator as a PUT sends it; ``fields`` override the defaults."""
    return {
        "name": "オンライン申請件数",
        "unit": "件",
        "direction": "higher",
        "baseline": {"value": 40, "fy": 2023},
        "final_target": {"value": "200", "fy": 2028},
        "targets": {"2024": 100, "2025": "120.5"},
        "actuals": {},
        **fields,
    }


def effect(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "revenue",
        "target_yen": 1_000_000,
        "actual_yen": None,
        "note": "使用料改定による増収見込み",
        **fields,
    }
