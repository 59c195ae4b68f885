"""The plan office's 個票 page: download the template pre-filled with the plan's items, upload
it filled in (check first, then import). All or nothing; every problem names its cell. The
template holds plan data only, so any staff member of the plan's municipality may download it
(a department fills in its proposal and hands it to the plan office); only the plan office
imports. Another municipality gets 404, another role 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gyokaku.lib.errors import DomainError, Invalid
from gyokaku.plans.models import ItemSheet, SheetProposal
from gyokaku.plans.planfile import PlanFileError
from gyokaku.plans.selectors import number_nodes
from gyokaku.plans.sheet_template import template_bytes
from gyokaku.site.forms_sheet import SheetProposalForm
from gyokaku.site.sheet_proposals import (
    can_propose_sheet,
    sheet_proposal_decide,
    sheet_proposal_submit,
)
from gyokaku.site.sheet_selectors import pending_sheet_proposals, sheet_template_for
from gyokaku.site.sheets import changes_summary, item_sheets_import
from gyokaku.web.access import internal_node, internal_plan, office_plan, refuse

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
    context: dict[str, Any] = {"plan": plan, "proposals": pending_sheet_proposals(plan=plan)}
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


@login_required
@require_http_methods(["GET", "POST"])
def sheet_propose(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """所管課が個票の変更を提案する: the item's 個票 as a form, with the reason."""
    node, actor = internal_node(request, slug, key)
    if reason := can_propose_sheet(actor, node):
        refuse(request, actor, str(reason), plan_slug=slug)
    sheet = ItemSheet.objects.filter(node=node).first()
    years = list(node.plan.fiscal_years)
    form = SheetProposalForm(
        request.POST or None, years=years, sheet=sheet, stages=node.plan.stage_labels
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                sheet_proposal_submit(
                    node=node, actor=actor, sheet=form.sheet(), reason=form.cleaned_data["reason"]
                )
            except Invalid as exc:
                for where, message in exc.problems.items():
                    form.add_error(None, f"{where}: {message}")
            else:
                messages.success(request, "個票の変更を提案しました。計画担当が採否を決めます")
                return redirect("plans:node", slug=slug, key=node.key)
        status = 422
    number_nodes([node])
    context = {"plan": node.plan, "node": node, "form": form}
    return render(request, "site/sheet_propose.html", context, status=status)


@login_required
@require_POST
def sheet_proposal_decide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan, actor = office_plan(request, slug, "個票の変更提案の採否")
    proposal = SheetProposal.objects.filter(pk=pk, node__plan=plan).select_related("node").first()
    if proposal is None:
        raise Http404("no such proposal")
    proposal.node.plan = plan
    accept = request.POST.get("decision") == "accept"
    try:
        sheet_proposal_decide(
            proposal=proposal, actor=actor, accept=accept, comment=request.POST.get("comment", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "提案を採用し、個票を変更しました" if accept else "提案を不採用にしました"
        )
    return redirect("plans:sheets", slug=plan.slug)
