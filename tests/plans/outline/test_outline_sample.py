"""generate_plan: deterministic, exact in size, and readable back through the outline text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from gyokaku.plans.outline import parse_outline, render_outline
from gyokaku.plans.outline.sample import generate_plan


def _walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _walk(node["children"])


@pytest.mark.parametrize("n_nodes", [1, 2, 5, 85, 1000, 5000])
def test_it_generates_exactly_the_nodes_asked_for(n_nodes: int) -> None:
    nodes = list(_walk(generate_plan(n_nodes, seed=1)["nodes"]))
    assert len(nodes) == n_nodes
    assert len({node["key"] for node in nodes}) == n_nodes


def test_it_is_deterministic_for_a_seed() -> None:
    assert generate_plan(500, seed=7) == generate_plan(500, seed=7)
    assert generate_plan(500, seed=7) != generate_plan(500, seed=8)


def test_it_fills_five_levels_at_scale() -> None:
    levels = Counter(node["level"] for node in _walk(generate_plan(5000, seed=1)["nodes"]))
    assert sorted(levels) == [1, 2, 3, 4, 5]
    assert levels[1] == 50


@pytest.mark.parametrize("n_nodes", [3, 85, 5000])
def test_it_reads_back_through_the_outline_text(n_nodes: int) -> None:
    plan = generate_plan(n_nodes, seed=3)
    result = parse_outline(render_outline(plan), slug=plan["slug"])
    assert result.plan == plan
    assert result.warnings == []
