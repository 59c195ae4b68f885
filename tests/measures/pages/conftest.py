"""Dashboard and report-page measure tests: the named people of tests/world.py, logged in.

``measured`` gives the test plan indicators and fiscal effects through the services (FY2024
in the open round, plus a FY2025 target), so that the numbers are known by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.measured import add_measures

PLAN = "/plans/test-2024-2028"
OTHER_PLAN = "/plans/sapporo-2025-2029"
DASHBOARD = f"{PLAN}/dashboard/"


@pytest.fixture
def measured(world: Any) -> Any:
    add_measures(world)
    return world
