"""Dashboard pages (ダッシュボード) and the measures on the report page.

- ``/plans/{slug}/dashboard/`` and ``…/dashboard/nodes/{key}/``: the plan office and viewers
  (internal readers); editors are sent to their department's view; another municipality 404.
- ``/my/dashboard/``: an editor's departments' items only.
- ``…/progress/{fy}/indicators/`` and ``…/effects/``: saves of the report page's measure
  forms, with the version rules of the report form (412 with what changed on a stale save).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.accounts.models import Role
from gyokaku.accounts.selectors import scope_department_ids
from gyokaku.lib.errors import DomainError, Stale
from gyokaku.lib.wareki import fy_label
from gyokaku.measures import forms
from gyokaku.measures.charts import dashboard_charts
from gyokaku.measures.page_selectors import (
    Dashboard,
    default_fiscal_year,
    department_dashboard,
    department_plans,
    measure_stale_rows,
    plan_dashboard,
    report_measures,
)
from gyokaku.measures.rules import can_write_actuals
from gyokaku.measures.services import effects_update, indicators_update
from gyokaku.measures.views_report import render_report, report_url
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.access import internal_report
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.page_selectors import report_page
from gyokaku.tracking.rules import can_edit_plan_data
from gyokaku.web.access import error_status, internal_plan

# Roles whose dashboard is their own departments' (部長: their 部's), not the whole plan.
SCOPED_ROLES = frozenset({Role.EDITOR, Role.CHIEF, Role.DIRECTOR})

# ---- dashboards ---------------------------------------------------------------------------


def _choice(request: HttpRequest, plan: Plan) -> tuple[forms.DashboardForm, int, str]:
    form = forms.DashboardForm(request.GET, plan=plan)
    fy, unit = form.choice(default_fiscal_year(plan))
    return forms.DashboardForm(initial={"fy": fy, "unit": unit}, plan=plan), fy, unit


def _render_dashboard(
    request: HttpRequest, board: Dashboard, form: forms.DashboardForm, unit: str, **extra: Any
) -> HttpResponse:
    context = {
        "board": board,
        "plan": board.plan,
        "form": form,
        "unit": unit,
        "unit_label": dict(forms.DASHBOARD_UNITS)[unit],
        "fy_label": fy_label(board.fiscal_year),
        "charts": dashboard_charts(board, unit),
        **extra,
    }
    return render(request, "measures/dashboard.html", context)


def _editor_redirect(actor: Actor, plan: Plan, request: HttpRequest) -> HttpResponse | None:
    """Editors, 課長 and 部長 read their departments' (部長: their 部's) view; the plan-wide one is
    the plan office's and the viewers'."""
    if actor.role not in SCOPED_ROLES:
        return None
    query = request.GET.copy()
    query["plan"] = plan.slug
    return redirect(f"{reverse('measures:department')}?{query.urlencode()}")


@login_required
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    if (to_department := _editor_redirect(actor, plan, request)) is not None:
        return to_department
    form, fy, unit = _choice(request, plan)
    board = plan_dashboard(plan=plan, fiscal_year=fy)
    return _render_dashboard(request, board, form, unit)


@login_required
@require_GET
def dashboard_node(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    if (to_department := _editor_redirect(actor, plan, request)) is not None:
        return to_department
    node = Node.objects.filter(plan=plan, key=key).first()
    if node is None:
        raise Http404("no such node")
    form, fy, unit = _choice(request, plan)
    board = plan_dashboard(plan=plan, fiscal_year=fy, node=node)
    return _render_dashboard(request, board, form, unit)


@login_required
@require_GET
def department(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    plans = department_plans(actor=actor)
    wanted = [p for p in plans if p.slug == request.GET.get("plan")] or plans
    if not wanted:
        raise Http404("no plan")
    plan = wanted[0]
    if actor.role not in SCOPED_ROLES:  # the plan office and viewers read the whole plan
        return redirect(reverse("measures:dashboard", args=[plan.slug]))
    form, fy, unit = _choice(request, plan)
    department_ids = scope_department_ids(actor=actor)
    board = department_dashboard(plan=plan, fiscal_year=fy, department_ids=department_ids)
    return _render_dashboard(
        request,
        board,
        form,
        unit,
        department_view=True,
        bureau_view=actor.role == Role.DIRECTOR,
        plans=plans,
    )


# ---- measures on the report page ----------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """What differs between saving indicators and saving effects."""

    name: str  # "indicators" or "effects"
    template: str

    def formset(self, measures: Any, data: Any) -> forms.MeasuresFormSet | None:
        make = forms.indicator_formset if self.name == "indicators" else forms.effect_formset
        return make(measures, data)

    def saved(self, measures: Any) -> list[dict[str, Any]]:
        if self.name == "indicators":
            return [line.data for line in measures.indicators]
        return [{k: v for k, v in e.items() if k != "kind_label"} for e in measures.effects]

    def merged(self, formset: Any, saved: list[dict[str, Any]], fy: int) -> list[dict[str, Any]]:
        if self.name == "indicators":
            return forms.merged_indicators(formset, saved, fy)
        return forms.merged_effects(formset, saved)

    def save(
        self, report: ProgressReport, actor: Actor, items: Any, version: int, reason: str
    ) -> None:
        if self.name == "indicators":
            indicators_update(
                node=report.node,
                actor=actor,
                indicators=items,
                expected_version=version,
                reason=reason,
            )
        else:
            effects_update(
                node=report.node,
                fiscal_year=report.fiscal_year,
                actor=actor,
                effects=items,
                expected_version=version,
                reason=reason,
            )


INDICATORS = Measure("indicators", "measures/_indicators_form.html")
EFFECTS = Measure("effects", "measures/_effects_form.html")


def _render_measure(
    request: HttpRequest,
    report: ProgressReport,
    actor: Actor,
    status: int,
    measure: Measure,
    **extra: Any,
) -> HttpResponse:
    """The measure's form alone for htmx, else the whole report page around it."""
    measures = extra.pop("measures", None) or report_measures(
        node=report.node, fiscal_year=report.fiscal_year, actor=actor
    )
    if not request.htmx:  # type: ignore[attr-defined]
        page = report_page(report=report, actor=actor)
        return render_report(request, page, status, measures=measures, measure=measure, **extra)
    context = {"plan": report.node.plan, "measures": measures, "measure": measure, **extra}
    context.setdefault(f"{measure.name}_forms", measure.formset(measures, None))
    return render(request, measure.template, context, status=status)


