"""Which target values a write of indicators, effects or plan targets changes, who may change
them, and the ``TargetChange`` rows that record a change after adoption.

The measures services call ``targets_check`` before they write and ``targets_record`` in the
same transaction, so every door (page, API, workbook, a proposal accepted) follows one rule:
departments never change a baseline or a target (they propose, ``target_services``); the plan
office changes them before adoption freely and after it with a reason, recorded and public.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gyokaku.accounts.access import Actor
from gyokaku.lib.amounts import format_amount
from gyokaku.lib.errors import Invalid
from gyokaku.lib.text import text_problem
from gyokaku.lib.wareki import fy_label
from gyokaku.measures.models import EffectKind
from gyokaku.measures.rules import can_change_targets, targets_adopted
from gyokaku.measures.target_models import (
    TargetChange,
    TargetField,
    TargetProposal,
    TargetSubject,
)
from gyokaku.plans.models import Node, Plan, PlanVersion

MAX_REASON = 2000
KIND_LABELS = dict(EffectKind.choices)
_YEAR_FIELDS = {TargetField.BASELINE_FY, TargetField.FINAL_TARGET_FY}


@dataclass(frozen=True)
class TargetDiff:
    """One target value a write changes."""

    subject: str  # TargetSubject
    label: str  # the indicator's name, the effect's kind, the plan target's name
    unit: str
    field: str  # TargetField
    fiscal_year: int | None
    old: str  # value_text of the stored value; "" for none
    new: str
    where: str  # the input's field path: indicators[0].targets.2025, effects[1].target_yen

    @property
    def description(self) -> str:
        """「窓口満足度」の2025年度（令和7年度）の目標値: what a person reads."""
        return describe(self.subject, self.label, self.field, self.fiscal_year)


def describe(subject: str, label: str, field: str, fiscal_year: int | None) -> str:
    name = TargetField(field).label
    year = f"{fy_label(fiscal_year)}の" if fiscal_year else ""
    if subject == TargetSubject.INDICATOR:
        return f"成果指標「{label}」の{year}{name}"
    if subject == TargetSubject.EFFECT:
        return f"財政効果（{label}）の{year}{name}"
    return f"計画の目標額「{label}」"


def value_text(value: Any) -> str:
    """A stored value as kept in a TargetChange: 37.5, -20459000, 2024; "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def value_label(value: str, field: str, unit: str = "") -> str:
    """A kept value as people read it: 20,459千円 as △20,459千円, a year as 2024年度（令和6年度）,
    an indicator's value with its unit; 「なし」 for none."""
    if value == "":
        return "なし"
    if field == TargetField.TARGET_YEN:
        return format_amount(int(value), with_unit=True)
    if field in _YEAR_FIELDS:
        return fy_label(int(value))
    number = Decimal(value)
    text = f"△{format(-number, ',f')}" if number < 0 else format(number, ",f")
    return f"{text}{unit}"


# ---- what changed ---------------------------------------------------------------------------


def _keyed(items: list[dict[str, Any]], key: Any) -> dict[Any, tuple[int, dict[str, Any]]]:
    """Items by a key and its occurrence (two rows of one kind are kind#0 and kind#1)."""
    seen: Counter[Any] = Counter()
    out = {}
    for i, item in enumerate(items):
        k = key(item)
        out[(k, seen[k])] = (i, item)
        seen[k] += 1
    return out


def _indicator_values(item: dict[str, Any]) -> dict[tuple[str, int | None, str], Any]:
    values: dict[tuple[str, int | None, str], Any] = {
        (TargetField.BASELINE_VALUE, None, "baseline.value"): item["baseline"]["value"],
        (TargetField.BASELINE_FY, None, "baseline.fy"): item["baseline"]["fy"],
        (TargetField.FINAL_TARGET_VALUE, None, "final_target.value"): item["final_target"]["value"],
        (TargetField.FINAL_TARGET_FY, None, "final_target.fy"): item["final_target"]["fy"],
    }
    for fy, value in item["targets"].items():
        values[(TargetField.TARGET, int(fy), f"targets.{fy}")] = value
    return values


