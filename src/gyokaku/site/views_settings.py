"""The plan office's settings screen (計画の設定): coordinator or admin of the plan's
municipality; another municipality gets 404, another role 403 (recorded)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gyokaku.lib.errors import Invalid
from gyokaku.site.plan_settings import (
    DOING,
    PlanSettingsForm,
    directions_text,
    plan_settings_update,
)
from gyokaku.web.access import office_plan


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, DOING)
    if request.method == "GET":
        initial = {"office_name": plan.office_name, "directions": directions_text(plan)}
        form = PlanSettingsForm(initial=initial)
        return render(request, "site/plan_settings.html", {"plan": plan, "form": form})
    form = PlanSettingsForm(request.POST)
    if not form.is_valid():
        context = {"plan": plan, "form": form}
        return render(request, "site/plan_settings.html", context, status=422)
    try:
        changed = plan_settings_update(plan=plan, actor=actor, **form.cleaned_data)
    except Invalid as exc:
        form.add_domain_error(exc)
        context = {"plan": plan, "form": form}
        return render(request, "site/plan_settings.html", context, status=422)
    messages.success(request, "計画の設定を保存しました" if changed else "変更はありません")
    return redirect("plans:settings", slug=plan.slug)
