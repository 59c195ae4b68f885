"""The plan office's page to publish a fiscal year in one act (年度の公表): a preview of what
becomes public and what is still missing, and the confirmation (POST) that calls
``year_publish``. Every other role gets 403, another municipality 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gyokaku.lib.errors import DomainError, Hidden
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan
from gyokaku.tracking.selectors import round_for, year_publication_preview
from gyokaku.tracking.services import year_publish
from gyokaku.web.access import error_status, office_plan


def _render(
    request: HttpRequest, plan: Plan, fy: int, status: int = 200, **extra: str
) -> HttpResponse:
    context = {
        "plan": plan,
        "fy_label": fy_label(fy),
        "preview": year_publication_preview(plan, fy),
        **extra,
    }
    return render(request, "tracking/year_publish.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def year_publish_page(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    plan, actor = office_plan(request, slug, "年度の公表")
    try:
        round_for(plan=plan, fy=fy)
    except Hidden:
        raise Http404("no such round") from None
    if request.method == "GET":
        return _render(request, plan, fy)
    try:
        done = year_publish(plan=plan, fiscal_year=fy, actor=actor)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        return _render(request, plan, fy, status, error=exc.message)
    messages.success(
        request,
        f"{fy_label(fy)}の取組状況 {len(done.published):,} 件を公表しました。"
        f"{done.coverage.statement}",
    )
    return redirect("tracking:rounds", slug=slug)
