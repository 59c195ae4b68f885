"""The plan office's report page (進捗状況報告書): the files made so far with the data each
reflects, a form that starts a new one as a background job, and downloads. Coordinators and
admins of the plan's municipality only: its other people get 403, anyone else 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from gyokaku.jobs.services import job_start
from gyokaku.lib.errors import Hidden
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.forms import GenerateForm
from gyokaku.reports.parts import Edition
from gyokaku.reports.selectors import report_file_get, report_files_for
from gyokaku.reports.services import report_file_name
from gyokaku.web.access import office_plan

DOING = "進捗状況報告書の作成"


def _page(request: HttpRequest, plan: Plan, form: GenerateForm, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"plan": plan, "form": form, "rows": report_files_for(plan=plan)}
    return render(request, "reports/files.html", context, status=status)


@login_required
@require_GET
def report_files(request: HttpRequest, slug: str) -> HttpResponse:
    plan, _ = office_plan(request, slug, DOING)
    return _page(request, plan, GenerateForm(plan=plan))


@login_required
@require_POST
def report_start(request: HttpRequest, slug: str) -> HttpResponse:
    plan, _ = office_plan(request, slug, DOING)
    form = GenerateForm(request.POST, plan=plan)
    if not form.is_valid():
        return _page(request, plan, form, status=422)
    fy, fmt = form.cleaned_data["fiscal_year"], form.cleaned_data["format"]
    edition = Edition(form.cleaned_data["edition"])
    job = job_start(
        kind="reports.generate",
        by=request.user,
        label=f"進捗状況報告書 {fy_label(fy)}（{edition.label}・{FORMATS[fmt].label}）",
        plan=plan,
        params={"fiscal_year": fy, "format": fmt, "edition": edition.value},
    )
    return redirect(job.get_absolute_url())


@login_required
@require_GET
def report_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    plan, _ = office_plan(request, slug, "進捗状況報告書のダウンロード")
    try:
        row = report_file_get(plan=plan, pk=pk)
        handle = row.file.open("rb")
    except (Hidden, FileNotFoundError):
        raise Http404("no such report file") from None
    # FileResponse streams the file and writes the Japanese name as RFC 5987 filename*.
    return FileResponse(
        handle,
        as_attachment=True,
        filename=report_file_name(row),
        content_type=FORMATS[row.format].media_type,
    )
