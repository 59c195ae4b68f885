"""承認待ち: the reports waiting at the caller's step of the plan's approval chain (課長確認,
部長確認, 行革担当確認), with bulk 確認 / 承認 / 差戻し. A bulk move is all or nothing: the rule
is checked for every item, each gets its own transition and audit event, and the first item
that may not move stops the lot with a message that names it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gyokaku.accounts.access import actor_for
from gyokaku.lib.errors import DomainError, Invalid
from gyokaku.plans.models import Plan
from gyokaku.tracking.chain import chain_steps
from gyokaku.tracking.forms import CHAIN_ROWS, ChainBulkForm, ChainStepForm, ChainStepFormSet
from gyokaku.tracking.page_selectors import chain_queue
from gyokaku.tracking.services import StepSpec, chain_set, transitions_apply_bulk
from gyokaku.web.access import error_status, internal_plan, office_plan

BULK_DONE = {"confirm": "確認", "approve": "承認", "return": "差戻し"}
STEP_FIELDS = ("code", "name", "role")  # StepSpec's order


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
    context = {"plan": plan, "queue": queue, "can_edit_chain": actor.is_plan_office_of(plan)}
    return render(request, "tracking/chain.html", context)


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
    context = {
        "plan": plan,
        "queue": queue,
        "bulk_error": error,
        "form": form,
        "can_edit_chain": actor.is_plan_office_of(plan),
    }
    return render(request, "tracking/chain.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def chain_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """承認ルートの設定: the plan office sets the chain on screen, as `gyokaku round chain` does
    (the same service: its checks, its refusal while a report waits at a step, its audit)."""
    plan, actor = office_plan(request, slug, "承認ルートの設定")
    status, error = 200, ""
    if request.method == "POST":
        formset = ChainStepFormSet(request.POST, prefix="step")
        if formset.is_valid():
            rows = [f for f in formset.forms if not f.is_blank()]
            specs = [StepSpec(*(f.cleaned_data[k].strip() for k in STEP_FIELDS)) for f in rows]
            try:
                chain_set(plan=plan, steps=specs, actor=actor)
            except Invalid as exc:
                _row_errors(rows, exc.problems)
                status = 422
            except DomainError as exc:
                error, status = exc.message, error_status(request, actor, exc, plan_slug=plan.slug)
            else:
                messages.success(
                    request, "承認ルートを設定しました" if specs else "承認ルートをなくしました"
                )
                return redirect("tracking:chain_edit", slug=plan.slug)
        else:
            status = 422
    else:
        steps = [{"code": s.code, "name": s.name, "role": s.role} for s in chain_steps(plan)]
        blank: list[dict[str, str]] = [{}] * max(CHAIN_ROWS - len(steps), 0)
        formset = ChainStepFormSet(initial=[*steps, *blank], prefix="step")
    context = {"plan": plan, "formset": formset, "error": error, "steps": chain_steps(plan)}
    return render(request, "tracking/chain_edit.html", context, status=status)


def _row_errors(rows: list[ChainStepForm], problems: dict[str, str]) -> None:
    """The service's ``approval_chain[i].field`` problems on the form of the i-th step given;
    the others (the chain as a whole) on the first."""
    for where, message in problems.items():
        index, _, field = where.removeprefix("approval_chain[").partition("].")
        if index.isdigit() and int(index) < len(rows) and field in rows[int(index)].fields:
            rows[int(index)].add_error(field, message)
        elif rows:
            rows[0].add_error(None, message)
