from __future__ import annotations

from typing import Any

import pytest

from gyokaku.plans import selectors
from gyokaku.plans.models import Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


def _load(data: dict[str, Any]) -> Plan:
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    return selectors.plan_for(slug=data["slug"])


@pytest.fixture(params=[85, 5000], ids=["85-nodes", "5000-nodes"])
def sized_plan(request: pytest.FixtureRequest) -> Plan:
    from gyokaku.plans.outline.sample import generate_plan

    data = generate_plan(request.param, seed=7)
    data["municipality"]["code"] = data["municipality"]["code"] or "022012"
    data["slug"] = f"sample-{request.param}"
    return _load(data)


def test_it_reads_a_whole_tree_in_two_queries(
    sized_plan: Plan, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        tree = selectors.plan_tree(plan=sized_plan)
        count = sum(1 for _ in tree.walk())
    assert count == sized_plan.nodes.count()


def test_the_plan_file_of_any_size_takes_constant_queries(
    sized_plan: Plan, django_assert_num_queries: Any
) -> None:
    # levels, nodes, departments, assignments, 個票, rating scales
    with django_assert_num_queries(6):
        data = plan_file_data(plan=sized_plan)
    assert data["slug"] == sized_plan.slug


def test_a_node_detail_takes_constant_queries(
    sized_plan: Plan, django_assert_num_queries: Any
) -> None:
    deepest = sized_plan.nodes.order_by("-depth", "position").first()
    assert deepest is not None
    with django_assert_num_queries(3):
        detail = selectors.node_detail(plan=sized_plan, key=deepest.key)
    assert [n.depth for n in detail.ancestors] == list(range(1, deepest.depth))
    assert detail.ancestors[-1].pk == deepest.parent_id


def test_the_tree_keeps_document_order(small_plan: dict[str, Any]) -> None:
    tree = selectors.plan_tree(plan=_load(small_plan))
    assert [item.node.key for item in tree.walk()] == ["1", "1-1", "1-2", "2"]
    assert tree.count_by_depth() == {1: 2, 2: 2}
    assert tree.by_key["1"].children[1].node.title.startswith("=1+1")


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("窓口", ["1-1"]),
        ("ＤＸ", ["1"]),  # full-width letters fold to ASCII
        ("dx", ["1"]),
        ("デジタル 活用", ["1"]),  # every word must match; descriptions count
        ("財政", ["2"]),
        ("存在しない", []),
        ("   ", []),
    ],
)
def test_search_finds_japanese_substrings(
    small_plan: dict[str, Any], query: str, keys: list[str]
) -> None:
    plan = _load(small_plan)
    assert [n.key for n in selectors.node_search(plan=plan, query=query)] == keys
