"""Pages of a plan, public and staff alike (公開ページ): the landing page, a plan with its
progress and tree, a node with its history, what changed between years, search.

Everybody reads the same addresses; what a page shows follows the one visibility rule of the
selectors: outsiders (anonymous visitors, other municipalities) see published reports only,
the plan's own staff see everything and links to their work. Views are thin doors: look up with
a selector, shape for the template, render. htmx only enhances (year links and search swap a
part of the page); every page works with plain links and forms.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.lib.errors import Invalid
from gyokaku.lib.wareki import fy_label, period_label
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.selectors import (
    PlanTree,
    TreeNode,
    node_by_former_key,
    node_detail,
    plan_levels,
    plan_list,
    plan_tree,
    plan_versions,
)
from gyokaku.site.changes import check_pair, default_pair, plan_changes
from gyokaku.site.charts import node_charts, overview_charts
from gyokaku.site.history import node_history_for
from gyokaku.site.overview import (
    chosen_year,
    overview_for,
    plan_summaries,
    published_years,
    visible_years,
)
from gyokaku.site.page_selectors import branch_leaves, node_search_hits
from gyokaku.site.sheet_proposals import can_propose_sheet
from gyokaku.site.sheet_selectors import node_sheet
from gyokaku.tracking.publication_selectors import (
    last_published,
    last_published_of,
    node_corrections,
    updated_label,
)
from gyokaku.web.access import plan_or_404

NodeUrl = Callable[[str], str]

# A plan this small opens fully; a larger one opens its first level only, so that the page
# stays readable (「すべて開く」 opens the rest).
OPEN_ALL_UP_TO = 300
# Set by `gyokaku publish` (public/export.py) on every page it renders for a static copy.
EXPORT_HEADER = "HTTP_X_GYOKAKU_EXPORT"


def index(request: HttpRequest) -> HttpResponse:
    plans = plan_list()
    exported = request.META.get(EXPORT_HEADER)  # gyokaku publish: the exported plan alone
    if exported:
        plans = plans.filter(slug=exported)
    summaries = [(s, _period(s.plan)) for s in plan_summaries(list(plans))]
    context = {
        "summaries": summaries,
        "actor": actor_for(request.user),
        "updated_label": updated_label(last_published_of([s.plan for s, _ in summaries])),
    }
    return render(request, "site/index.html", context)


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_or_404(slug)
    actor = actor_for(request.user)
    if _partial(request):  # a year link followed with htmx: the progress section alone
        pillars = list(Node.objects.filter(plan=plan, parent__isnull=True).order_by("position"))
        levels = plan_levels(plan=plan)
        return _progress(request, actor, plan, pillars, levels[0].name if levels else "")
    tree = plan_tree(plan=plan)
    counts = tree.count_by_depth()
    legend = [(level, counts.get(level.depth, 0)) for level in tree.levels]
    pillar_name = tree.levels[0].name if tree.levels else ""
    context = {
        "plan": plan,
        "period": _period(plan),
        "legend": legend,
        "node_total": len(tree.by_key),
        "rows": tree_rows(tree, node_url=_node_url_maker(plan)),
        "versions": plan_versions(plan=plan),
        "can_revise": actor.is_plan_office_of(plan),
        **_progress_context(request, actor, plan, [r.node for r in tree.roots], pillar_name),
    }
    context["updated_label"] = _updated(plan, context.get("overview"))
    return _vary(render(request, "site/plan_detail.html", context))


def node_page(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    plan = plan_or_404(slug)
    try:
        detail = node_detail(plan=plan, key=key)
    except Node.DoesNotExist:
        renumbered = node_by_former_key(plan=plan, key=key)  # 改定で番号が変わった取組
        if renumbered is None:
            raise Http404("no such node") from None
        return redirect("plans:node", slug=plan.slug, key=renumbered.key, permanent=True)
    actor = actor_for(request.user)
    context: dict[str, Any] = {
        "plan": plan,
        "detail": detail,
        "actor": actor,
        "updated_label": updated_label(last_published(plan, node=detail.node)),
    }
    context["sheet"] = node_sheet(plan=plan, node=detail.node)  # 個票
    # a department's editor proposes changes to its items' 個票 (no query for anyone else)
    context["can_propose_sheet"] = can_propose_sheet(actor, detail.node) is None
    if detail.node.is_line:  # 内訳: reported inside its unit's report, no records of its own
        return render(request, "site/node_detail.html", context)
    if detail.children and not detail.reported:
        levels = {level.depth: level.name for level in plan_levels(plan=plan)}
        name = levels.get(detail.node.depth + 1, "")
        if _partial(request):
            return _progress(request, actor, plan, detail.children, name, node=detail.node)
        progress = _progress_context(request, actor, plan, detail.children, name, detail.node)
        context.update(progress)
        if progress["overview"] is not None:
            context["leaves"] = branch_leaves(progress["overview"], detail.node)
        return _vary(render(request, "site/node_detail.html", context))
    history = node_history_for(actor, detail.node)
    context.update(
        history=history,
        charts=node_charts(history),
        departments=list(detail.node.departments.order_by("code")),
        corrections=node_corrections(detail.node),  # 訂正
    )
    return render(request, "site/node_detail.html", context)


def changes(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_or_404(slug)
    published = published_years(plan)
    pair, problems = default_pair(published, plan), {}
    if "from" in request.GET or "to" in request.GET:
        try:
            pair = check_pair(plan, request.GET.get("from", ""), request.GET.get("to", ""))
        except Invalid as exc:
            pair, problems = None, exc.problems
    context = {
        "plan": plan,
        "published_pairs": list(pairwise(published)),
        "changes": pair
        and plan_changes(plan=plan, from_fy=pair[0], to_fy=pair[1], published=published),
        "problems": problems,
        "chosen": dict(zip(("from", "to"), map(str, pair), strict=True))
        if pair
        else {name: request.GET.get(name, "") for name in ("from", "to")},
        "years": [(fy, fy_label(fy)) for fy in plan.fiscal_years],
        "partial": _partial(request),
        "updated_label": updated_label(last_published(plan)),
    }
    template = "site/_changes_results.html" if context["partial"] else "site/changes.html"
    return _vary(render(request, template, context, status=422 if problems else 200))


def search(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_or_404(slug)
    query = request.GET.get("q", "").strip()[:200]
    hits = node_search_hits(plan=plan, query=query) if query else []
    context = {"plan": plan, "query": query, "hits": hits}
    template = "site/_search_results.html" if _partial(request) else "site/search.html"
    return _vary(render(request, template, context))


# ---- the progress section (plan overview, a branch node) -------------------------------------


def _progress_context(
    request: HttpRequest,
    actor: Actor,
    plan: Plan,
    rows: list[Node],
    level_name: str,
    node: Node | None = None,
) -> dict[str, Any]:
    years = visible_years(actor, plan)
    fy = chosen_year(actor, plan, years, request.GET.get("fy"))
    row_name = level_name or gettext("取組")
    if fy is None:
        return {"overview": None, "progress_charts": None, "row_name": row_name}
    overview = overview_for(actor, plan, fy, years, rows=rows, level_name=level_name, node=node)
    return {
        "overview": overview,
        "progress_charts": overview_charts(overview, row_name),
        "row_name": row_name,
        "fy_label": fy_label(fy),
        "year_links": [(y, fy_label(y)) for y in years],
        "progress_node": node,
    }


def _progress(
    request: HttpRequest,
    actor: Actor,
    plan: Plan,
    rows: list[Node],
    level_name: str,
    node: Node | None = None,
) -> HttpResponse:
    context = {
        "plan": plan,
        "partial": True,
        **_progress_context(request, actor, plan, rows, level_name, node),
    }
    return _vary(render(request, "site/_progress.html", context))


def _updated(plan: Plan, overview: Any) -> str:
    """更新日 of the plan page: the newest publication of the year it shows, else of the plan."""
    fiscal_year = getattr(overview, "fiscal_year", None) if overview is not None else None
    return updated_label(last_published(plan, fiscal_year=fiscal_year))


def _partial(request: HttpRequest) -> bool:
    """htmx asks for a part of the page; a history restore needs the whole page."""
    return "HX-Request" in request.headers and "HX-History-Restore-Request" not in request.headers


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


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
