"""The 意見一覧表 files of a year shared with the committee (reports/opinion_list.py), for
whoever may read that year (committee/rules.py): 404 for anybody else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from gyokaku.accounts.access import actor_for
from gyokaku.committee.selectors import opinion_lines, review_for
from gyokaku.lib.errors import Hidden
from gyokaku.reports.opinion_list import opinion_list_pdf, opinion_list_xlsx
from gyokaku.web.access import plan_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def opinion_list_download(request: HttpRequest, slug: str, fy: int, suffix: str) -> HttpResponse:
    actor = actor_for(request.user)
    try:
        review = review_for(actor, plan=plan_or_404(slug), fiscal_year=fy)
    except Hidden:
        raise Http404("not shared") from None
    lines = opinion_lines(actor, review)
    if suffix == "xlsx":
        response = HttpResponse(opinion_list_xlsx(review, lines), content_type=XLSX)
    else:
        response = HttpResponse(opinion_list_pdf(review, lines), content_type="application/pdf")
    name = f"{slug}-{fy}-committee-opinions.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