def indicator_diffs(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[TargetDiff]:
    """Target values that differ, indicators matched by name (and occurrence of the name)."""
    before, after = _keyed(old, lambda i: i["name"]), _keyed(new, lambda i: i["name"])
    diffs = []
    for key in [*after, *(k for k in before if k not in after)]:
        i, item = after.get(key) or before[key]
        was = _indicator_values(before[key][1]) if key in before else {}
        now = _indicator_values(after[key][1]) if key in after else {}
        for spec in sorted(was.keys() | now.keys(), key=lambda s: (s[0], s[1] or 0)):
            field, fy, path = spec
            a, b = value_text(was.get(spec)), value_text(now.get(spec))
            if a != b:
                where = f"indicators[{i}].{path}"
                diffs.append(
                    TargetDiff(
                        TargetSubject.INDICATOR, item["name"], item["unit"], field, fy, a, b, where
                    )
                )
    return diffs


def effect_diffs(
    fiscal_year: int, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[TargetDiff]:
    """目標額 that differ, rows matched by kind (and occurrence of the kind)."""
    before, after = _keyed(old, lambda e: e["kind"]), _keyed(new, lambda e: e["kind"])
    diffs = []
    for key in [*after, *(k for k in before if k not in after)]:
        i, item = after.get(key) or before[key]
        a = value_text(before[key][1]["target_yen"]) if key in before else ""
        b = value_text(after[key][1]["target_yen"]) if key in after else ""
        if a != b:
            label = KIND_LABELS.get(item["kind"], item["kind"])
            diffs.append(
                TargetDiff(
                    TargetSubject.EFFECT,
                    label,
                    "",
                    TargetField.TARGET_YEN,
                    fiscal_year,
                    a,
                    b,
                    f"effects[{i}].target_yen",
                )
            )
    return diffs


def plan_target_label(kind: str | None, fiscal_year: int | None) -> str:
    """5年間の財政効果額（歳出削減）: the name of a plan target row without a label of its own."""
    what = KIND_LABELS.get(kind or "", "合計")
    when = fy_label(fiscal_year) if fiscal_year else "計画期間"
    return f"{when}の財政効果額（{what}）"


def plan_target_diffs(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[TargetDiff]:
    before = {(t["kind"], t["fiscal_year"]): (i, t) for i, t in enumerate(old)}
    after = {(t["kind"], t["fiscal_year"]): (i, t) for i, t in enumerate(new)}
    diffs = []
    for key in [*after, *(k for k in before if k not in after)]:
        i, item = after.get(key) or before[key]
        a = value_text(before[key][1]["target_yen"]) if key in before else ""
        b = value_text(after[key][1]["target_yen"]) if key in after else ""
        if a != b:
            label = item["label"] or plan_target_label(*key)
            diffs.append(
                TargetDiff(
                    TargetSubject.PLAN,
                    label,
                    "",
                    TargetField.TARGET_YEN,
                    key[1],
                    a,
                    b,
                    f"targets[{i}].target_yen",
                )
            )
    return diffs


# ---- the rule and the record ----------------------------------------------------------------


def targets_check(*, actor: Actor, plan: Plan, diffs: list[TargetDiff], reason: str) -> None:
    """Refuse, naming each field, a change of targets by anyone but the plan office, and one
    after adoption without a reason (Invalid: 422, nothing written)."""
    if not diffs:
        return
    if refused := can_change_targets(actor, plan):
        raise Invalid({d.where: f"{d.description}: {refused}" for d in diffs})
    changed = recorded_diffs(plan, diffs)
    if not changed:
        return
    if not reason.strip():
        what = "、".join(d.description for d in changed[:3]) + ("ほか" if len(changed) > 3 else "")
        raise Invalid(
            {
                "reason": f"計画の策定後に目標値を変えるときは、変更の理由を入力してください"
                f"（変更する値: {what}）"
            }
        )
    if len(reason) > MAX_REASON:
        raise Invalid({"reason": f"変更の理由は{MAX_REASON:,}文字以内で入力してください"})
    if problem := text_problem(reason, multiline=True):
        raise Invalid({"reason": problem})


def recorded_diffs(plan: Plan, diffs: list[TargetDiff]) -> list[TargetDiff]:
    """The changes of an adopted target: after adoption, a value that existed and now differs
    or is gone. Setting a target where there was none (a year not yet given one) changes
    nothing adopted, so it needs no reason and is not listed as a change."""
    if not diffs or not targets_adopted(plan):
        return []
    return [d for d in diffs if d.old != ""]


def targets_record(
    *,
    actor: Actor,
    plan: Plan,
    node: Node | None,
    diffs: list[TargetDiff],
    reason: str,
    plan_version: PlanVersion | None = None,
    proposal: TargetProposal | None = None,
) -> list[TargetChange]:
    """The TargetChange rows of a checked change of adopted targets (``recorded_diffs``; none
    before adoption: the plan office is still setting the plan's targets up)."""
    diffs = recorded_diffs(plan, diffs)
    if not diffs:
        return []
    return TargetChange.objects.bulk_create(
        TargetChange(
            plan=plan,
            node=node,
            subject=d.subject,
            label=d.label,
            unit=d.unit,
            field=d.field,
            fiscal_year=d.fiscal_year,
            old_value=d.old,
            new_value=d.new,
            reason=reason.strip(),
            changed_by=actor.user,
            changed_by_label=actor.label,
            plan_version=plan_version,
            proposal=proposal,
        )
        for d in diffs
    )


def audit_lines(changes: list[TargetChange]) -> list[str]:
    """The changes as the audit event keeps them beside the reason."""
    return [
        f"{describe(c.subject, c.label, c.field, c.fiscal_year)}: "
        f"{c.old_value or 'なし'} → {c.new_value or 'なし'}"
        for c in changes
    ]
