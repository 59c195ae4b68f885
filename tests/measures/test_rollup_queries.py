from __future__ import annotations

from typing import Any

import pytest

from gyokaku.measures.rollup import effect_totals_by_year, plan_rollup
from gyokaku.measures.sample import fill_sample_measures
from gyokaku.plans.models import Plan
from gyokaku.plans.outline.sample import generate_plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[85, 5000], ids=["85-nodes", "5000-nodes"])
def measured_plan(request: pytest.FixtureRequest) -> Plan:
    data = generate_plan(request.param, seed=3)
    data["slug"], data["municipality"]["code"] = f"measured-{request.param}", "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    plan = plan_for(slug=data["slug"])
    fill_sample_measures(plan=plan, years=2, seed=5)
    return plan


@pytest.mark.parametrize("published_only", [False, True])
def test_the_rollup_takes_constant_queries(
    measured_plan: Plan, published_only: bool, django_assert_num_queries: Any
) -> None:
    # nodes, rating values, reports, effects, indicators, targets, actuals
    with django_assert_num_queries(7):
        rollup = plan_rollup(
            plan=measured_plan,
            fiscal_year=measured_plan.start_fy + 1,
            published_only=published_only,
        )
    assert len(rollup.nodes) == measured_plan.nodes.count()
    assert rollup.total.tracked == sum(
        rollup.nodes[n.key].tracked for n in measured_plan.nodes.filter(depth=1)
    )


@pytest.mark.parametrize("published_only", [False, True])
def test_year_totals_take_one_query(
    measured_plan: Plan, published_only: bool, django_assert_num_queries: Any
) -> None:
    pillar = measured_plan.nodes.filter(parent=None).first()
    for node in (None, pillar):
        with django_assert_num_queries(1):
            totals = effect_totals_by_year(
                plan=measured_plan,
                node=node,
                up_to=measured_plan.start_fy + 1,
                published_only=published_only,
            )
        assert [t.fiscal_year for t in totals] == [
            measured_plan.start_fy,
            measured_plan.start_fy + 1,
        ]