def _save_measure(
    request: HttpRequest, slug: str, key: str, fy: int, measure: Measure
) -> HttpResponse:
    report, actor = internal_report(request, slug, key, fy)
    measures = report_measures(node=report.node, fiscal_year=fy, actor=actor)
    formset = measure.formset(measures, request.POST)
    if formset is None:  # nothing editable now: the services' checks say why
        return _refused(request, report, actor, measure)
    extra: dict[str, Any] = {"measures": measures, f"{measure.name}_forms": formset}
    if not formset.is_valid():
        return _render_measure(request, report, actor, 422, measure, **extra)
    refused = _apply(request, report, actor, measure, formset, extra)
    if refused is not None:
        return refused
    if not request.htmx:  # type: ignore[attr-defined]
        messages.success(request, "保存しました")
        return redirect(f"{report_url(report)}#{measure.name}")
    return _render_measure(request, report, actor, 200, measure, measure_saved=True)


def _apply(
    request: HttpRequest,
    report: ProgressReport,
    actor: Actor,
    measure: Measure,
    formset: forms.MeasuresFormSet,
    extra: dict[str, Any],
) -> HttpResponse | None:
    """Save through the service; the page to show when it refuses (None when saved)."""
    saved = measure.saved(extra["measures"])
    theirs = measure.merged(formset, saved, report.fiscal_year)
    try:
        measure.save(report, actor, theirs, formset.posted_version or 0, formset.reason)
    except Stale as exc:
        formset.version = exc.current_version
        stale = measure_stale_rows(
            what=measure.name, current=saved, theirs=theirs, fiscal_year=report.fiscal_year
        )
        return _render_measure(request, report, actor, 412, measure, measure_stale=stale, **extra)
    except DomainError as exc:
        formset.add_domain_error(exc)
        status = error_status(request, actor, exc, plan_slug=report.node.plan.slug)
        return _render_measure(request, report, actor, status, measure, **extra)
    return None


def _refused(
    request: HttpRequest, report: ProgressReport, actor: Actor, measure: Measure
) -> HttpResponse:
    """A save by someone shown no form: the services' own rules say why (403, 409 …)."""
    noun = "成果指標" if measure.name == "indicators" else "財政効果"
    reason = can_edit_plan_data(actor, report.node, noun) or can_write_actuals(
        actor, report.node, report.fiscal_year
    )
    if reason is None:  # pragma: no cover (no form means a rule refuses)
        raise Http404("nothing to save")
    status = error_status(request, actor, reason.as_error(), plan_slug=report.node.plan.slug)
    return _render_measure(request, report, actor, status, measure, measure_error=str(reason))


@login_required
@require_POST
def report_indicators(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    return _save_measure(request, slug, key, fy, INDICATORS)


@login_required
@require_POST
def report_effects(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    return _save_measure(request, slug, key, fy, EFFECTS)
