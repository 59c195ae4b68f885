"""Dashboard and report-page measure tests: the named people of tests/support/world.py, logged in.

``measured`` gives the test plan indicators and fiscal effects through the services (FY2024
in the open round, plus a FY2025 target), so that the numbers are known by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.measured import add_measures


@pytest.fixture
def measured(world: Any) -> Any:
    add_measures(world)
    return world
