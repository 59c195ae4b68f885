"""Pages of the plan office (計画担当): review queue with bulk approve, rounds, and the
departments responsible for a node. Every other role gets 403 (audited as access.refused)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.accounts.services import node_departments_set
from gyokaku.lib.errors import DomainError
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan
from gyokaku.tracking.forms import NodeDepartmentsForm, ReasonForm, ReviewFilterForm, RoundOpenForm
from gyokaku.tracking.models import ProgressReport, Round, State
from gyokaku.tracking.page_selectors import (
    ReviewFilters,
    review_choices,
    review_reports,
)
from gyokaku.tracking.selectors import rounds_for
from gyokaku.tracking.services import round_close, round_open, round_reopen
from gyokaku.tracking.workflow import transition_apply
from gyokaku.web.access import (
    error_status,
    internal_node,
    office_plan,
    refuse,
)

# ---- review queue (確認待ち) -----------------------------------------------------------------


@login_required
def review_index(request: HttpRequest) -> HttpResponse:
    """確認待ち in the header: the plan's queue, or a choice when the municipality has several."""
    actor = actor_for(request.user)
    if not actor.is_plan_office:
        refuse(request, actor, "確認待ちの一覧は計画担当だけが見られます")
    plans = list(Plan.objects.filter(municipality_id=actor.municipality_id or 0))
    if len(plans) == 1:
        return redirect("tracking:review", slug=plans[0].slug)
    return render(request, "tracking/review_index.html", {"plans": plans})


def _review_filters(query: QueryDict) -> tuple[ReviewFilterForm, ReviewFilters]:
    # 確認待ち by default: the submitted reports. "state=" (すべて) shows every state.
    data = query.copy()
    data.setdefault("state", State.SUBMITTED)
    form = ReviewFilterForm(data)
    if not form.is_valid():
        return form, ReviewFilters()
    return form, ReviewFilters(**form.cleaned_data)


def _review_context(plan: Plan, query: QueryDict) -> dict[str, Any]:
    form, filters = _review_filters(query)
    reports = review_reports(plan=plan, filters=filters)
    return {
        "plan": plan,
        "form": form,
        "filters": filters,
        "choices": review_choices(plan=plan),
        "reports": reports,
    }


@login_required
def review_queue(request: HttpRequest, slug: str) -> HttpResponse:
    plan, _ = office_plan(request, slug, "確認待ちの一覧")
    context = _review_context(plan, request.GET)
    status = 422 if context["form"].errors else 200
    partial = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "tracking/_review_table.html" if partial else "tracking/review.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass
class ApproveResult:
    report: ProgressReport | None
    report_id: int
    ok: bool
    message: str


def _approve_each(plan: Plan, ids: list[int], actor: Actor) -> list[ApproveResult]:
    """承認 each report on its own: one refusal does not stop the others."""
    found = {
        r.pk: r
        for r in ProgressReport.objects.filter(node__plan=plan, pk__in=ids).select_related(
            "node", "round"
        )
    }
    results = []
    for pk in ids:
        report = found.get(pk)
        if report is None:
            results.append(ApproveResult(None, pk, False, "この取組状況はありません"))
            continue
        try:
            transition_apply(report=report, action="approve", actor=actor)
        except DomainError as exc:
            results.append(ApproveResult(report, pk, False, exc.message))
        else:
            results.append(ApproveResult(report, pk, True, "承認しました"))
    return results


@login_required
@require_POST
def review_approve(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, "一括承認")
    ids = list(dict.fromkeys(int(v) for v in request.POST.getlist("report") if v.isdigit()))
    if not ids:
        context = {
            **_review_context(plan, request.GET),
            "bulk_error": "承認する取組状況を選んでください",
        }
        return render(request, "tracking/review.html", context, status=422)
    results = _approve_each(plan, ids, actor)
    done = sum(r.ok for r in results)
    context = {"plan": plan, "results": results, "done": done, "failed": len(results) - done}
    return render(request, "tracking/review_results.html", context)


# ---- rounds (進捗調査) -----------------------------------------------------------------------


def _render_rounds(
    request: HttpRequest, plan: Plan, actor: Actor, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "plan": plan,
        "rows": rounds_for(actor, plan),
        "open_form": RoundOpenForm(plan=plan),
        **extra,
    }
    return render(request, "tracking/rounds.html", context, status=status)


@login_required
def rounds(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, "進捗調査の管理")
    return _render_rounds(request, plan, actor)


@login_required
@require_POST
def rounds_open(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, "進捗調査の開始")
    form = RoundOpenForm(request.POST, plan=plan)
    if not form.is_valid():
        return _render_rounds(request, plan, actor, 422, open_form=form)
    fy, deadline = form.cleaned_data["fiscal_year"], form.cleaned_data["deadline"]
    try:
        round_open(plan=plan, fiscal_year=fy, actor=actor, deadline=deadline)
    except DomainError as exc:
        form.add_domain_error(exc)
        return _render_rounds(
            request, plan, actor, error_status(request, actor, exc, plan_slug=slug), open_form=form
        )
    messages.success(request, f"{fy_label(fy)}の進捗調査を開始しました")
    return redirect("tracking:rounds", slug=slug)


def _round(plan: Plan, fy: int) -> Round:
    round_ = Round.objects.filter(plan=plan, fiscal_year=fy).first()
    if round_ is None:
        raise Http404("no such round")
    round_.plan = plan
    return round_


@login_required
@require_POST
def rounds_close(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    plan, actor = office_plan(request, slug, "進捗調査の締切")
    try:
        round_close(round_=_round(plan, fy), actor=actor)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        return _render_rounds(request, plan, actor, status, round_error=exc.message, error_fy=fy)
    messages.success(request, f"{fy_label(fy)}の進捗調査を締め切りました")
    return redirect("tracking:rounds", slug=slug)


@login_required
@require_POST
def rounds_reopen(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    plan, actor = office_plan(request, slug, "進捗調査の再開")
    reason = ReasonForm(request.POST).data.get("reason", "")[:500]
    try:
        round_reopen(round_=_round(plan, fy), actor=actor, reason=reason)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        message = "; ".join(getattr(exc, "problems", {}).values()) or exc.message
        return _render_rounds(
            request, plan, actor, status, round_error=message, error_fy=fy, reason=reason
        )
    messages.success(request, f"{fy_label(fy)}の進捗調査を再開しました")
    return redirect("tracking:rounds", slug=slug)


# ---- departments of a node (所管課の割り当て) -------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def node_departments(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    node, actor = internal_node(request, slug, key)
    office_plan(request, slug, "所管課の割り当て")
    current = list(node.departments.all())
    form = NodeDepartmentsForm(
        request.POST if request.method == "POST" else None,
        plan=node.plan,
        initial={"departments": current},
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                node_departments_set(
                    node=node, departments=list(form.cleaned_data["departments"]), actor=actor
                )
            except DomainError as exc:
                form.add_domain_error(exc)
                status = error_status(request, actor, exc, plan_slug=slug)
            else:
                messages.success(request, "所管課を保存しました")
                return redirect("tracking:node_departments", slug=slug, key=key)
    context = {"plan": node.plan, "node": node, "form": form, "current": current}
    return render(request, "tracking/node_departments.html", context, status=status)
