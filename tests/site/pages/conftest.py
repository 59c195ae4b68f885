"""Fixtures of the site's page tests: plans built with the ORM (tests/support/built_plans.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.support.built_plans import build_aomori_slice, build_plan, sized_plan

from gyokaku.plans.models import Node, Plan


@pytest.fixture
def plan_factory(db: None) -> Callable[..., Plan]:
    return build_plan


@pytest.fixture
def small_plan(db: None) -> Plan:
    return build_aomori_slice()


@pytest.fixture
def plan_of_size(db: None) -> Callable[[int], Plan]:
    return sized_plan


@pytest.fixture
def deepest_key() -> Callable[[Plan], str]:
    """The key of the plan's last leaf, the node with the longest breadcrumb."""

    def deepest(plan: Plan) -> str:
        leaf = Node.objects.filter(plan=plan).order_by("-depth", "-position").first()
        assert leaf is not None
        return leaf.key

    return deepest
