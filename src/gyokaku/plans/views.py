"""Pages of the plan structure: the plan list, a plan with its whole tree, a node, search.

Views are thin doors: look up with a selector, shape for the template, render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext

from gyokaku.lib.wareki import period_label
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.page_selectors import node_search_hits
from gyokaku.plans.selectors import PlanTree, TreeNode, node_detail, plan_get, plan_list, plan_tree

NodeUrl = Callable[[str], str]

# A plan this small opens fully; a larger one opens its first level only, so that the page
# stays readable (「すべて開く」 opens the rest).
OPEN_ALL_UP_TO = 300


def index(request: HttpRequest) -> HttpResponse:
    plans = [(plan, _period(plan)) for plan in plan_list()]
    return render(request, "plans/index.html", {"plans": plans})


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan_or_404(slug)
    tree = plan_tree(plan=plan)
    counts = tree.count_by_depth()
    legend = [(level, counts.get(level.depth, 0)) for level in tree.levels]
    context = {
        "plan": plan,
        "period": _period(plan),
        "legend": legend,
        "node_total": len(tree.by_key),
        "rows": tree_rows(tree, node_url=_node_url_maker(plan)),
    }
    return render(request, "plans/plan_detail.html", context)


def node_page(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    plan = _plan_or_404(slug)
    try:
        detail = node_detail(plan=plan, key=key)
    except Node.DoesNotExist:
        raise Http404("no such node") from None
    return render(request, "plans/node_detail.html", {"plan": plan, "detail": detail})


def search(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan_or_404(slug)
    query = request.GET.get("q", "").strip()[:200]
    hits = node_search_hits(plan=plan, query=query) if query else []
    context = {"plan": plan, "query": query, "hits": hits}
    # htmx asks for the results alone; a history restore needs the whole page.
    partial = (
        "HX-Request" in request.headers and "HX-History-Restore-Request" not in request.headers
    )
    template = "plans/_search_results.html" if partial else "plans/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _plan_or_404(slug: str) -> Plan:
    try:
        return plan_get(slug=slug)
    except Plan.DoesNotExist:
        raise Http404("no such plan") from None


def _period(plan: Plan) -> str:
    """和暦 beside 西暦 for Japanese readers; plain fiscal years in English."""
    if (get_language() or "ja").startswith("en"):
        return f"FY{plan.start_fy}–FY{plan.end_fy}"
    return period_label(plan.start_fy, plan.end_fy)


def _node_url_maker(plan: Plan) -> NodeUrl:
    # One reverse() for the whole tree instead of one per node: 5,000 reverses cost ~100 ms.
    pattern = reverse("plans:node", kwargs={"slug": plan.slug, "key": "KEY"})
    head, _, tail = pattern.rpartition("KEY")
    return lambda key: f"{head}{key}{tail}"


@dataclass(frozen=True, slots=True)
class TreeRow:
    """One step of the tree in document order: open a branch, a leaf, or close a branch.

    The template loops over these once; a recursive ``{% include %}`` per node is far too slow
    for plans of thousands of nodes.
    """

    kind: Literal["open", "leaf", "close"]
    item: TreeNode | None = None
    url: str = ""
    expanded: bool = False
    toggle: str = ""  # what the <summary> of a branch says to a screen reader


CLOSE = TreeRow(kind="close")


def tree_rows(tree: PlanTree, *, node_url: NodeUrl) -> list[TreeRow]:
    open_all = len(tree.by_key) <= OPEN_ALL_UP_TO
    # Translated once, formatted per branch: a {% blocktranslate %} per row costs too much.
    toggle = gettext("「%(title)s」の下位の取組（%(count)d件）")
    rows: list[TreeRow] = []
    # An explicit stack instead of recursion: no depth limit, no per-call overhead.
    stack: list[TreeNode | None] = list(reversed(tree.roots))
    while stack:
        item = stack.pop()
        if item is None:
            rows.append(CLOSE)
            continue
        url = node_url(item.node.key)
        if item.children:
            expanded = open_all or item.node.parent_id is None
            label = toggle % {"title": item.node.title, "count": len(item.children)}
            rows.append(TreeRow("open", item=item, url=url, expanded=expanded, toggle=label))
            stack.append(None)
            stack.extend(reversed(item.children))
        else:
            rows.append(TreeRow(kind="leaf", item=item, url=url))
    return rows
