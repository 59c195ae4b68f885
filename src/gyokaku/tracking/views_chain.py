"""承認待ち: the reports waiting at the caller's step of the plan's approval chain (課長確認,
部長確認, 行革担当確認), with bulk 確認 / 承認 / 差戻し. A bulk move is all or nothing: the rule
is checked for every item, each gets its own transition and audit event, and the first item
that may not move stops the lot with a message that names it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gyokaku.accounts.access import actor_for
from gyokaku.lib.errors import DomainError, Invalid
from gyokaku.plans.models import Plan
from gyokaku.tracking.forms import ChainBulkForm
from gyokaku.tracking.page_selectors import chain_queue
from gyokaku.tracking.services import transitions_apply_bulk
from gyokaku.web.access import error_status, internal_plan

BULK_DONE = {"confirm": "確認", "approve": "承認", "return": "差戻し"}


@login_required
def chain_index(request: HttpRequest) -> HttpResponse:
    """承認待ち in the header: the plan's list, or a choice when the municipality has several."""
    actor = actor_for(request.user)
    plans = list(Plan.objects.filter(municipality_id=actor.municipality_id or 0))
    if len(plans) == 1:
        return redirect("tracking:chain", slug=plans[0].slug)
    return render(request, "tracking/chain_index.html", {"plans": plans})


@login_required
def chain_list(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    queue = chain_queue(plan=plan, actor=actor, bureau=request.GET.get("bureau", "")[:30])
    return render(request, "tracking/chain.html", {"plan": plan, "queue": queue})


@login_required
@require_POST
def chain_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    form = ChainBulkForm(request.POST)
    error, status = "", 200
    if not form.is_valid():
        error, status = "操作を選んでください", 422
    else:
        data = form.cleaned_data
        try:
            done = transitions_apply_bulk(
                plan=plan,
                report_ids=data["report"],
                action=data["action"],
                actor=actor,
                comment=data["comment"],
                to_step=data["to_step"],
            )
        except Invalid as exc:
            error, status = "、".join(exc.problems.values()), 422
        except DomainError as exc:
            error, status = exc.message, error_status(request, actor, exc, plan_slug=plan.slug)
        else:
            messages.success(request, f"{len(done)} 件を{BULK_DONE[data['action']]}しました")
            return redirect("tracking:chain", slug=plan.slug)
    queue = chain_queue(plan=plan, actor=actor)
    context = {"plan": plan, "queue": queue, "bulk_error": error, "form": form}
    return render(request, "tracking/chain.html", context, status=status)
