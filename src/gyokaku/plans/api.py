"""Read endpoints for plans and nodes under /api/v1/plans."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from gyokaku.accounts.access import require_plan_office
from gyokaku.accounts.api_auth import READ_AUTH, WRITE_AUTH, request_actor
from gyokaku.accounts.models import Department
from gyokaku.accounts.services import node_departments_set
from gyokaku.lib.errors import Invalid
from gyokaku.lib.wareki import fy_label, period_label
from gyokaku.measures.api import effect_lines_out, indicator_out
from gyokaku.measures.schemas import NodeMeasuresDetailOut
from gyokaku.measures.selectors import node_measures_for
from gyokaku.plans import selectors
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.planfile import iter_nodes
from gyokaku.plans.schemas import PlanOut, PlanSummaryOut
from gyokaku.tracking.models import Stage, State
from gyokaku.tracking.schemas import NodeDepartmentsIn, NodeDepartmentsOut
from gyokaku.tracking.selectors import node_for, node_progress_for, plan_for

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


@router.get(
    "/{slug}/nodes/{key}",
    response=NodeMeasuresDetailOut,
    auth=READ_AUTH,
    summary="One node of a plan, with the year plans, progress, indicators and fiscal effects "
    "the caller may see",
)
def get_node(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    plan = _plan_or_404(slug)
    try:
        detail = selectors.node_detail(plan=plan, key=key)
    except Node.DoesNotExist:
        raise HttpError(404, f"取組方策「{key}」はありません") from None
    node = detail.node
    actor = request_actor(request)
    seen = node_progress_for(actor, node)
    measures = node_measures_for(actor, node)
    api_base = f"/api/v1/plans/{plan.slug}/nodes/{node.key}"
    return {
        "plan": plan.slug,
        **_ref(node),
        "level_name": detail.level.name if detail.level else "",
        "description": node.description,
        "parent_key": node.parent_key,
        "departments": [{"code": d.code, "name": d.name} for d in node.departments.all()],
        "ancestors": [_ref(n) for n in detail.ancestors],
        "children": [_ref(n) for n in detail.children],
        "is_leaf": not detail.children,
        "url": f"/plans/{plan.slug}/nodes/{node.key}/",
        "year_plans": [
            {
                "fiscal_year": y.fiscal_year,
                "fiscal_year_label": fy_label(y.fiscal_year),
                "stage": y.stage,
                "stage_label": Stage(y.stage).label if y.stage else "",
                "text": y.text,
                "version": y.version,
            }
            for y in seen.year_plans
        ],
        "progress": [
            {
                "fiscal_year": r.fiscal_year,
                "fiscal_year_label": fy_label(r.fiscal_year),
                "state": r.state,
                "state_label": State(r.state).label,
                "direction": r.direction,
                "ratings": r.ratings,
                "version": r.version,
                "url": f"{api_base}/progress/{r.fiscal_year}",
            }
            for r in seen.reports
        ],
        "indicators": [indicator_out(i, plan.fiscal_years) for i in measures.indicators.indicators],
        "indicators_version": measures.indicators.version,
        "effects": [
            {
                "fiscal_year": e.fiscal_year,
                "fiscal_year_label": fy_label(e.fiscal_year),
                "effects": effect_lines_out(e),
                "version": e.version,
                "url": f"{api_base}/effects/{e.fiscal_year}",
            }
            for e in measures.effects
        ],
    }


@router.put(
    "/{slug}/nodes/{key}/departments",
    response=NodeDepartmentsOut,
    auth=WRITE_AUTH,
    summary="Assign the departments (担当課) of a node (plan office)",
)
def put_node_departments(
    request: HttpRequest, slug: str, key: str, payload: NodeDepartmentsIn
) -> dict[str, Any]:
    actor = request_actor(request)
    plan = plan_for(slug=slug)
    node = node_for(plan=plan, key=key)
    require_plan_office(actor, plan, "所管課の割り当て")  # before telling what codes exist
    departments = departments_by_codes(
        municipality_id=plan.municipality_id, codes=payload.departments
    )
    node_departments_set(node=node, departments=departments, actor=actor)
    return {
        "key": node.key,
        "departments": [{"code": d.code, "name": d.name} for d in node.departments.all()],
    }


def departments_by_codes(*, municipality_id: int, codes: list[str]) -> list[Department]:
    """The municipality's departments named by ``codes``, or ``Invalid`` naming the unknown."""
    wanted = list(dict.fromkeys(codes))
    found = {
        d.code: d
        for d in Department.objects.filter(municipality_id=municipality_id, code__in=wanted)
    }
    missing = [c for c in wanted if c not in found]
    if missing:
        raise Invalid({"departments": f"所管課コード {', '.join(missing)} はありません"})
    return [found[c] for c in wanted]
