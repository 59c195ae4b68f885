"""The plan office's 個票 page: download the template pre-filled with the plan's items, upload
it filled in (check first, then import). All or nothing; every problem names its cell. The
template holds plan data only, so any staff member of the plan's municipality may download it
(a department fills in its proposal and hands it to the plan office); only the plan office
imports. Another municipality gets 404, another role 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gyokaku.plans.planfile import PlanFileError
from gyokaku.plans.sheet_template import template_bytes
from gyokaku.site.sheet_selectors import sheet_template_for
from gyokaku.site.sheets import changes_summary, item_sheets_import
from gyokaku.web.access import internal_plan, office_plan

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # lib.xlsxguard's limit for a workbook
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOING = "個票の取込"


@login_required
def sheet_template_download(request: HttpRequest, slug: str) -> HttpResponse:
    plan, _ = internal_plan(request, slug)
    response = HttpResponse(template_bytes(sheet_template_for(plan=plan)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-item-sheets.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def sheets_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, DOING)
    context: dict[str, Any] = {"plan": plan}
    if request.method == "GET":
        return render(request, "site/sheets.html", context)
    upload = request.FILES.get("file")
    if upload is None:
        context["problems"] = ["個票テンプレート（.xlsx）を選んでください"]
        return render(request, "site/sheets.html", context, status=400)
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        context["problems"] = [f"ファイルが大きすぎます（上限 {MAX_UPLOAD_BYTES:,} バイト）"]
        return render(request, "site/sheets.html", context, status=400)
    check_only = request.POST.get("check_only") == "1"
    try:
        changes = item_sheets_import(
            plan=plan,
            content=upload.read(),
            name=upload.name or "個票.xlsx",
            actor=actor.user,
            actor_label=actor.label,
            dry_run=check_only,
        )
    except PlanFileError as exc:
        context["problems"] = [str(p) for p in exc.problems]
        return render(request, "site/sheets.html", context, status=400)
    if check_only:
        context |= {"changes": changes, "summary": changes_summary(changes)}
        return render(request, "site/sheets.html", context)
    messages.success(request, f"個票を取り込みました。{changes_summary(changes)}")
    return redirect("plans:schedule", slug=plan.slug)
