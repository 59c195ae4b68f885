"""Read endpoints for plans and nodes under /api/v1/plans."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.params.functions import Query

from gyokaku.accounts.api_auth import READ_AUTH, WRITE_AUTH, request_actor
from gyokaku.accounts.models import Department
from gyokaku.accounts.rules import require_plan_office
from gyokaku.accounts.services import node_departments_set
from gyokaku.committee.selectors import published_node_opinions, published_opinion_out
from gyokaku.lib.errors import Invalid
from gyokaku.lib.wareki import fy_label, period_label, wareki_date
from gyokaku.measures.api import effect_lines_out, indicator_out
from gyokaku.measures.schemas import NodeMeasuresDetailOut
from gyokaku.measures.selectors import node_measures_for
from gyokaku.plans import selectors
from gyokaku.plans.models import Node, Plan, PlanVersion
from gyokaku.plans.planfile import iter_nodes
from gyokaku.plans.schemas import PlanOut, PlanSummaryOut, PlanVersionOut
from gyokaku.plans.selectors import node_for, plan_for
from gyokaku.site.changes import ItemChange, check_pair, default_pair, plan_changes
from gyokaku.site.history import report_row_out, report_rows, reports_for
from gyokaku.site.overview import published_years
from gyokaku.site.schemas import ChangeItemOut, ReportItemOut
from gyokaku.site.selectors import plan_file_data
from gyokaku.site.sheet_selectors import node_sheet_data
from gyokaku.tracking.models import ProgressReport, State
from gyokaku.tracking.publication_selectors import last_published, node_corrections
from gyokaku.tracking.schemas import NodeDepartmentsIn, NodeDepartmentsOut
from gyokaku.tracking.selectors import node_progress_for
from gyokaku.web.api_answers import BODY, READ, WRITE, answers
from gyokaku.web.paging import Paged, Pages

# The operation ids name the module these operations were first written in (gyokaku.plans.api);
# they are part of the published OpenAPI document (client generators use them), so they stay.
router = Router(tags=["plans"])


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


@router.get(
    "",
    response=answers(list[PlanSummaryOut], 422),
    summary="Plans (public), 50 a page",
    operation_id="gyokaku_plans_api_list_plans",
)
@paginate(Pages)
def list_plans(request: HttpRequest) -> Paged[Plan, dict[str, Any]]:
    """Every plan, newest period first: ``{"items": [...], "count": n}``; ``page`` (from 1)
    and ``page_size`` (at most 100) choose the page."""
    return Paged(selectors.plan_list(), lambda plans: [_summary(p) for p in plans])


@router.get(
    "/{slug}",
    response=answers(PlanOut, 404),
    summary="A plan with its levels and node tree",
    operation_id="gyokaku_plans_api_get_plan",
)
def get_plan(request: HttpRequest, slug: str) -> dict[str, Any]:
    plan = plan_for(slug=slug)
    data = plan_file_data(plan=plan, with_life=True)
    count = sum(1 for _ in iter_nodes(data["nodes"]))
    return {
        **_summary(plan),
        "parent_plan": plan.parent_plan,
        "lead": plan.lead,
        "background": plan.background,
        "office_name": plan.office_name,
        "directions": [
            {"code": code, "label": label} for code, label in plan.direction_labels.items()
        ],
        "stages": [{"code": code, "label": label} for code, label in plan.stage_labels.items()],
        "levels": data["levels"],
        "node_count": count,
        "nodes": data["nodes"],
    }


@router.get(
    "/{slug}/versions",
    response=answers(list[PlanVersionOut], 404),
    summary="The plan's versions (改定履歴): 策定 and each 改定・中間見直し, oldest first",
    operation_id="gyokaku_plans_api_list_versions",
)
def list_versions(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """Public, like the plan: what each revision decided, when, from which fiscal year, why,
    and its main changes (items added, ended, merged, renumbered)."""
    plan = plan_for(slug=slug)
    return [_version_out(v) for v in selectors.plan_versions(plan=plan)]


def _version_out(version: PlanVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "kind": version.kind,
        "kind_label": version.get_kind_display(),
        "decided_on": version.decided_on,
        "decided_on_label": wareki_date(version.decided_on) if version.decided_on else "",
        "effective_fy": version.effective_fy,
        "effective_fy_label": fy_label(version.effective_fy),
        "reason": version.reason,
        "summary": list(version.summary or []),
    }


@router.get(
    "/{slug}/progress",
    response=answers(list[ReportItemOut], *READ, 422),
    auth=READ_AUTH,
    summary="Progress reports of a plan the caller may see (anonymous: published only), 50 a page",
    operation_id="gyokaku_plans_api_list_reports",
)
@paginate(Pages)
def list_reports(
    request: HttpRequest, slug: str, fy: int | None = None
) -> Paged[ProgressReport, dict[str, Any]]:
    """The reports (取組状況) with their texts, ratings and year plan, oldest year first and
    in plan order; ``fy`` keeps one fiscal year. Anonymous callers and other municipalities
    get published reports only; the plan's municipality gets every state."""
    actor = request_actor(request)
    plan = plan_for(slug=slug)
    if fy is not None and fy not in plan.fiscal_years:
        raise Invalid({"fy": f"{fy}年度は計画期間（{plan.start_fy}〜{plan.end_fy}年度）外です"})
    reports = reports_for(actor, plan, fy=fy)
    return Paged(reports, lambda rows: [report_row_out(r, plan) for r in report_rows(rows)])


