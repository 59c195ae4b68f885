"""The drill-down: a node's children with the same numbers as plan_rollup."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import PLAN

from gyokaku.measures.rollup import plan_rollup

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def test_it_shows_the_children_and_the_node_total(measured: Any, as_user: Clients) -> None:
    response = as_user("dave").get(f"{PLAN}/dashboard/nodes/1/?fy=2024")
    html = response.content.decode()
    assert response.status_code == 200
    assert "① 書かない窓口の導入" in html and "② 電子契約の導入" in html
    assert "市民の声を市政に反映" not in html  # another pillar
    node = plan_rollup(plan=measured.plan, fiscal_year=2024, published_only=False).nodes["1"]
    assert node.single_year.total.target_yen == 13_345_678
    footer = html[html.index('<table id="table-effects"') :].split("<tfoot>")[1]
    assert ">13,346</td>" in footer and ">12,995</td>" in footer
    assert 'href="/plans/test-2024-2028/dashboard/nodes/1-1/?fy=2024&amp;unit=thousand"' in html
    assert 'aria-current="page"><span class="code">1</span> DXの推進' in html  # breadcrumb


def test_it_shows_a_tracked_item_without_children(measured: Any, as_user: Clients) -> None:
    response = as_user("carol").get(f"{PLAN}/dashboard/nodes/1-1/?fy=2024&unit=million")
    html = response.content.decode()
    assert response.status_code == 200
    assert "chart-rating-status" not in html  # no rows to draw; the effects charts remain
    assert 'id="chart-effects-year"' in html and 'id="table-per-year"' in html
    assert ">13</td>" in html  # 12,995,000 yen actual → 13 百万円


def test_it_answers_404_for_an_unknown_key(world: Any, as_user: Clients) -> None:
    assert as_user("carol").get(f"{PLAN}/dashboard/nodes/9-9/").status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [("carol", 200), ("dave", 200), ("erin", 200), ("bob", 302), ("mallory", 404), (None, 302)],
)
def test_it_lets_the_plan_office_and_viewers_in(
    world: Any, as_user: Clients, name: str | None, status: int
) -> None:
    assert as_user(name).get(f"{PLAN}/dashboard/nodes/1/").status_code == status
