"""Read endpoints for plans and nodes under /api/v1/plans."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from gyokaku.lib.wareki import period_label
from gyokaku.plans import selectors
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.planfile import iter_nodes
from gyokaku.plans.schemas import NodeOut, PlanOut, PlanSummaryOut

router = Router(tags=["plans"])


def _plan_or_404(slug: str) -> Plan:
    try:
        return selectors.plan_get(slug=slug)
    except Plan.DoesNotExist:
        raise HttpError(404, f"計画「{slug}」はありません") from None


def _summary(plan: Plan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "title": plan.title,
        "municipality": {"code": plan.municipality.code, "name": plan.municipality.name},
        "period": {
            "start_fy": plan.start_fy,
            "end_fy": plan.end_fy,
            "label": period_label(plan.start_fy, plan.end_fy),
        },
        "url": f"/plans/{plan.slug}/",
    }


@router.get("", response=list[PlanSummaryOut], summary="Plans visible to the caller")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    return [_summary(plan) for plan in selectors.plan_list()]


@router.get("/{slug}", response=PlanOut, summary="A plan with its levels and node tree")
def get_plan(request: HttpRequest, slug: str) -> dict[str, Any]:
    plan = _plan_or_404(slug)
    data = selectors.plan_file_data(plan=plan)
    count = sum(1 for _ in iter_nodes(data["nodes"]))
    return {
        **_summary(plan),
        "parent_plan": plan.parent_plan,
        "lead": plan.lead,
        "background": plan.background,
        "levels": data["levels"],
        "node_count": count,
        "nodes": data["nodes"],
    }


def _ref(node: Node) -> dict[str, Any]:
    return {"key": node.key, "code": node.code, "level": node.depth, "title": node.title}


@router.get("/{slug}/nodes/{key}", response=NodeOut, summary="One node of a plan")
def get_node(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    plan = _plan_or_404(slug)
    try:
        detail = selectors.node_detail(plan=plan, key=key)
    except Node.DoesNotExist:
        raise HttpError(404, f"取組方策「{key}」はありません") from None
    node = detail.node
    return {
        "plan": plan.slug,
        **_ref(node),
        "level_name": detail.level.name if detail.level else "",
        "description": node.description,
        "parent_key": node.parent_key,
        "ancestors": [_ref(n) for n in detail.ancestors],
        "children": [_ref(n) for n in detail.children],
        "is_leaf": not detail.children,
        "url": f"/plans/{plan.slug}/nodes/{node.key}/",
    }
