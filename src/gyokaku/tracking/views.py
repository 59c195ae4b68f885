"""マイページ (/my/): what is due for the person now. The other staff pages live in
``views_year_plan.py`` (year plans) and ``views_office.py`` (plan office); the report page,
which shows the report with its indicators and effects, is ``measures/views_report.py``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gyokaku.accounts.access import actor_for
from gyokaku.accounts.models import Department, Role
from gyokaku.tracking.page_selectors import my_rounds


@login_required
def my_items(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if actor.is_committee:  # a member's work is what the plan office shares with them
        return redirect("committee:index")
    context = {
        "actor": actor,
        "is_editor": actor.role == Role.EDITOR,
        "departments": list(Department.objects.filter(pk__in=actor.department_ids)),
        "rounds": my_rounds(actor=actor) if actor.role else [],
    }
    return render(request, "tracking/my.html", context)
