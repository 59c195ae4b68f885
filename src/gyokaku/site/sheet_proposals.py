"""所管課からの個票の変更提案: a department proposes what one of its items' 個票 should say;
the plan office accepts it (the 個票 changes, kept in its history, audited) or declines it with a
comment. The 個票 is plan data: departments never change it themselves (docs/item-sheets.md)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Role
from gyokaku.accounts.rules import require_plan_office
from gyokaku.audit.services import audit_record
from gyokaku.lib.errors import Conflict, Hidden, Invalid, Reason, Refused, enforce
from gyokaku.lib.text import text_problem
from gyokaku.plans.models import Node, SheetProposal
from gyokaku.plans.planfile import SheetIn
from gyokaku.site.sheet_selectors import node_sheet_data
from gyokaku.site.sheets import has_content, sheets_sync

MAX_REASON = 2000


def can_propose_sheet(actor: Actor, node: Node) -> Reason | None:
    """A department's editors, for their own items; everyone else of the municipality reads."""
    if not actor.is_internal(node.plan):
        return Reason(Hidden, "この取組方策の情報はありません")
    if actor.role != Role.EDITOR:
        return Reason(
            Refused,
            "個票の変更提案は所管課担当者が行います（計画担当は個票テンプレートか改定で変更します）",
        )
    if not actor.owns_any(node.department_ids()):
        return Reason(Refused, "担当していない所管課の取組の個票は提案できません")
    return None


def _clean(sheet: dict[str, Any], reason: str) -> tuple[dict[str, Any], str]:
    problems: dict[str, str] = {}
    try:
        cleaned = SheetIn.model_validate(sheet).model_dump(mode="json")
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"])
            problems[f"sheet.{where}"] = error["msg"]
        cleaned = {}
    if not problems and not has_content(cleaned):
        problems["sheet"] = "提案する個票が空です（個票をなくす提案はできません）"
    reason = reason.strip()
    if not reason:
        problems["reason"] = "提案の理由を入力してください"
    elif len(reason) > MAX_REASON:
        problems["reason"] = f"提案の理由は{MAX_REASON:,}文字以内で入力してください"
    elif problem := text_problem(reason, multiline=True):
        problems["reason"] = problem
    if problems:
        raise Invalid(problems)
    return cleaned, reason


def sheet_proposal_submit(
    *, node: Node, actor: Actor, sheet: dict[str, Any], reason: str
) -> SheetProposal:
    enforce(can_propose_sheet(actor, node))
    cleaned, reason = _clean(sheet, reason)
    with transaction.atomic():
        proposal = SheetProposal.objects.create(
            node=node,
            sheet=cleaned,
            base=(node_sheet_data(node=node) or {}),
            reason=reason,
            proposed_by=actor.user,
            proposed_by_label=actor.label,
        )
        audit_record(
            action="sheet_proposal.submit",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=node.plan.slug,
            target=node.key,
            summary=f"個票の変更を提案: {reason[:200]}",
            changes={"sheet": cleaned},
        )
    return proposal


def sheet_proposal_decide(
    *, proposal: SheetProposal, actor: Actor, accept: bool, comment: str = ""
) -> SheetProposal:
    """Accept (the item's 個票 becomes the proposal) or decline; the plan office's, once."""
    node = proposal.node
    require_plan_office(actor, node.plan, "個票の変更提案の採否")
    comment = comment.strip()
    if len(comment) > MAX_REASON:
        raise Invalid({"comment": f"コメントは{MAX_REASON:,}文字以内で入力してください"})
    if problem := text_problem(comment, multiline=True):
        raise Invalid({"comment": problem})
    with transaction.atomic():
        locked = SheetProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.state != SheetProposal.State.PROPOSED:
            raise Conflict(f"この提案はすでに「{locked.get_state_display()}」です")
        if accept and locked.base != (node_sheet_data(node=node) or {}):
            raise Conflict(
                "提案のあとで個票が変わっています（改定または個票テンプレートによる変更）。"
                "いまの個票をもとに、所管課にもう一度提案してもらってください"
            )
        if accept:
            sheets_sync(plan=node.plan, sheets={node.key: SheetIn.model_validate(locked.sheet)})
        locked.state = SheetProposal.State.ACCEPTED if accept else SheetProposal.State.DECLINED
        locked.decided_at = timezone.now()
        locked.decided_by_label = actor.label
        locked.comment = comment
        locked.save()
        audit_record(
            action="sheet_proposal.accept" if accept else "sheet_proposal.decline",
            actor=actor.user,
            actor_label=actor.label,
            plan_slug=node.plan.slug,
            target=node.key,
            summary=f"個票の変更提案を{locked.get_state_display()}",
            changes={"sheet": locked.sheet, "comment": comment} if accept else {"comment": comment},
        )
    return locked