@router.get(
    "/{slug}/changes",
    response=answers(list[ChangeItemOut], 404, 422),
    summary="What changed between two fiscal years, from published reports only, 50 a page",
    operation_id="gyokaku_plans_api_list_changes",
)
@paginate(Pages)
def list_changes(
    request: HttpRequest,
    slug: str,
    from_fy: str = Query("", alias="from"),
    to_fy: str = Query("", alias="to"),
) -> list[dict[str, Any]]:
    """The tracked nodes whose rating, direction (今後の方向性), stage (工程) or fiscal effects
    changed from ``from`` to ``to`` (both fiscal years of the plan), and those published in
    ``to`` but not in ``from`` (new; a node published in ``from`` only is not listed).
    Without ``from`` and ``to``: the last two published years. The same answer for every
    caller: published data only."""
    plan = plan_for(slug=slug)
    published = published_years(plan)
    pair = default_pair(published, plan)
    if from_fy or to_fy:
        pair = check_pair(plan, from_fy, to_fy)
    if pair is None:
        return []
    changes = plan_changes(plan=plan, from_fy=pair[0], to_fy=pair[1], published=published)
    return [_change_out(plan, item, *pair) for item in changes.items]


def _change_out(plan: Plan, item: ItemChange, from_fy: int, to_fy: int) -> dict[str, Any]:
    before, after = item.report_before, item.report_after
    return {
        **_ref(item.node),
        "pillar_key": item.node.key.split("-")[0],
        "from_fy": from_fy,
        "to_fy": to_fy,
        "published_before": before is not None,
        "changed": item.changed_fields,
        "ratings_before": (before.ratings or {}) if before else {},
        "ratings_after": (after.ratings or {}) if after else {},
        "direction_before": before.direction if before else "",
        "direction_after": after.direction if after else "",
        "stage_before": item.stage_codes[0],
        "stage_after": item.stage_codes[1],
        "effects_before": {
            "target_yen": item.before.target_yen,
            "actual_yen": item.before.actual_yen,
        },
        "effects_after": {"target_yen": item.after.target_yen, "actual_yen": item.after.actual_yen},
        "page_url": f"/plans/{plan.slug}/nodes/{item.node.key}/",
    }


def _ref(node: Node) -> dict[str, Any]:
    return {"key": node.key, "code": node.code, "level": node.depth, "title": node.title}


def _life(node: Node) -> dict[str, Any]:
    """The node's life in the plan (改定): added, ended, merged, renumbered."""
    return {
        "first_fy": node.first_fy,
        "ended_fy": node.ended_fy,
        "end_kind": node.end_kind,
        "end_label": node.end_label,
        "end_note": node.end_note,
        "merged_into": _ref(node.merged_into) if node.merged_into else None,
        "former_keys": list(node.former_keys or []),
        "added_in_version": node.added_in.number if node.added_in else None,
        "ended_in_version": node.ended_in.number if node.ended_in else None,
    }


@router.get(
    "/{slug}/nodes/{key}",
    response=answers(NodeMeasuresDetailOut, *READ),
    auth=READ_AUTH,
    summary="One node of a plan, with the year plans, progress, indicators and fiscal effects "
    "the caller may see",
    operation_id="gyokaku_plans_api_get_node",
)
def get_node(request: HttpRequest, slug: str, key: str) -> dict[str, Any]:
    plan = plan_for(slug=slug)
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
        "reported": detail.reported,
        "line_of": _ref(detail.unit) if detail.unit else None,
        "url": f"/plans/{plan.slug}/nodes/{node.key}/",
        "sheet": node_sheet_data(node=node),  # 個票: plan data, for everybody
        **_life(node),
        "year_plans": [
            {
                "fiscal_year": y.fiscal_year,
                "fiscal_year_label": fy_label(y.fiscal_year),
                "stage": y.stage,
                "stage_label": plan.stage_label(y.stage),
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
        "committee_opinions": [
            published_opinion_out(o)
            for year in published_node_opinions(node=node).values()
            for o in year
        ],
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
        # 公表と訂正: what the public was last shown and when, and every correction since
        "published_at": last_published(plan, node=node),
        "corrections": [c.as_dict() for c in node_corrections(node)],
    }


@router.put(
    "/{slug}/nodes/{key}/departments",
    response=answers(NodeDepartmentsOut, *WRITE, *BODY),
    auth=WRITE_AUTH,
    summary="Assign the departments (担当課) of a node (plan office)",
    operation_id="gyokaku_plans_api_put_node_departments",
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
