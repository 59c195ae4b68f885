"""Node.objects: the tracked nodes (leaves) and subtrees, keys that share a prefix included."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from gyokaku.plans.models import Municipality, Node, Plan

pytestmark = pytest.mark.django_db

#   1 ── 1-1 ── 1-1-1, 1-1-2
#     └─ 1-10             ("1-10" starts with "1-1" but is not below it)
#   2
SHAPE = [("1", None), ("1-1", "1"), ("1-1-1", "1-1"), ("1-1-2", "1-1"), ("1-10", "1"), ("2", None)]


def _plan(slug: str, code: str) -> Plan:
    town = Municipality.objects.create(code=code, name=slug)
    plan = Plan.objects.create(municipality=town, slug=slug, title=slug, start_fy=2024, end_fy=2028)
    made: dict[str, Node] = {}
    for position, (key, parent) in enumerate(SHAPE):
        made[key] = Node.objects.create(
            plan=plan,
            parent=made.get(parent or ""),
            depth=key.count("-") + 1,
            key=key,
            code=key,
            title=key,
            order=position,
            position=position,
        )
    return plan


@pytest.fixture
def plans() -> tuple[Plan, Plan]:
    return _plan("aomori", "022012"), _plan("sapporo", "011002")


def _keys(nodes: Iterable[Node]) -> list[str]:
    return sorted(n.key for n in nodes)


def test_it_finds_the_leaves(plans: tuple[Plan, Plan]) -> None:
    aomori, _ = plans
    assert _keys(Node.objects.filter(plan=aomori).leaves()) == ["1-1-1", "1-1-2", "1-10", "2"]


def test_a_subtree_is_the_node_and_its_descendants_not_a_key_prefix(
    plans: tuple[Plan, Plan],
) -> None:
    aomori, _ = plans
    node = Node.objects.get(plan=aomori, key="1-1")
    assert _keys(Node.objects.subtree(node)) == ["1-1", "1-1-1", "1-1-2"]
    assert _keys(Node.objects.below(node)) == ["1-1-1", "1-1-2"]


def test_a_subtree_of_a_node_stays_in_its_plan_and_of_a_key_needs_one(
    plans: tuple[Plan, Plan],
) -> None:
    aomori, sapporo = plans
    node = Node.objects.get(plan=sapporo, key="1-1")
    assert {n.plan_id for n in Node.objects.subtree(node)} == {sapporo.pk}
    assert Node.objects.subtree("1-1").count() == 6  # three in each plan
    assert _keys(Node.objects.filter(plan=aomori).subtree("1")) == [
        "1",
        "1-1",
        "1-1-1",
        "1-1-2",
        "1-10",
    ]


def test_a_leaf_is_its_own_subtree_and_has_nothing_below(plans: tuple[Plan, Plan]) -> None:
    aomori, _ = plans
    leaf = Node.objects.get(plan=aomori, key="1-10")
    assert _keys(Node.objects.subtree(leaf)) == ["1-10"]
    assert not Node.objects.below(leaf).exists()
    assert _keys(Node.objects.below(Node.objects.get(plan=aomori, key="1")).leaves()) == [
        "1-1-1",
        "1-1-2",
        "1-10",
    ]


def test_it_answers_for_one_node_already_read(plans: tuple[Plan, Plan]) -> None:
    aomori, sapporo = plans
    one_one = Node.objects.get(plan=aomori, key="1-1")
    assert Node.objects.get(plan=aomori, key="1-1-2").is_in_subtree_of(one_one)
    assert one_one.is_in_subtree_of(one_one)
    assert not Node.objects.get(plan=aomori, key="1-10").is_in_subtree_of(one_one)
    assert not Node.objects.get(plan=sapporo, key="1-1-2").is_in_subtree_of(one_one)
