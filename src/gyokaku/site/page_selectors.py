"""Reads that only the HTML pages need, built on the shared selectors.

Kept apart from ``selectors.py`` so that the pages can grow their own shapes (search results
with their breadcrumb) without changing what the API and exports rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.measures.rollup import NodeRollup
from gyokaku.plans.models import Level, Node, Plan
from gyokaku.plans.selectors import node_search, plan_levels
from gyokaku.site.overview import Overview


@dataclass
class SearchHit:
    node: Node
    level: Level | None
    ancestors: list[Node]


def node_search_hits(*, plan: Plan, query: str, limit: int = 200) -> list[SearchHit]:
    """``node_search`` with each hit's level and ancestors, in three queries at most.

    Keys are paths, so every ancestor of every hit is found with one ``key IN (...)`` query
    whatever the number of hits.
    """
    nodes = node_search(plan=plan, query=query, limit=limit)
    if not nodes:
        return []
    wanted = {key for node in nodes for key in node.ancestor_keys}
    by_key = {n.key: n for n in Node.objects.filter(plan=plan, key__in=wanted)} if wanted else {}
    level_at = {level.depth: level for level in plan_levels(plan=plan)}
    hits = []
    for node in nodes:
        node.plan = plan
        ancestors = [by_key[key] for key in node.ancestor_keys if key in by_key]
        hits.append(SearchHit(node=node, level=level_at.get(node.depth), ancestors=ancestors))
    return hits


@dataclass
class LeafRow:
    """A tracked node below a branch, with its ratings in the year shown (roll-up entry)."""

    node: Node
    reported: bool  # a report of that year the reader may see
    ratings: list[str]  # a label per rating scale, "" where not rated
    item: NodeRollup


def branch_leaves(overview: Overview, node: Node) -> list[LeafRow]:
    """The tracked nodes (leaves) below ``node`` in plan order, in one query; their ratings
    come from the overview's roll-up, so they follow the same visibility rule."""
    leaves = Node.objects.below(node).leaves().order_by("position")
    rows = []
    for leaf in leaves:
        leaf.plan = node.plan
        item = overview.nodes.get(leaf.key) or NodeRollup()
        labels = []
        for scale in overview.scales:
            counts = item.ratings.get(scale.code, {})
            labels.append("、".join(v.label for v in scale.values.all() if counts.get(v.code)))
        rows.append(LeafRow(node=leaf, reported=item.reported > 0, ratings=labels, item=item))
    return rows
