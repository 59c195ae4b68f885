"""The plan office's settings screen (計画の設定): coordinator or admin of the plan's
municipality; another municipality gets 404, another role 403 (recorded)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gyokaku.lib.errors import Invalid
from gyokaku.plans.logo import MAX_LOGO_BYTES, logo_path, logo_type
from gyokaku.site.plan_settings import (
    DOING,
    PlanSettingsForm,
    plan_logo_set,
    plan_settings_update,
    settings_initial,
)
from gyokaku.web.access import office_plan, plan_or_404


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, DOING)
    if request.method == "GET":
        form = PlanSettingsForm(initial=settings_initial(plan), plan=plan)
        return render(request, "site/plan_settings.html", {"plan": plan, "form": form})
    form = PlanSettingsForm(request.POST, plan=plan)
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


@login_required
@require_http_methods(["POST"])
def logo_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """ロゴ: a new file, or ``remove`` to go without one."""
    plan, actor = office_plan(request, slug, DOING)
    upload = request.FILES.get("logo")
    form = PlanSettingsForm(initial=settings_initial(plan), plan=plan)
    context = {"plan": plan, "form": form}
    if request.POST.get("remove") != "1":
        if upload is None:
            context["logo_problem"] = "ロゴの画像（PNG・JPEG・SVG）を選んでください"
            return render(request, "site/plan_settings.html", context, status=422)
        if upload.size is not None and upload.size > MAX_LOGO_BYTES:
            context["logo_problem"] = f"ロゴは {MAX_LOGO_BYTES // 1024:,} KB までです"
            return render(request, "site/plan_settings.html", context, status=422)
    content = upload.read() if upload is not None and request.POST.get("remove") != "1" else None
    try:
        plan_logo_set(plan=plan, actor=actor, content=content)
    except Invalid as exc:
        context["logo_problem"] = exc.problems.get("logo", str(exc))
        return render(request, "site/plan_settings.html", context, status=422)
    messages.success(request, "ロゴを保存しました" if content else "ロゴを外しました")
    return redirect("plans:settings", slug=plan.slug)


@require_http_methods(["GET", "HEAD"])
def logo(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """The plan's logo, public like the pages that show it. Its name holds its hash, so it may
    be kept for long; an SVG runs nothing even when opened by itself (sandbox)."""
    plan = plan_or_404(slug)
    path = logo_path(name) if name == plan.logo else None
    if path is None:
        raise Http404("no such logo")
    response = HttpResponse(path.read_bytes(), content_type=logo_type(name))
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
