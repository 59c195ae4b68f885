from __future__ import annotations

import copy

import pytest

from gyokaku.plans.models import Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.services import plan_import


@pytest.fixture
def plan(db: None) -> Plan:
    from tests.support.plan_file import SMALL_PLAN

    data = copy.deepcopy(SMALL_PLAN)
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    return Plan.objects.get(slug=data["slug"])
