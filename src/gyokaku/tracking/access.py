"""The page access helper for one progress report (取組状況): 404 for anyone outside its
municipality, as ``web.access.internal_plan`` answers for its plan."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from gyokaku.accounts.access import Actor
from gyokaku.tracking.models import ProgressReport
from gyokaku.web.access import internal_plan


def internal_report(
    request: HttpRequest, slug: str, key: str, fy: int
) -> tuple[ProgressReport, Actor]:
    plan, actor = internal_plan(request, slug)
    report = (
        ProgressReport.objects.select_related("node", "round")
        .filter(node__plan=plan, node__key=key, fiscal_year=fy)
        .first()
    )
    if report is None:
        raise Http404("no such report")
    report.round.plan = report.node.plan = plan
    return report, actor
