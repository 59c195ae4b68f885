"""Query counts of the dashboards: the same at 85 and at 5,000 nodes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gyokaku.accounts.models import Department
from gyokaku.measures.sample import fill_sample_measures
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.outline.sample import generate_plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def _plan(size: int, world: Any) -> Plan:
    data = generate_plan(size, seed=3)
    data["slug"], data["municipality"]["code"] = f"measured-{size}", "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    plan = plan_for(slug=data["slug"])
    fill_sample_measures(plan=plan, years=2, seed=5)
    # alice's department owns every tenth item of each plan
    dx = Department.objects.get(pk=world.dx.pk)
    leaves = Node.objects.filter(plan=plan, children__isnull=True).order_by("position")
    dx.nodes.add(*list(leaves)[::10])
    return plan


def _queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("user", "page", "expected"),
    [
        ("carol", "/plans/{slug}/dashboard/?fy=2026", 31),
        ("dave", "/plans/{slug}/dashboard/nodes/1/?fy=2026", 31),
        ("alice", "/my/dashboard/?plan={slug}&fy=2026", 25),
    ],
    ids=["dashboard", "drill-down", "department"],
)
def test_it_reads_in_the_same_number_of_queries_at_any_size(
    world: Any, as_user: Clients, user: str, page: str, expected: int
) -> None:
    small, large = _plan(85, world), _plan(5000, world)
    client = as_user(user)
    client.get("/my/")  # the first request of a session reads more (session, CSRF)
    counts = [_queries(client, page.format(slug=plan.slug)) for plan in (small, large)]
    # session, user, actor, plan, the roll-up of FY2026 (7 queries; the plan and node views
    # also read the public one, 7 more, and the year's coverage, 2), the effect totals of every
    # year of the plan so far (FY2025–2026, one query), and the page's own reads (nodes,
    # scales, level, targets; a department's items, their printed numbers, and plans)
    assert counts == [expected, expected]
