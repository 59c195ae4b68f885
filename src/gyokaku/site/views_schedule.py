"""工程表 pages: the grid (public and staff, from adoption) and its XLSX download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gyokaku.accounts.access import actor_for
from gyokaku.lib.wareki import period_label
from gyokaku.site.schedule import schedule_table
from gyokaku.site.schedule_xlsx import schedule_xlsx
from gyokaku.web.access import plan_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_or_404(slug)
    actor = actor_for(request.user)
    table = schedule_table(plan=plan, actor=actor)
    period = period_label(plan.start_fy, plan.end_fy)
    office = actor.is_plan_office_of(plan)  # links to the 個票 import
    context = {"plan": plan, "table": table, "period": period, "office": office}
    return render(request, "site/schedule.html", context)


def schedule_download(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_or_404(slug)
    table = schedule_table(plan=plan, actor=actor_for(request.user))
    response = HttpResponse(schedule_xlsx(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-schedule.xlsx"'
    return response
