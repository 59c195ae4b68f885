"""Writes of indicators and fiscal effects, with the same version and permission rules as
the yearly reports: definitions and targets are plan data (the plan office at any time, the
node's departments while a round is open); actuals belong to a year's report and may be
written only while that report may be edited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from gyokaku.accounts.access import Actor
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Invalid, Stale, enforce
from gyokaku.lib.text import text_problem
from gyokaku.measures.limits import MAX_NOTE, effect_rows_problem, value_problem, yen_problem
from gyokaku.measures.models import (
    EffectKind,
    EffectYear,
    FiscalEffect,
    Indicator,
    IndicatorActual,
    IndicatorDirection,
    IndicatorFormula,
    IndicatorSheet,
    IndicatorTarget,
    PlanTarget,
)
from gyokaku.measures.rules import can_write_actuals
from gyokaku.measures.selectors import (
    effect_dicts,
    effect_target_dicts,
    effect_target_order,
    effect_targets_version,
    indicator_dicts,
)
from gyokaku.measures.target_models import TargetChange, TargetProposal
from gyokaku.measures.target_record import (
    audit_lines,
    effect_diffs,
    indicator_diffs,
    plan_target_diffs,
    targets_check,
    targets_record,
)
from gyokaku.plans.models import Node, Plan, PlanVersion
from gyokaku.tracking.rules import can_edit_plan_data, can_write_node


def _decimal(value: Any, where: str, problems: dict[str, str]) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        problems[where] = "数値を入力してください"
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems[where] = f"数値を入力してください（「{value}」）"
        return None
    problem = value_problem(number)
    if problem:
        problems[where] = problem
        return None
    return number


def _yen(value: Any, where: str, problems: dict[str, str]) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        problems[where] = f"円単位の整数で入力してください（「{value}」）"
        return None
    problem = yen_problem(value)
    if problem:
        problems[where] = problem
        return None
    return int(value)


def _year(value: Any, where: str, node: Node, problems: dict[str, str]) -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        problems[where] = f"年度は整数で入力してください（「{value}」）"
        return None
    if not 1900 <= year <= 2200:
        problems[where] = f"{year} は年度として扱えません"
        return None
    return year


# ---- indicators ---------------------------------------------------------------------------


def _clean_indicators(node: Node, items: Any) -> list[dict[str, Any]]:
    problems: dict[str, str] = {}
    if not isinstance(items, list):
        raise Invalid({"indicators": "指標の配列で入力してください"})
    clean = []
    for i, item in enumerate(items):
        here = f"indicators[{i}]"
        if not isinstance(item, dict):
            problems[here] = "オブジェクトで入力してください"
            continue
        name = item.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            problems[f"{here}.name"] = "指標名を200文字以内で入力してください"
        elif problem := text_problem(name, multiline=False):
            problems[f"{here}.name"] = problem
        if problem := text_problem(str(item.get("unit") or ""), multiline=False):
            problems[f"{here}.unit"] = problem
        direction = item.get("direction", "higher")
        if direction not in IndicatorDirection.values:
            problems[f"{here}.direction"] = "higher（高いほどよい）か lower（低いほどよい）です"
        formula = item.get("formula") or IndicatorFormula.AUTO
        if formula not in IndicatorFormula.values:
            problems[f"{here}.formula"] = (
                "auto（自動）、ratio（実績÷目標）、improvement（改善率）、points（ポイント差）のいずれかです"
            )
        baseline = item.get("baseline") or {}
        final = item.get("final_target") or {}
        clean.append(
            {
                "name": name.strip() if isinstance(name, str) else "",
                "unit": str(item.get("unit") or "")[:30],
                "direction": direction,
                "formula": formula,
                "baseline": {
                    "value": _decimal(baseline.get("value"), f"{here}.baseline.value", problems),
                    "fy": _year(baseline.get("fy"), f"{here}.baseline.fy", node, problems),
                },
                "final_target": {
                    "value": _decimal(final.get("value"), f"{here}.final_target.value", problems),
                    "fy": _year(final.get("fy"), f"{here}.final_target.fy", node, problems),
                },
                "targets": _year_map(item.get("targets"), f"{here}.targets", node, problems),
                "actuals": _year_map(item.get("actuals"), f"{here}.actuals", node, problems),
            }
        )
    if problems:
        raise Invalid(problems)
    return clean


def _year_map(value: Any, where: str, node: Node, problems: dict[str, str]) -> dict[int, Decimal]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        problems[where] = "{年度: 値} の形で入力してください"
        return {}
    out: dict[int, Decimal] = {}
    for fy, raw in value.items():
        year = _year(fy, f"{where}.{fy}", node, problems)
        if year is not None and year not in node.plan.fiscal_years:
            problems[f"{where}.{fy}"] = f"{year}年度は計画期間外です"
            continue
        number = _decimal(raw, f"{where}.{fy}", problems)
        if year is not None and number is not None:
            out[year] = number
    return out


def _definition(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != "actuals"}


def _actual_years(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> set[int]:
    years: set[int] = set()
    for i in range(max(len(old), len(new))):
        before = old[i]["actuals"] if i < len(old) else {}
        after = new[i]["actuals"] if i < len(new) else {}
        years |= {fy for fy in before.keys() | after.keys() if before.get(fy) != after.get(fy)}
    return years


def indicators_update(
    *,
    node: Node,
    actor: Actor,
    indicators: Any,
    expected_version: int,
    reason: str = "",
    plan_version: PlanVersion | None = None,
    proposal: TargetProposal | None = None,
) -> IndicatorSheet:
    """Replace the node's indicators (version 0: there are none yet). A change of a baseline
    or target follows ``target_record``: the plan office only, after adoption with ``reason``
    (recorded as TargetChange rows, part of ``plan_version`` or accepting ``proposal``)."""
    enforce(can_write_node(actor, node, "成果指標"))
    new = _clean_indicators(node, indicators)
    with transaction.atomic():
        sheet = IndicatorSheet.objects.select_for_update().filter(node=node).first()
        current = sheet.version if sheet else 0
        if expected_version != current:
            raise Stale("この成果指標は他の人が更新しました", current_version=current)
        old = indicator_dicts(sheet)
        diffs = indicator_diffs(old, new)
        targets_check(actor=actor, plan=node.plan, diffs=diffs, reason=reason)
        if [_definition(i) for i in old] != [_definition(i) for i in new]:
            enforce(can_edit_plan_data(actor, node, "成果指標"))
        for year in sorted(_actual_years(old, new)):
            enforce(can_write_actuals(actor, node, year))
        if old == new and sheet is not None:
            return sheet
        if sheet is None:
            sheet = IndicatorSheet.objects.create(node=node, version=1)
        else:
            sheet.version += 1
            sheet.save()
            sheet.indicators.all().delete()
        _create_indicators(sheet, new)
        recorded = targets_record(
            actor=actor,
            plan=node.plan,
            node=node,
            diffs=diffs,
            reason=reason,
            plan_version=plan_version,
            proposal=proposal,
        )
        audit_record(
            action="indicators.update",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=node.plan.slug,
            target=node.key,
            changes={
                "indicators": [_jsonable(old), _jsonable(new)],
                **_target_audit(recorded, reason),
            },
        )
    return sheet


def _target_audit(recorded: list[TargetChange], reason: str) -> dict[str, Any]:
    """What the audit event adds for a recorded change of targets: the values and the reason."""
    return {"target_changes": audit_lines(recorded), "reason": reason.strip()} if recorded else {}


def _create_indicators(sheet: IndicatorSheet, items: list[dict[str, Any]]) -> None:
    for order, item in enumerate(items):
        indicator = Indicator.objects.create(
            sheet=sheet,
            order=order,
            name=item["name"],
            unit=item["unit"],
            direction=item["direction"],
            formula=item["formula"],
            baseline_value=item["baseline"]["value"],
            baseline_fy=item["baseline"]["fy"],
            final_target_value=item["final_target"]["value"],
            final_target_fy=item["final_target"]["fy"],
        )
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=indicator, fiscal_year=fy, value=v)
            for fy, v in item["targets"].items()
        )
        IndicatorActual.objects.bulk_create(
            IndicatorActual(indicator=indicator, fiscal_year=fy, value=v)
            for fy, v in item["actuals"].items()
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


# ---- fiscal effects -----------------------------------------------------------------------


def _clean_effects(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise Invalid({"effects": "財政効果の配列で入力してください"})
    too_many = effect_rows_problem(len(items))
    if too_many:
        raise Invalid({"effects": too_many})
    problems: dict[str, str] = {}
    clean = []
    for i, item in enumerate(items):
        here = f"effects[{i}]"
        if not isinstance(item, dict):
            problems[here] = "オブジェクトで入力してください"
            continue
        kind = item.get("kind")
        if kind not in EffectKind.values:
            labels = "、".join(f"{v}（{label}）" for v, label in EffectKind.choices)
            problems[f"{here}.kind"] = f"区分「{kind}」は選べません: {labels}"
        note = item.get("note") or ""
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            problems[f"{here}.note"] = f"算出方法は{MAX_NOTE:,}文字以内の文字列で入力してください"
        elif problem := text_problem(note, multiline=True):
            problems[f"{here}.note"] = problem
        clean.append(
            {
                "kind": kind,
                "target_yen": _yen(item.get("target_yen"), f"{here}.target_yen", problems),
                "actual_yen": _yen(item.get("actual_yen"), f"{here}.actual_yen", problems),
                "note": note if isinstance(note, str) else "",
            }
        )
    if problems:
        raise Invalid(problems)
    return clean


def _actuals_set(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """The actuals a list of effects records, whatever its order and its rows without one:
    adding or removing a target-only row is not a change of actuals."""
    return sorted((e["kind"], e["actual_yen"]) for e in rows if e["actual_yen"] is not None)


def effects_update(
    *,
    node: Node,
    fiscal_year: int,
    actor: Actor,
    effects: Any,
    expected_version: int,
    reason: str = "",
    plan_version: PlanVersion | None = None,
    proposal: TargetProposal | None = None,
) -> EffectYear:
    """Replace the node's fiscal effects of one year (version 0: none yet); a change of a
    目標額 as in ``indicators_update``."""
    enforce(can_write_node(actor, node, "財政効果"))
    if fiscal_year not in node.plan.fiscal_years:
        raise Invalid({"fiscal_year": f"{fiscal_year}年度は計画期間外です"})
    new = _clean_effects(effects)
    with transaction.atomic():
        year = (
            EffectYear.objects.select_for_update()
            .filter(node=node, fiscal_year=fiscal_year)
            .first()
        )
        current = year.version if year else 0
        if expected_version != current:
            raise Stale("この財政効果は他の人が更新しました", current_version=current)
        old = effect_dicts(year)
        diffs = effect_diffs(fiscal_year, old, new)
        targets_check(actor=actor, plan=node.plan, diffs=diffs, reason=reason)
        if [{**e, "actual_yen": None} for e in old] != [{**e, "actual_yen": None} for e in new]:
            enforce(can_edit_plan_data(actor, node, "財政効果"))
        if _actuals_set(old) != _actuals_set(new):
            enforce(can_write_actuals(actor, node, fiscal_year))
        if old == new and year is not None:
            return year
        if year is None:
            year = EffectYear.objects.create(node=node, fiscal_year=fiscal_year, version=1)
        else:
            year.version += 1
            year.save()
            year.effects.all().delete()
        FiscalEffect.objects.bulk_create(
            FiscalEffect(effect_year=year, order=i, **item) for i, item in enumerate(new)
        )
        recorded = targets_record(
            actor=actor,
            plan=node.plan,
            node=node,
            diffs=diffs,
            reason=reason,
            plan_version=plan_version,
            proposal=proposal,
        )
        audit_record(
            action="effects.update",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=node.plan.slug,
            target=f"{node.key}/{fiscal_year}",
            changes={"effects": [old, new], **_target_audit(recorded, reason)},
        )
    return year


# ---- plan-level targets -------------------------------------------------------------------


def _clean_targets(plan: Plan, items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        raise Invalid({"targets": "目標の配列で入力してください"})
    problems: dict[str, str] = {}
    clean: list[dict[str, Any]] = []
    seen: dict[tuple[str | None, int | None], int] = {}
    for i, item in enumerate(items):
        here = f"targets[{i}]"
        if not isinstance(item, dict):
            problems[here] = "オブジェクトで入力してください"
            continue
        kind = item.get("kind") or None
        if kind is not None and kind not in EffectKind.values:
            labels = "、".join(f"{v}（{label}）" for v, label in EffectKind.choices)
            problems[f"{here}.kind"] = f"区分「{kind}」は選べません: {labels}、または null（合計）"
        fy = item.get("fiscal_year")
        if fy is not None and (type(fy) is not int or fy not in plan.fiscal_years):
            problems[f"{here}.fiscal_year"] = f"{fy}年度は計画期間外です（null は計画期間全体）"
        target = _yen(item.get("target_yen"), f"{here}.target_yen", problems)
        if target is None and f"{here}.target_yen" not in problems:
            problems[f"{here}.target_yen"] = "目標額（円）を入力してください"
        label = item.get("label") or ""
        if not isinstance(label, str) or len(label) > 200:
            problems[f"{here}.label"] = "名称は200文字以内の文字列で入力してください"
        elif problem := text_problem(label, multiline=False):
            problems[f"{here}.label"] = problem
        if (kind, fy) in seen:
            problems[here] = f"区分と年度が targets[{seen[kind, fy]}] と同じです"
        seen.setdefault((kind, fy), i)
        clean.append({"kind": kind, "fiscal_year": fy, "target_yen": target, "label": label})
    if problems:
        raise Invalid(problems)
    return sorted(clean, key=effect_target_order)


def effect_targets_update(
    *,
    plan: Plan,
    actor: Actor,
    targets: Any,
    expected_version: int,
    reason: str = "",
    plan_version: PlanVersion | None = None,
) -> list[dict[str, Any]]:
    """Replace the plan's effect targets (plan office); returns them as ``effect_target_dicts``.
    After adoption a changed 目標額 needs ``reason`` and is recorded (``target_record``)."""
    require_plan_office(actor, plan, "計画の財政効果目標の設定")
    new = _clean_targets(plan, targets)
    with transaction.atomic():
        # one writer at a time: the targets have no row of their own to lock
        Plan.objects.select_for_update().only("pk").get(pk=plan.pk)
        old = effect_target_dicts(plan)
        current = effect_targets_version(old)
        if expected_version != current:
            raise Stale("計画の財政効果目標は他の人が更新しました", current_version=current)
        if old == new:
            return old
        diffs = plan_target_diffs(old, new)
        targets_check(actor=actor, plan=plan, diffs=diffs, reason=reason)
        PlanTarget.objects.filter(plan=plan).delete()
        PlanTarget.objects.bulk_create(
            PlanTarget(
                plan=plan,
                kind=item["kind"] or "",
                fiscal_year=item["fiscal_year"],
                target_yen=item["target_yen"],
                label=item["label"],
            )
            for item in new
        )
        recorded = targets_record(
            actor=actor,
            plan=plan,
            node=None,
            diffs=diffs,
            reason=reason,
            plan_version=plan_version,
        )
        audit_record(
            action="effect_targets.update",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=plan.slug,
            target="effect-targets",
            changes={"targets": [old, new], **_target_audit(recorded, reason)},
        )
    return new
