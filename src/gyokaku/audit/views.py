"""監査ログ (/audit/): the plan office and admins browse and filter audit events."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from gyokaku.accounts.access import actor_for
from gyokaku.audit.forms import AuditFilterForm
from gyokaku.audit.models import AuditEvent
from gyokaku.audit.selectors import (
    audit_actions,
    audit_check_access,
    audit_events,
    label_targets,
)
from gyokaku.lib.errors import Refused
from gyokaku.plans.models import Plan
from gyokaku.web.access import refuse

PER_PAGE = 50


def _events(
    municipality_id: int, plans: list[Plan], filters: dict[str, Any]
) -> QuerySet[AuditEvent]:
    plan = next((p for p in plans if p.slug == filters["plan"]), None)
    if filters["plan"] and plan is None:
        return AuditEvent.objects.none()  # not a plan of this municipality
    return audit_events(
        municipality_id=municipality_id,
        plan=plan,
        key=filters["key"],
        fy=filters["fy"],
        action=filters["action"],
        actor=filters["user"],
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    try:
        municipality_id = audit_check_access(actor)
    except Refused as exc:
        refuse(request, actor, exc.message)
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    plans = list(Plan.objects.filter(municipality_id=municipality_id))
    filters = (
        form.cleaned_data
        if valid
        else {"plan": "", "key": "", "fy": None, "action": "", "user": ""}
    )
    events = _events(municipality_id, plans, filters)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    label_targets(list(page.object_list))
    context = {
        "form": form,
        "page": page,
        "plans": plans,
        "actions": audit_actions(),
    }
    partial = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "audit/_events.html" if partial else "audit/index.html"
    response = render(request, template, context, status=200 if valid else 422)
    patch_vary_headers(response, ["HX-Request"])
    return response
