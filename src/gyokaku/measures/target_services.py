"""Departments' proposals to change a target (目標値の変更提案) and the plan office's decision.

A proposal names one value of one of the department's items: an indicator's 基準値・年度の
目標値・最終目標 or a fiscal effect's 目標額. Accepting applies it through the same services as
any other write (``indicators_update``/``effects_update``), so it is recorded as a TargetChange
with the proposal's reason; declining keeps the values and says why.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from gyokaku.accounts.access import Actor
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Conflict, Invalid, enforce
from gyokaku.lib.text import text_problem
from gyokaku.measures.limits import value_problem, yen_problem
from gyokaku.measures.models import EffectYear, IndicatorSheet
from gyokaku.measures.rules import can_propose_targets
from gyokaku.measures.selectors import effect_dicts, indicator_dicts
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.measures.target_models import (
    ProposalState,
    TargetField,
    TargetProposal,
    TargetSubject,
)
from gyokaku.measures.target_record import KIND_LABELS, MAX_REASON, value_text
from gyokaku.plans.models import Node

INDICATOR_FIELDS = {
    TargetField.BASELINE_VALUE: ("baseline", "value"),
    TargetField.BASELINE_FY: ("baseline", "fy"),
    TargetField.FINAL_TARGET_VALUE: ("final_target", "value"),
    TargetField.FINAL_TARGET_FY: ("final_target", "fy"),
}


def _current(node: Node, subject: str, fiscal_year: int | None) -> list[dict[str, Any]]:
    if subject == TargetSubject.INDICATOR:
        return indicator_dicts(IndicatorSheet.objects.filter(node=node).first())
    if fiscal_year is None:
        return []
    return effect_dicts(EffectYear.objects.filter(node=node, fiscal_year=fiscal_year).first())


def _get(item: dict[str, Any], field: str, fiscal_year: int | None) -> Any:
    if field == TargetField.TARGET:
        return item["targets"].get(fiscal_year)
    if field == TargetField.TARGET_YEN:
        return item["target_yen"]
    group, part = INDICATOR_FIELDS[TargetField(field)]
    return item[group][part]


def _set(item: dict[str, Any], field: str, fiscal_year: int | None, value: Any) -> None:
    if field == TargetField.TARGET:
        targets = {fy: v for fy, v in item["targets"].items() if fy != fiscal_year}
        if value is not None:
            targets[fiscal_year] = value
        item["targets"] = dict(sorted(targets.items()))
    elif field == TargetField.TARGET_YEN:
        item["target_yen"] = value
    else:
        group, part = INDICATOR_FIELDS[TargetField(field)]
        item[group] = {**item[group], part: value}


def _parse(field: str, raw: Any, problems: dict[str, str]) -> Any:
    """The proposed value in the stored type; None (empty) removes the value."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip().replace(",", "").replace("△", "-")
    try:
        if field in (TargetField.BASELINE_FY, TargetField.FINAL_TARGET_FY):
            return int(text)
        if field == TargetField.TARGET_YEN:
            yen = int(text)
            if problem := yen_problem(yen):
                problems["value"] = problem
            return yen
        number = Decimal(text)
    except (ValueError, InvalidOperation):
        problems["value"] = f"数値を入力してください（「{raw}」）"
        return None
    if problem := value_problem(number):
        problems["value"] = problem
    return number


