"""The 目標値の変更提案 page: departments propose a new baseline or target for their items;
the plan office lists the proposals and accepts (applied and recorded as a 目標値の変更) or
declines them with a comment. Thin views over measures.target_services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gyokaku.accounts.access import Actor
from gyokaku.lib.errors import DomainError
from gyokaku.measures.target_forms import ProposalDecisionForm, TargetProposalForm
from gyokaku.measures.target_models import TargetProposal
from gyokaku.measures.target_selectors import target_change_rows, target_proposals
from gyokaku.measures.target_services import target_proposal_decide, target_proposal_submit
from gyokaku.plans.models import Node, Plan
from gyokaku.web.access import error_status, internal_plan


def _page(
    request: HttpRequest, plan: Plan, actor: Actor, form: TargetProposalForm, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "plan": plan,
        "form": form,
        "is_office": actor.is_plan_office_of(plan),
        "proposals": list(target_proposals(plan=plan, actor=actor)),
        "decision_form": ProposalDecisionForm(),
        "changes": target_change_rows(plan=plan),
    }
    return render(request, "measures/target_proposals.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def target_proposals_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    if request.method == "GET":
        form = TargetProposalForm(initial={"key": request.GET.get("node", "")})
        return _page(request, plan, actor, form)
    form = TargetProposalForm(request.POST)
    if not form.is_valid():
        return _page(request, plan, actor, form, 422)
    node = Node.objects.filter(plan=plan, key=form.cleaned_data["key"]).first()
    if node is None:
        form.add_error("key", f"キー「{form.cleaned_data['key']}」の取組はありません")
        return _page(request, plan, actor, form, 422)
    try:
        target_proposal_submit(node=node, actor=actor, **form.service_kwargs())
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=plan.slug)
        form.add_domain_error(exc)
        return _page(request, plan, actor, form, status)
    messages.success(request, f"目標値の変更を提案しました。{plan.office_label}が決定します")
    return redirect(reverse("measures:target_proposals", args=[plan.slug]))


@login_required
@require_POST
def target_proposal_decision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    proposal = TargetProposal.objects.filter(plan=plan, pk=pk).select_related("node").first()
    if proposal is None:
        raise Http404("no such proposal")
    form = ProposalDecisionForm(request.POST)
    page = reverse("measures:target_proposals", args=[plan.slug])
    if form.is_valid():
        try:
            target_proposal_decide(
                proposal=proposal,
                actor=actor,
                accept=form.cleaned_data["decision"] == "accept",
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            status = error_status(request, actor, exc, plan_slug=plan.slug)
            messages.error(request, exc.message)
            return _page(request, plan, actor, TargetProposalForm(), status)
        messages.success(request, "提案への決定を記録しました")
        return redirect(page)
    messages.error(request, "決定を選んでください")
    return _page(request, plan, actor, TargetProposalForm(), 422)
