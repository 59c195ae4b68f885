"""One progress report (取組状況) with its indicators and effects: read, edit (htmx), workflow
moves, history.

No lost update: the edit form carries the version it was opened at. A stale save answers 412
with the person's text kept in the form, the differences since they opened it, and the form
now based on the current version, so that saving again after merging succeeds.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gyokaku.accounts.access import actor_for
from gyokaku.committee.selectors import report_committee
from gyokaku.lib.errors import DomainError, Stale
from gyokaku.lib.wareki import fy_label
from gyokaku.measures.forms import effect_formset, indicator_formset
from gyokaku.measures.page_selectors import report_measures
from gyokaku.tracking.access import internal_report
from gyokaku.tracking.forms import MoveForm, ReportForm
from gyokaku.tracking.models import REPORT_TEXT_FIELDS, ProgressReport
from gyokaku.tracking.moves import MOVES
from gyokaku.tracking.page_selectors import (
    ReportPage,
    report_history,
    report_page,
    report_values,
    stale_rows,
)
from gyokaku.tracking.services import progress_update
from gyokaku.tracking.workflow import transition_apply
from gyokaku.web.access import error_status


def report_url(report: ProgressReport) -> str:
    args = [report.node.plan.slug, report.node.key, report.fiscal_year]
    return reverse("measures:report", args=args)


def _report_form(page: ReportPage, data: Any = None) -> ReportForm | None:
    if not page.editable:
        return None
    initial = {**report_values(page.report, page.scales), "version": page.report.version}
    return ReportForm(
        data, scales=page.scales, fields=page.editable, directions=page.directions, initial=initial
    )


def render_report(
    request: HttpRequest, page: ReportPage, status: int = 200, **extra: Any
) -> HttpResponse:
    """The report page (or, for htmx, its edit form); ``extra`` overrides the context."""
    context = {
        "page": page,
        "plan": page.report.node.plan,
        "fy_label": fy_label(page.report.fiscal_year),
    }
    context.setdefault("form", _report_form(page))
    context.update(extra)
    partial = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    if not partial:
        context.update(_measures_context(request, page, context))
    template = "tracking/_report_edit.html" if partial else "tracking/report.html"
    return render(request, template, context, status=status)


_render_report = render_report


def _measures_context(request: HttpRequest, page: ReportPage, context: dict[str, Any]) -> Any:
    """Indicators and fiscal effects of the year (measures/templates/measures/_report_*)."""
    measures = context.get("measures") or report_measures(
        node=page.report.node, fiscal_year=page.report.fiscal_year, actor=actor_for(request.user)
    )
    return {
        "committee": report_committee(node=page.report.node, fiscal_year=page.report.fiscal_year),
        "measures": measures,
        "indicators_forms": context.get("indicators_forms") or indicator_formset(measures),
        "effects_forms": context.get("effects_forms") or effect_formset(measures),
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    report, actor = internal_report(request, slug, key, fy)
    page = report_page(report=report, actor=actor)
    if request.method != "POST":
        return _render_report(request, page)
    fields = page.editable or set(REPORT_TEXT_FIELDS)  # nothing editable: the service says why
    form = ReportForm(request.POST, scales=page.scales, fields=fields, directions=page.directions)
    if not form.is_valid():
        return _render_report(request, page, 422, form=form)
    try:
        saved = progress_update(
            report=report,
            actor=actor,
            data=form.report_data(),
            expected_version=form.cleaned_data["version"],
        )
    except Stale as exc:
        changed = stale_rows(
            report=report,
            opened_version=form.cleaned_data["version"],
            theirs=form.posted(),
            scales=page.scales,
            labels=form.labels,
        )
        return _render_report(
            request, page, 412, form=form.with_version(exc.current_version), stale=changed
        )
    except DomainError as exc:
        form.add_domain_error(exc)
        return _render_report(
            request, page, error_status(request, actor, exc, plan_slug=slug), form=form
        )
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, "保存しました")
        return redirect(report_url(report))
    return _render_report(request, report_page(report=saved, actor=actor), saved=True)


@login_required
@require_POST
def report_move(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    report, actor = internal_report(request, slug, key, fy)
    form = MoveForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in MOVES:
        page = report_page(report=report, actor=actor)
        comment_errors = form.errors.get("comment")
        why = f"コメント: {comment_errors[0]}" if comment_errors else "操作を選んでください"
        return _render_report(request, page, 422, move_error=why)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    try:
        transition_apply(
            report=report,
            action=action,
            actor=actor,
            comment=comment,
            expected_version=form.cleaned_data["version"],
            to_step=form.cleaned_data["to_step"],
        )
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        page = report_page(report=report, actor=actor)
        return _render_report(
            request, page, status, move_error=exc.message, comment=comment, action=action
        )
    messages.success(request, f"{MOVES[action].label}しました")
    return redirect(report_url(report))


@login_required
def report_versions(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    report, actor = internal_report(request, slug, key, fy)
    page = report_page(report=report, actor=actor)
    versions = report_history(report=report, scales=page.scales)
    context = {
        "page": page,
        "plan": report.node.plan,
        "versions": versions,
        "fy_label": fy_label(fy),
    }
    return render(request, "tracking/report_history.html", context)
