"""API of target changes (目標値の変更, public) and departments' proposals (目標値の変更提案)
under /api/v1/plans/{slug}."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.responses import Status

from gyokaku.accounts.api_auth import READ_AUTH, WRITE_AUTH, request_actor
from gyokaku.lib.errors import Hidden
from gyokaku.measures.target_models import TargetProposal
from gyokaku.measures.target_schemas import (
    ProposalDecisionIn,
    TargetChangesOut,
    TargetProposalIn,
    TargetProposalOut,
    TargetProposalsOut,
)
from gyokaku.measures.target_selectors import target_change_dicts, target_proposals
from gyokaku.measures.target_services import target_proposal_decide, target_proposal_submit
from gyokaku.plans.models import Node
from gyokaku.plans.selectors import plan_for
from gyokaku.web.api_answers import BODY, READ, WRITE, answers

router = Router(tags=["target changes"])


@router.get(
    "/{slug}/target-changes",
    response=answers(TargetChangesOut, *READ),
    auth=READ_AUTH,
    summary="Changes of adopted baselines and targets (目標値の変更), oldest first, public",
)
def target_changes_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    plan = plan_for(slug=slug)
    return {"plan": plan.slug, "changes": target_change_dicts(plan=plan)}


def proposal_out(p: TargetProposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "key": p.node.key,
        "subject": p.subject,
        "label": p.label,
        "field": p.field,
        "fiscal_year": p.fiscal_year,
        "old_value": p.old_value or None,
        "new_value": p.new_value or None,
        "reason": p.reason,
        "state": p.state,
        "state_label": p.get_state_display(),
        "proposed_on": timezone.localtime(p.proposed_at).date(),
        "proposed_by": p.proposed_by_label,
        "decided_on": timezone.localtime(p.decided_at).date() if p.decided_at else None,
        "comment": p.comment,
    }


@router.get(
    "/{slug}/target-proposals",
    response=answers(TargetProposalsOut, *READ, 403),
    auth=WRITE_AUTH,
    summary="Proposals to change targets: the plan office sees all, a department its own",
)
def target_proposals_get(request: HttpRequest, slug: str) -> dict[str, Any]:
    actor, plan = request_actor(request), plan_for(slug=slug)
    if not actor.is_internal(plan):
        raise Hidden(f"計画「{slug}」はありません")
    rows = target_proposals(plan=plan, actor=actor)
    return {"plan": plan.slug, "proposals": [proposal_out(p) for p in rows]}


@router.post(
    "/{slug}/target-proposals",
    response=answers({201: TargetProposalOut}, *WRITE, *BODY),
    auth=WRITE_AUTH,
    summary="Propose a new value of one target of the department's own item (with a reason)",
)
def target_proposals_post(request: HttpRequest, slug: str, payload: TargetProposalIn) -> Any:
    actor, plan = request_actor(request), plan_for(slug=slug)
    node = Node.objects.filter(plan=plan, key=payload.key).select_related("plan").first()
    if node is None or not actor.is_internal(plan):
        raise Hidden(f"取組「{payload.key}」はありません")
    proposal = target_proposal_submit(
        node=node,
        actor=actor,
        subject=payload.subject,
        position=payload.position,
        field=payload.field,
        fiscal_year=payload.fiscal_year,
        value=payload.value,
        reason=payload.reason,
    )
    return Status(201, proposal_out(proposal))


@router.post(
    "/{slug}/target-proposals/{proposal_id}/decision",
    response=answers(TargetProposalOut, *WRITE, *BODY, 409),
    auth=WRITE_AUTH,
    summary="Accept (apply and record) or decline (with a comment) a proposal: plan office",
)
def target_proposal_decision(
    request: HttpRequest, slug: str, proposal_id: int, payload: ProposalDecisionIn
) -> dict[str, Any]:
    actor, plan = request_actor(request), plan_for(slug=slug)
    proposal = (
        TargetProposal.objects.filter(plan=plan, pk=proposal_id).select_related("node").first()
    )
    if proposal is None or not actor.is_internal(plan):
        raise Hidden("その提案はありません")
    decided = target_proposal_decide(
        proposal=proposal,
        actor=actor,
        accept=payload.decision == "accept",
        comment=payload.comment,
    )
    return proposal_out(decided)
