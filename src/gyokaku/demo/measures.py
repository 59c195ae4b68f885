"""Write the demo's indicators, fiscal effects and plan-level targets through the services.

Order matters, as in a real year: the plan office defines indicators and effect targets
(plan data) before the first round opens; each department enters a year's actuals with its
report, while the report is still a draft — before it is submitted.
"""

from __future__ import annotations

from typing import Any

from gyokaku.accounts.access import Actor
from gyokaku.demo.measures_data import (
    PLAN_TARGETS,
    DemoEffect,
    DemoIndicator,
    effects_by_year,
    indicators_by_key,
)
from gyokaku.measures.models import EffectYear, IndicatorSheet, PlanTarget
from gyokaku.measures.services import effect_targets_update, effects_update, indicators_update
from gyokaku.plans.models import Node, Plan


def indicator_payload(item: DemoIndicator, *, through: int | None) -> dict[str, Any]:
    """The indicator as the service (and the API) takes it, with actuals up to ``through``."""
    baseline, final = item.baseline or (None, None), item.final or (None, None)
    return {
        "name": item.name,
        "unit": item.unit,
        "direction": item.direction,
        "baseline": {"value": baseline[0], "fy": baseline[1]},
        "final_target": {"value": final[0], "fy": final[1]},
        "targets": dict(item.targets),
        "actuals": {
            fy: v for fy, v in item.actuals.items() if through is not None and fy <= through
        },
    }


def effect_payload(item: DemoEffect, *, with_actual: bool) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "target_yen": item.target_yen,
        "actual_yen": item.actual_yen if with_actual else None,
        "note": item.note,
    }


def _sheet_version(node: Node) -> int:
    return IndicatorSheet.objects.filter(node=node).values_list("version", flat=True).first() or 0


def _effect_version(node: Node, fiscal_year: int) -> int:
    versions = EffectYear.objects.filter(node=node, fiscal_year=fiscal_year)
    return versions.values_list("version", flat=True).first() or 0


def measures_define(*, plan: Plan, office: Actor) -> int:
    """Indicators with baselines and targets, and every year's effect targets; return the
    number of records written."""
    indicators, effects = indicators_by_key(), effects_by_year()
    keys = set(indicators) | {key for key, _ in effects}
    nodes = {n.key: n for n in Node.objects.filter(plan=plan, key__in=keys).select_related("plan")}
    written = 0
    for key, items in indicators.items():
        node = nodes[key]
        version = _sheet_version(node)
        sheet = indicators_update(
            node=node,
            actor=office,
            indicators=[indicator_payload(item, through=None) for item in items],
            expected_version=version,
        )
        written += int(sheet.version != version)
    for (key, fiscal_year), lines in effects.items():
        node = nodes[key]
        version = _effect_version(node, fiscal_year)
        year = effects_update(
            node=node,
            fiscal_year=fiscal_year,
            actor=office,
            effects=[effect_payload(line, with_actual=False) for line in lines],
            expected_version=version,
        )
        written += int(year.version != version)
    return written


def measures_enter_actuals(*, node: Node, fiscal_year: int, actor: Actor) -> int:
    """The department's actuals of ``fiscal_year`` for ``node`` (its report must be editable);
    return the number of records written."""
    written = 0
    items = indicators_by_key().get(node.key)
    if items:
        version = _sheet_version(node)
        sheet = indicators_update(
            node=node,
            actor=actor,
            indicators=[indicator_payload(item, through=fiscal_year) for item in items],
            expected_version=version,
        )
        written += int(sheet.version != version)
    lines = effects_by_year().get((node.key, fiscal_year))
    if lines:
        version = _effect_version(node, fiscal_year)
        year = effects_update(
            node=node,
            fiscal_year=fiscal_year,
            actor=actor,
            effects=[effect_payload(line, with_actual=True) for line in lines],
            expected_version=version,
        )
        written += int(year.version != version)
    return written


def plan_targets_ensure(*, plan: Plan, office: Actor) -> int:
    """Set the plan-level targets if the plan has none (a plan office that has set its own keeps
    them); return 1 when they were set, else 0."""
    if PlanTarget.objects.filter(plan=plan).exists():
        return 0
    effect_targets_update(
        plan=plan,
        actor=office,
        targets=[
            {
                "kind": t.kind or None,
                "fiscal_year": t.fiscal_year,
                "target_yen": t.target_yen,
                "label": t.label,
            }
            for t in PLAN_TARGETS
        ],
        expected_version=0,
    )
    return 1
