"""API of indicators (成果指標), fiscal effects (財政効果額), plan-level effect targets and the
roll-up (集計) under /api/v1/plans/{slug}.

Each operation: who is calling, one selector for what they may see (``Hidden`` → 404), one
service call for a write, which checks what they may do. Versions as for progress reports
(``web.versioned``): ``ETag`` on GET, ``If-Match`` required on PUT (428 without, 412 stale).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Router
from ninja.responses import NinjaJSONEncoder, Status

from gyokaku.accounts.access import Actor
from gyokaku.accounts.api_auth import READ_AUTH, WRITE_AUTH, request_actor
from gyokaku.lib.achievement import FORMULA_LABELS, Achievement
from gyokaku.lib.errors import Hidden, Stale
from gyokaku.lib.wareki import fy_label
from gyokaku.measures import selectors
from gyokaku.measures.schemas import (
    EffectsIn,
    EffectsOut,
    EffectTargetsIn,
    EffectTargetsOut,
    IndicatorsIn,
    IndicatorsOut,
    RollupOut,
)
from gyokaku.measures.services import effect_targets_update, effects_update, indicators_update
from gyokaku.plans.models import Node
from gyokaku.plans.selectors import node_for, plan_for, plan_version_for
from gyokaku.tracking.schemas import StaleOut
from gyokaku.web.api_answers import (
    BODY,
    IF_MATCH_REQUIRED,
    READ,
    VERSIONED,
    WRITE,
    answers,
)
from gyokaku.web.versioned import if_match_with_body, stale_answer

router = Router(tags=["measures"])

NODE = "/{slug}/nodes/{key}"
RATE_PLACES = Decimal("0.0001")


# ---- answers, shared with the node endpoint -----------------------------------------------


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal as the API writes it: "12.5", "120", "-0.25" (never "1.2E+2")."""
    if value is None:
        return None
    return "0" if value == 0 else format(value.normalize(), "f")


def rate_text(rate: Decimal | None) -> str | None:
    return None if rate is None else decimal_text(rate.quantize(RATE_PLACES))


def _achievement_out(result: Achievement) -> dict[str, Any]:
    return {
        "rate": rate_text(result.rate),
        "points": decimal_text(result.points),
        "percent": result.percent,
        "formula": result.formula,
        "achieved": result.achieved,
    }


def indicator_out(view: selectors.IndicatorView, fiscal_years: range) -> dict[str, Any]:
    ind = view.indicator
    return {
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "direction_label": selectors.DIRECTION_LABELS.get(ind.direction, ind.direction),
        "formula": ind.formula,
        "formula_label": FORMULA_LABELS.get(ind.formula, ind.formula),
        "baseline": {"value": decimal_text(ind.baseline_value), "fy": ind.baseline_fy},
        "final_target": {
            "value": decimal_text(ind.final_target_value),
            "fy": ind.final_target_fy,
        },
        "targets": {fy: decimal_text(v) for fy, v in sorted(view.targets.items())},
        "actuals": {fy: decimal_text(v) for fy, v in sorted(view.actuals.items())},
        "achievement": {fy: _achievement_out(view.achievement(fy)) for fy in fiscal_years},
    }


def effect_lines_out(view: selectors.EffectsView) -> list[dict[str, Any]]:
    return [
        {
            "kind": line.kind,
            "kind_label": line.kind_label,
            "target_yen": line.target_yen,
            "actual_yen": line.actual_yen,
            "note": line.note,
        }
        for line in view.lines
    ]


def _indicators_out(view: selectors.IndicatorsView) -> dict[str, Any]:
    years = view.node.plan.fiscal_years
    return {
        "plan": view.node.plan.slug,
        "key": view.node.key,
        "indicators": [indicator_out(i, years) for i in view.indicators],
        "version": view.version,
        "updated_at": view.updated_at,
    }


def _effects_out(view: selectors.EffectsView) -> dict[str, Any]:
    return {
        "plan": view.node.plan.slug,
        "key": view.node.key,
        "fiscal_year": view.fiscal_year,
        "fiscal_year_label": fy_label(view.fiscal_year),
        "effects": effect_lines_out(view),
        "version": view.version,
        "updated_at": view.updated_at,
    }


def _targets_out(view: selectors.EffectTargetsView) -> dict[str, Any]:
    return {"plan": view.plan.slug, "targets": view.targets, "version": view.version}


def _rollup_out(view: selectors.RollupView) -> dict[str, Any]:
    data = view.rollup.as_dict()
    data["plan"]["effect_targets"] = [
        {
            "kind": t.kind,
            "fiscal_year": t.fiscal_year,
            "target_yen": t.target_yen,
            "label": t.label,
            "span": t.span,
            "actual_yen": t.actual_yen,
            "rate": rate_text(t.rate),
            "percent": t.percent,
        }
        for t in view.targets
    ]
    return {
        **data,
        "fiscal_year_label": fy_label(view.rollup.fiscal_year),
        "published_only": view.published_only,
        "coverage": view.coverage.as_dict(),
    }


def _node(slug: str, key: str) -> Node:
    return node_for(plan=plan_for(slug=slug), key=key)


def _node_to_write(actor: Actor, slug: str, key: str) -> Node:
    """Outsiders learn nothing from a write, not even that If-Match is missing."""
    node = _node(slug, key)
    if not actor.is_internal(node.plan):
        raise Hidden("この取組方策の情報はありません")
    return node


# ---- indicators ---------------------------------------------------------------------------


