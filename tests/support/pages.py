"""Addresses of the test plan's staff pages (tests/support/world.py) and the form data they
post: the page suites of tracking, measures, accounts and audit share them. ``as_user`` and
``audit_count`` are fixtures of tests/conftest.py."""

from __future__ import annotations

from typing import Any

PLAN = "/plans/test-2024-2028"
OTHER_PLAN = "/plans/sapporo-2025-2029"
DASHBOARD = f"{PLAN}/dashboard/"
HTMX = {"HX-Request": "true"}


def report_url(key: str, fy: int = 2024, plan: str = PLAN) -> str:
    return f"{plan}/nodes/{key}/progress/{fy}/"


def report_part_url(key: str, what: str = "", fy: int = 2024, plan: str = PLAN) -> str:
    """The report page, or one of its parts (``indicators``, ``effects``, ``history``…)."""
    return f"{plan}/nodes/{key}/progress/{fy}/{what + '/' if what else ''}"


def formset(prefix: str, version: int, rows: list[dict[str, Any]], initial: int) -> dict[str, Any]:
    """The POST data of a Django formset with its management form and our VERSION field."""
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
        f"{prefix}-VERSION": version,
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data
