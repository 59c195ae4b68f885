"""Reads of the plan structure shared by pages, API, exports and the CLI.

The whole tree is read in two queries (levels, nodes ordered by their pre-order position) and
assembled in Python, whatever the size of the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from gyokaku.lib.errors import Hidden, Invalid
from gyokaku.plans.models import (
    ItemSheet,
    Level,
    Node,
    Plan,
    PlanVersion,
    reports_on,
    search_text,
    unit_lines,
)
from gyokaku.plans.printed import printed_numbers


@dataclass
class TreeNode:
    node: Node
    level: Level | None
    children: list[TreeNode] = field(default_factory=list)

    def walk(self) -> Iterator[TreeNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def reported(self) -> bool:
        """A reporting unit (報告単位): its reports carry the nodes below it as lines, if any."""
        return reports_on((self.node.is_unit, self.node.is_line), bool(self.children))


@dataclass
class PlanTree:
    plan: Plan
    levels: list[Level]
    roots: list[TreeNode]
    by_key: dict[str, TreeNode]

    def walk(self) -> Iterator[TreeNode]:
        for root in self.roots:
            yield from root.walk()

    def count_by_depth(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for item in self.walk():
            counts[item.node.depth] = counts.get(item.node.depth, 0) + 1
        return counts


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.select_related("municipality").order_by("-start_fy", "slug")


def plan_levels(*, plan: Plan) -> list[Level]:
    return list(Level.objects.filter(plan=plan).order_by("depth"))


def plan_tree(*, plan: Plan) -> PlanTree:
    levels = plan_levels(plan=plan)
    level_at = {level.depth: level for level in levels}
    nodes = Node.objects.filter(plan=plan).order_by("position")
    roots: list[TreeNode] = []
    by_id: dict[int, TreeNode] = {}
    by_key: dict[str, TreeNode] = {}
    for node in nodes:
        node.plan = plan  # avoid a query per node when a caller touches node.plan
        item = TreeNode(node=node, level=level_at.get(node.depth))
        by_id[node.pk] = item
        by_key[node.key] = item
        if node.parent_id is None:
            roots.append(item)
        else:
            by_id[node.parent_id].children.append(item)
    return PlanTree(plan=plan, levels=levels, roots=roots, by_key=by_key)


@dataclass
class NodeDetail:
    node: Node
    level: Level | None
    ancestors: list[Node]
    children: list[Node]

    @property
    def reported(self) -> bool:
        """A reporting unit (報告単位): reports, year plans, indicators and effects are kept for
        it; the nodes below it, if any, are lines (内訳) of its reports."""
        return reports_on((self.node.is_unit, self.node.is_line), bool(self.children))

    @property
    def unit(self) -> Node | None:
        """For a line (内訳), the reporting unit whose reports it is part of."""
        if not self.node.is_line:
            return None
        return next((n for n in reversed(self.ancestors) if n.is_unit), None)


def node_detail(*, plan: Plan, key: str) -> NodeDetail:
    """One node with its breadcrumb and children in three queries; raises Node.DoesNotExist."""
    node = Node.objects.select_related("merged_into", "added_in", "ended_in").get(
        plan=plan, key=key
    )
    node.plan = plan
    related = list(
        Node.objects.filter(plan=plan)
        .filter(Q(key__in=node.ancestor_keys) | Q(parent=node))
        .order_by("position")
    )
    ancestor_keys = set(node.ancestor_keys)
    ancestors = [n for n in related if n.key in ancestor_keys]
    children = [n for n in related if n.parent_id == node.pk]
    level = Level.objects.filter(plan=plan, depth=node.depth).first()
    numbers = printed_numbers({n.key: n.code for n in [*ancestors, node]})
    for above in ancestors:
        above.printed = numbers[above.key]
    number = node.printed = numbers[node.key]  # Node.printed, from the breadcrumb (no query)
    for child in children:
        child.printed = f"{number}-{child.code}" if child.code else number
    return NodeDetail(node=node, level=level, ancestors=ancestors, children=children)


def node_search(*, plan: Plan, query: str, limit: int = 200) -> list[Node]:
    """Nodes whose code, title or description contain every word of ``query``.

    Matching is on NFKC-folded, lower-cased text, so 「ＤＸ」 finds 「DXの推進」 and Japanese
    substrings match anywhere (「窓口」 finds 「書かない窓口の導入」).
    """
    words = search_text(query).split()
    if not words:
        return []
    nodes = Node.objects.filter(plan=plan)
    for word in words:
        nodes = nodes.filter(search_text__contains=word)
    return list(nodes.order_by("position")[:limit])


def plan_for(*, slug: str) -> Plan:
    """The plan of ``slug`` with its municipality, or Hidden (404) — the one way every page, API
    operation and command loads a plan by slug (public: the structure is the published plan).
    A door that answers a missing plan otherwise translates Hidden in one place:
    ``web.access.plan_or_404`` for pages, ``accounts.management.cli.plan_pick`` for commands."""
    plan = Plan.objects.select_related("municipality").filter(slug=slug).first()
    if plan is None:
        raise Hidden(f"計画「{slug}」はありません")
    return plan


def plan_version_for(*, plan: Plan, number: int | None) -> PlanVersion | None:
    """The plan's version (版) ``number`` a target change is part of (None: none named), or
    Invalid naming the field ``plan_version``."""
    if number is None:
        return None
    version = PlanVersion.objects.filter(plan=plan, number=number).first()
    if version is None:
        raise Invalid({"plan_version": f"この計画に第{number}版はありません"})
    return version


def node_for(*, plan: Plan, key: str) -> Node:
    node = Node.objects.filter(plan=plan, key=key).first()
    if node is None:
        raise Hidden(f"取組方策「{key}」はありません")
    node.plan = plan
    return node


def plan_versions(*, plan: Plan) -> list[PlanVersion]:
    """策定 and every 改定・中間見直し of the plan, oldest first (改定履歴; one query)."""
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    for version in versions:
        version.plan = plan
    return versions


def node_by_former_key(*, plan: Plan, key: str) -> Node | None:
    """The node a revision renumbered from ``key`` (old links and files still find it)."""
    for node in Node.objects.filter(plan=plan).exclude(former_keys=[]).order_by("-position"):
        if key in node.former_keys:
            return node
    return None


SHEET_TEXT_FIELDS = ("content", "situation", "goal", "effect_fiscal", "effect_other")


def item_sheets(*, plan: Plan) -> dict[int, ItemSheet]:
    """個票 of the plan's items by node id (one query)."""
    return {s.node_id: s for s in ItemSheet.objects.filter(node__plan=plan)}


