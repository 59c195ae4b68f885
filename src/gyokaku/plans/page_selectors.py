"""Reads that only the HTML pages need, built on the shared selectors.

Kept apart from ``selectors.py`` so that the pages can grow their own shapes (search results
with their breadcrumb) without changing what the API and exports rely on.
"""

from __future__ import annotations

from dataclasses import dataclass

from gyokaku.plans.models import Level, Node, Plan
from gyokaku.plans.selectors import node_search, plan_levels


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