def _check(
    node: Node, subject: str, position: int, field: str, fiscal_year: int | None, reason: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    problems: dict[str, str] = {}
    if subject not in (TargetSubject.INDICATOR, TargetSubject.EFFECT):
        problems["subject"] = "indicator（成果指標）か effect（財政効果）を選んでください"
        raise Invalid(problems)
    indicator = subject == TargetSubject.INDICATOR
    allowed = [*INDICATOR_FIELDS, TargetField.TARGET] if indicator else [TargetField.TARGET_YEN]
    if field not in allowed:
        labels = "、".join(f"{TargetField(f).label}（{f}）" for f in allowed)
        problems["field"] = f"提案できる項目は {labels} です"
    needs_year = field in (TargetField.TARGET, TargetField.TARGET_YEN)
    if needs_year and fiscal_year not in node.plan.fiscal_years:
        problems["fiscal_year"] = f"計画期間内の年度を選んでください（「{fiscal_year}」）"
    if not reason.strip():
        problems["reason"] = "提案の理由を入力してください"
    elif len(reason) > MAX_REASON:
        problems["reason"] = f"提案の理由は{MAX_REASON:,}文字以内で入力してください"
    elif problem := text_problem(reason, multiline=True):
        problems["reason"] = problem
    items = _current(node, subject, fiscal_year if needs_year else None) if not problems else []
    if not problems and not 0 <= position < len(items):
        noun = "成果指標" if indicator else f"{fiscal_year}年度の財政効果"
        problems["position"] = f"この取組にはその{noun}がありません"
    return items, problems


def target_proposal_submit(
    *,
    node: Node,
    actor: Actor,
    subject: str,
    position: int,
    field: str,
    fiscal_year: int | None,
    value: Any,
    reason: str,
) -> TargetProposal:
    """A department proposes one new value (empty: no value) with its reason."""
    enforce(can_propose_targets(actor, node))
    year = fiscal_year if field in (TargetField.TARGET, TargetField.TARGET_YEN) else None
    items, problems = _check(node, subject, position, field, year, reason)
    new = _parse(field, value, problems)
    if problems:
        raise Invalid(problems)
    item = items[position]
    old = _get(item, field, year)
    if value_text(old) == value_text(new):
        raise Invalid({"value": "現在の値と同じです"})
    is_indicator = subject == TargetSubject.INDICATOR
    with transaction.atomic():
        proposal = TargetProposal.objects.create(
            plan=node.plan,
            node=node,
            subject=subject,
            label=item["name"] if is_indicator else KIND_LABELS.get(item["kind"], item["kind"]),
            unit=item["unit"] if is_indicator else "",
            position=position,
            field=field,
            fiscal_year=year,
            old_value=value_text(old),
            new_value=value_text(new),
            reason=reason.strip(),
            proposed_by=actor.user,
            proposed_by_label=actor.label,
        )
        audit_record(
            action="target_proposal.submit",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=node.plan.slug,
            target=f"{node.key}/proposal/{proposal.pk}",
            changes={field: [proposal.old_value, proposal.new_value], "reason": proposal.reason},
        )
    return proposal


def target_proposal_decide(
    *, proposal: TargetProposal, actor: Actor, accept: bool, comment: str
) -> TargetProposal:
    """The plan office accepts (the value is applied and recorded) or declines (with why)."""
    plan = proposal.plan
    require_plan_office(actor, plan, "目標値の変更提案の決定")
    if problem := text_problem(comment, multiline=True):
        raise Invalid({"comment": problem})
    if not accept and not comment.strip():
        raise Invalid({"comment": "提案を採用しない理由をコメントに入力してください"})
    with transaction.atomic():
        locked = TargetProposal.objects.select_for_update().select_related("node__plan")
        proposal = locked.get(pk=proposal.pk)
        if proposal.state != ProposalState.PROPOSED:
            raise Conflict(f"この提案はすでに「{proposal.get_state_display()}」です")
        if accept:
            _apply(proposal, actor)
        proposal.state = ProposalState.ACCEPTED if accept else ProposalState.DECLINED
        proposal.decided_at = timezone.now()
        proposal.decided_by = actor.user
        proposal.decided_by_label = actor.label
        proposal.comment = comment.strip()
        proposal.save()
        audit_record(
            action="target_proposal.accept" if accept else "target_proposal.decline",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=plan.slug,
            target=f"{proposal.node.key}/proposal/{proposal.pk}",
            changes={"comment": proposal.comment},
        )
    return proposal


def _apply(proposal: TargetProposal, actor: Actor) -> None:
    node, subject = proposal.node, proposal.subject
    items = _current(node, subject, proposal.fiscal_year)
    if proposal.position >= len(items) or _label(items[proposal.position], subject) != (
        proposal.label
    ):
        raise Conflict("提案の後に成果指標・財政効果が変わったため、この提案は採用できません")
    problems: dict[str, str] = {}
    value = _parse(proposal.field, proposal.new_value, problems)
    _set(items[proposal.position], proposal.field, proposal.fiscal_year, value)
    if subject == TargetSubject.INDICATOR:
        sheet = IndicatorSheet.objects.get(node=node)
        indicators_update(
            node=node,
            actor=actor,
            indicators=_jsonable(items),
            expected_version=sheet.version,
            reason=proposal.reason,
            proposal=proposal,
        )
    else:
        year = EffectYear.objects.get(node=node, fiscal_year=proposal.fiscal_year or 0)
        effects_update(
            node=node,
            fiscal_year=year.fiscal_year,
            actor=actor,
            effects=items,
            expected_version=year.version,
            reason=proposal.reason,
            proposal=proposal,
        )


def _label(item: dict[str, Any], subject: str) -> str:
    if subject == TargetSubject.INDICATOR:
        return str(item["name"])
    return str(KIND_LABELS.get(item["kind"], item["kind"]))


def _jsonable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """indicator_dicts as indicators_update reads them (years as keys, values as text)."""
    return [
        {
            **item,
            "targets": {fy: str(v) for fy, v in item["targets"].items()},
            "actuals": {fy: str(v) for fy, v in item["actuals"].items()},
        }
        for item in items
    ]