def sheet_data(sheet: ItemSheet) -> dict[str, object]:
    """A 個票 in the plan file's shape (``planfile.SheetIn``)."""
    out: dict[str, object] = {name: getattr(sheet, name) for name in SHEET_TEXT_FIELDS[:3]}
    out["schedule"] = [
        {"fiscal_year": e["fiscal_year"], "stage": e.get("stage", ""), "text": e.get("text", "")}
        for e in sheet.schedule
    ]
    out |= {name: getattr(sheet, name) for name in SHEET_TEXT_FIELDS[3:]}
    return out


def plan_numbers(*, plan_id: int) -> dict[str, str]:
    """Key -> printed number (2-(1)-01-⑤) of every node of the plan, in one query."""
    return printed_numbers(dict(Node.objects.filter(plan_id=plan_id).values_list("key", "code")))


def number_nodes(nodes: Iterable[Node]) -> None:
    """Give each node its printed number (``Node.printed``): one query per plan among them (the
    plan's keys and codes, small rows even for 5,000 nodes), however many nodes are shown."""
    by_plan: dict[int, list[Node]] = {}
    for node in nodes:
        if node is not None:
            by_plan.setdefault(node.plan_id, []).append(node)
    for plan_id, shown in by_plan.items():
        numbers = plan_numbers(plan_id=plan_id)
        for node in shown:
            node.printed = numbers.get(node.key, node.code)


def unit_line_labels(
    *, plan_id: int, fiscal_year: int, numbers: dict[str, str]
) -> dict[int, list[str]]:
    """内訳 as 「番号 名称」 per unit pk (``plans.models.unit_lines``); one query. ``numbers``:
    ``plan_numbers`` of the plan."""
    nodes = list(
        Node.objects.filter(plan_id=plan_id)
        .order_by("position")
        .only("pk", "parent_id", "key", "title", "is_unit", "is_line", "first_fy", "ended_fy")
    )
    return {
        unit: [f"{numbers.get(n.key, n.key)} {n.title}" for n in lines]
        for unit, lines in unit_lines(nodes, fiscal_year).items()
    }
