"""The year plan (年度計画/工程) of one node and fiscal year: read and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gyokaku.lib.errors import DomainError, Stale
from gyokaku.lib.wareki import fy_label
from gyokaku.tracking.forms import YearPlanForm
from gyokaku.tracking.models import YearPlan
from gyokaku.tracking.page_selectors import year_plan_stale_rows
from gyokaku.tracking.rules import can_edit_year_plan, can_write_node
from gyokaku.tracking.services import year_plan_update
from gyokaku.web.access import error_status, internal_node


@login_required
@require_http_methods(["GET", "POST"])
def year_plan_detail(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    node, actor = internal_node(request, slug, key)
    if fy not in node.plan.fiscal_years:
        raise Http404("outside the plan's period")
    year_plan = YearPlan.objects.filter(node=node, fiscal_year=fy).first()
    stages = dict(node.plan.stage_labels)
    if year_plan is not None and year_plan.stage and year_plan.stage not in stages:
        stages[year_plan.stage] = year_plan.stage  # no longer listed: kept while it is saved
    context: dict[str, Any] = {
        "node": node,
        "plan": node.plan,
        "fy": fy,
        "fy_label": fy_label(fy),
        "year_plan": year_plan,
        # the form for whoever may write it now; to its department, why not (submitted …)
        "can_edit": (locked := can_edit_year_plan(actor, node, fy)) is None,
        "locked": locked if can_write_node(actor, node, "年度計画") is None else None,
        "form": YearPlanForm(initial=_year_plan_initial(year_plan), stages=stages),
    }
    if request.method != "POST":
        return render(request, "tracking/year_plan.html", context)
    form = context["form"] = YearPlanForm(request.POST, stages=stages)
    status = 422
    if form.is_valid():
        try:
            year_plan_update(
                node=node,
                fiscal_year=fy,
                actor=actor,
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
            )
        except Stale as exc:
            status, context["form"] = 412, form.with_version(exc.current_version)
            context["stale"] = year_plan_stale_rows(year_plan, form.data_for_service(), stages)
        except DomainError as exc:
            status = error_status(request, actor, exc, plan_slug=slug)
            form.add_domain_error(exc)
        else:
            messages.success(request, "年度計画を保存しました")
            return redirect(request.path)
    return render(request, "tracking/year_plan.html", context, status=status)


def _year_plan_initial(year_plan: YearPlan | None) -> dict[str, Any]:
    if year_plan is None:
        return {"version": 0, "stage": "", "text": ""}
    return {"version": year_plan.version, "stage": year_plan.stage, "text": year_plan.text}