@router.get(
    NODE + "/indicators",
    response=answers(IndicatorsOut, *READ),
    auth=READ_AUTH,
    summary="A node's indicators (成果指標) with the achievement per year",
)
def indicators_get(
    request: HttpRequest, response: HttpResponse, slug: str, key: str
) -> dict[str, Any]:
    view = selectors.indicators_for(request_actor(request), _node(slug, key))
    response["ETag"] = view.etag
    return _indicators_out(view)


@router.put(
    NODE + "/indicators",
    response=answers(
        {200: IndicatorsOut, 201: IndicatorsOut, 412: StaleOut}, *WRITE, *BODY, *VERSIONED, 409
    ),
    openapi_extra=IF_MATCH_REQUIRED,
    auth=WRITE_AUTH,
    summary='Replace a node\'s indicators (If-Match required; "0" creates them)',
)
def indicators_put(
    request: HttpRequest, response: HttpResponse, slug: str, key: str, payload: IndicatorsIn
) -> Any:
    actor = request_actor(request)
    node = _node_to_write(actor, slug, key)
    expected = if_match_with_body(request, payload.version)
    try:
        indicators_update(
            node=node,
            actor=actor,
            indicators=payload.items(),
            expected_version=expected,
            reason=payload.reason,
            plan_version=plan_version_for(plan=node.plan, number=payload.plan_version),
        )
    except Stale as exc:
        now = selectors.indicators_for(actor, node)
        return stale_answer(response, exc, version=now.version, current=_indicators_out(now))
    view = selectors.indicators_for(actor, node)
    response["ETag"] = view.etag
    return Status(201 if expected == 0 else 200, _indicators_out(view))


# ---- fiscal effects -----------------------------------------------------------------------


@router.get(
    NODE + "/effects/{fy}",
    response=answers(EffectsOut, *READ, 422),
    auth=READ_AUTH,
    summary="A node's fiscal effects (財政効果額) of one year",
)
def effects_get(
    request: HttpRequest, response: HttpResponse, slug: str, key: str, fy: int
) -> dict[str, Any]:
    view = selectors.effects_for(request_actor(request), _node(slug, key), fy)
    response["ETag"] = view.etag
    return _effects_out(view)


@router.put(
    NODE + "/effects/{fy}",
    response=answers(
        {200: EffectsOut, 201: EffectsOut, 412: StaleOut}, *WRITE, *BODY, *VERSIONED, 409
    ),
    openapi_extra=IF_MATCH_REQUIRED,
    auth=WRITE_AUTH,
    summary='Replace a node\'s fiscal effects of one year (If-Match required; "0" creates)',
)
def effects_put(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    key: str,
    fy: int,
    payload: EffectsIn,
) -> Any:
    actor = request_actor(request)
    node = _node_to_write(actor, slug, key)
    before = selectors.effects_for(actor, node, fy)  # 404 for a year outside the plan
    expected = if_match_with_body(request, payload.version)
    try:
        effects_update(
            node=node,
            fiscal_year=fy,
            actor=actor,
            effects=payload.items(),
            expected_version=expected,
            reason=payload.reason,
            plan_version=plan_version_for(plan=node.plan, number=payload.plan_version),
        )
    except Stale as exc:
        now = selectors.effects_for(actor, node, fy)
        return stale_answer(response, exc, version=now.version, current=_effects_out(now))
    view = selectors.effects_for(actor, node, fy)
    response["ETag"] = view.etag
    return Status(201 if before.version == 0 else 200, _effects_out(view))


# ---- plan-level targets -------------------------------------------------------------------


@router.get(
    "/{slug}/effect-targets",
    response=answers(EffectTargetsOut, *READ),
    auth=READ_AUTH,
    summary="The plan's fiscal effect targets (e.g. the five-year total)",
)
def effect_targets_get(request: HttpRequest, response: HttpResponse, slug: str) -> dict[str, Any]:
    view = selectors.effect_targets_for(plan_for(slug=slug))
    response["ETag"] = view.etag
    return _targets_out(view)


@router.put(
    "/{slug}/effect-targets",
    response=answers({200: EffectTargetsOut, 412: StaleOut}, *WRITE, *BODY, *VERSIONED, 409),
    openapi_extra=IF_MATCH_REQUIRED,
    auth=WRITE_AUTH,
    summary="Replace the plan's fiscal effect targets (plan office; If-Match required)",
)
def effect_targets_put(
    request: HttpRequest, response: HttpResponse, slug: str, payload: EffectTargetsIn
) -> Any:
    actor = request_actor(request)
    plan = plan_for(slug=slug)
    expected = if_match_with_body(request, payload.version)
    try:
        effect_targets_update(
            plan=plan,
            actor=actor,
            targets=payload.items(),
            expected_version=expected,
            reason=payload.reason,
            plan_version=plan_version_for(plan=plan, number=payload.plan_version),
        )
    except Stale as exc:
        now = selectors.effect_targets_for(plan)
        return stale_answer(response, exc, version=now.version, current=_targets_out(now))
    view = selectors.effect_targets_for(plan)
    response["ETag"] = view.etag
    return _targets_out(view)


# ---- roll-up ------------------------------------------------------------------------------


@router.get(
    "/{slug}/rollup",
    response=answers(RollupOut, *READ, 422),
    auth=READ_AUTH,
    summary="The roll-up (集計) of one fiscal year at every node and for the plan",
)
def rollup_get(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    view = selectors.rollup_for(request_actor(request), plan_for(slug=slug), fy)
    # Rendered directly: validating an entry per node against RollupOut took twice as long as
    # the roll-up itself at 5,000 nodes. The schema documents the answer, and a test checks
    # the answer against it.
    return JsonResponse(_rollup_out(view), encoder=NinjaJSONEncoder)
