from __future__ import annotations

import copy
from typing import Any

import pytest
from tests.support.plan_file import SMALL_PLAN


@pytest.fixture
def small_plan() -> dict[str, Any]:
    return copy.deepcopy(SMALL_PLAN)
