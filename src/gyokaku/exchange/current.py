"""The database's current values of everything a sheet holds, for one plan and fiscal year, in
a fixed number of queries (the export writes them; an upload is compared against them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gyokaku.accounts.models import Department
from gyokaku.lib.errors import Invalid
from gyokaku.measures.models import (
    EffectYear,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorSheet,
    IndicatorTarget,
)
from gyokaku.plans.models import Node, Plan
from gyokaku.plans.selectors import plan_numbers, unit_line_labels
from gyokaku.tracking.models import STATE_LABELS, ProgressReport, YearPlan
from gyokaku.tracking.selectors import tracked_nodes


@dataclass
class IndicatorNow:
    name: str
    unit: str
    target: Decimal | None
    actual: Decimal | None


@dataclass
class NodeNow:
    node_id: int
    key: str
    code: str
    title: str
    departments: str  # names, joined with 、
    state: str  # the report's state label, "" without a report
    has_report: bool
    values: dict[str, str]  # Column.field → code or text
    versions: dict[str, int]  # record → version (0: the record does not exist yet)
    indicators: list[IndicatorNow] = field(default_factory=list)
    effects: list[dict[str, Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # 内訳 of a reporting unit: 「番号 名称」


def department_ids(plan: Plan, codes: list[str] | None) -> set[int] | None:
    """The ids of the departments ``codes`` names (None: all); an unknown code is Invalid."""
    if not codes:
        return None
    found = dict(
        Department.objects.filter(municipality_id=plan.municipality_id, code__in=codes).values_list(
            "code", "pk"
        )
    )
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise Invalid({"department_codes": f"所管課「{'、'.join(unknown)}」はありません"})
    return set(found.values())


def current_rows(
    plan: Plan, fiscal_year: int, scale_codes: list[str], departments: set[int] | None = None
) -> list[NodeNow]:
    """Every tracked node of ``plan`` (of ``departments`` when given), in tree order."""
    nodes = tracked_nodes(plan).order_by("position")
    if departments is not None:
        nodes = nodes.filter(departments__in=departments).distinct()
    through = Node.departments.through.objects.filter(node__plan=plan)
    names: dict[int, list[str]] = {}
    for node_id, name in through.order_by("department__code").values_list(
        "node_id", "department__name"
    ):
        names.setdefault(node_id, []).append(name)
    this_year = {"node__plan": plan, "fiscal_year": fiscal_year}
    reports = {r.node_id: r for r in ProgressReport.objects.filter(**this_year)}
    year_plans = {
        y.node_id: y for y in YearPlan.objects.filter(node__plan=plan, fiscal_year=fiscal_year)
    }
    sheets = dict(IndicatorSheet.objects.filter(node__plan=plan).values_list("node_id", "version"))
    effect_years = dict(
        EffectYear.objects.filter(node__plan=plan, fiscal_year=fiscal_year).values_list(
            "node_id", "version"
        )
    )
    indicators = _indicators(plan, fiscal_year)
    effects = _effects(plan, fiscal_year)
    states = STATE_LABELS
    numbers = plan_numbers(plan_id=plan.pk)
    lines = unit_line_labels(plan_id=plan.pk, fiscal_year=fiscal_year, numbers=numbers)
    out = []
    for node in nodes.only("pk", "key", "code", "title"):
        report, year_plan = reports.get(node.pk), year_plans.get(node.pk)
        values = {
            "stage": year_plan.stage if year_plan else "",
            "text": year_plan.text if year_plan else "",
            "result_text": report.result_text if report else "",
            "issues_text": report.issues_text if report else "",
            "next_plan_text": report.next_plan_text if report else "",
            "direction": report.direction if report else "",
        }
        ratings = report.ratings if report and isinstance(report.ratings, dict) else {}
        for code in scale_codes:
            values[f"ratings.{code}"] = str(ratings.get(code) or "")
        out.append(
            NodeNow(
                node_id=node.pk,
                key=node.key,
                code=numbers.get(node.key, node.code),  # as printed: 2-(1)-01-⑤
                title=node.title,
                departments="、".join(names.get(node.pk, [])),
                state=states.get(report.state, report.state) if report else "",
                has_report=report is not None,
                values=values,
                versions={
                    "report": report.version if report else 0,
                    "year_plan": year_plan.version if year_plan else 0,
                    "indicators": sheets.get(node.pk, 0),
                    "effects": effect_years.get(node.pk, 0),
                },
                indicators=indicators.get(node.pk, []),
                effects=effects.get(node.pk, []),
                lines=lines.get(node.pk, []),
            )
        )
    return out


def _indicators(plan: Plan, fiscal_year: int) -> dict[int, list[IndicatorNow]]:
    targets = dict(
        IndicatorTarget.objects.filter(
            indicator__sheet__node__plan=plan, fiscal_year=fiscal_year
        ).values_list("indicator_id", "value")
    )
    actuals = dict(
        IndicatorActual.objects.filter(
            indicator__sheet__node__plan=plan, fiscal_year=fiscal_year
        ).values_list("indicator_id", "value")
    )
    out: dict[int, list[IndicatorNow]] = {}
    rows = (
        Indicator.objects.filter(sheet__node__plan=plan)
        .order_by("sheet_id", "order")
        .values_list("pk", "sheet__node_id", "name", "unit")
    )
    for pk, node_id, name, unit in rows:
        out.setdefault(node_id, []).append(
            IndicatorNow(name, unit, targets.get(pk), actuals.get(pk))
        )
    return out


def _effects(plan: Plan, fiscal_year: int) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    rows = (
        FiscalEffect.objects.filter(
            effect_year__node__plan=plan, effect_year__fiscal_year=fiscal_year
        )
        .order_by("effect_year_id", "order")
        .values_list("effect_year__node_id", "kind", "target_yen", "actual_yen", "note")
    )
    for node_id, kind, target, actual, note in rows:
        out.setdefault(node_id, []).append(
            {"kind": kind, "target_yen": target, "actual_yen": actual, "note": note}
        )
    return out
