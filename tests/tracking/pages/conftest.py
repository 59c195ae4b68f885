"""Staff page tests: addresses of the test plan. ``as_user`` and ``audit_count`` live in
tests/conftest.py, shared with the measures and exchange page tests."""

from __future__ import annotations

PLAN = "/plans/test-2024-2028"
OTHER_PLAN = "/plans/sapporo-2025-2029"


def report_url(key: str, fy: int = 2024, plan: str = PLAN) -> str:
    return f"{plan}/nodes/{key}/progress/{fy}/"
