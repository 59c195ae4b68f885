"""Pages of the sheet exchange: download a workbook (or CSV) of a fiscal year, upload it back.

Upload is two steps, each a background job (exchange/uploads.py) whose page shows progress.
The POST keeps the file's bytes in an ``Upload`` and queues its check (every problem with its
place, nothing written); the job's page goes on to the preview, which lists the changes item by
item; the confirmation queues a job that re-reads the same bytes (sha256), checks that the
changes are still the ones previewed and applies them in one transaction. Whatever goes wrong
then (someone saved meanwhile, the round closed), nothing is applied.

The upload size is checked from Content-Length before the body is read: the CSRF check reads
the body, so the outer view is csrf_exempt and the inner one csrf_protect (Django's documented
pattern for upload handlers).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from gyokaku.accounts.access import Actor
from gyokaku.accounts.models import Department, Role
from gyokaku.exchange import forms as exchange_forms
from gyokaku.exchange.columns import CSV_SHEETS, PROGRESS, csv_sheet
from gyokaku.exchange.forms import ConfirmForm, DownloadForm, UploadForm
from gyokaku.exchange.models import Upload
from gyokaku.exchange.sheets import SheetProblem, sheet_export, sheet_export_csv
from gyokaku.exchange.uploads import stored_problems, upload_confirm, upload_start
from gyokaku.lib.errors import DomainError
from gyokaku.lib.wareki import fy_label
from gyokaku.plans.models import Plan
from gyokaku.tracking.models import Round
from gyokaku.web.access import error_status, internal_plan, refuse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPES = {"utf-8-sig": "text/csv; charset=utf-8", "cp932": "text/csv; charset=Shift_JIS"}
VIEWERS_REFUSED = "Excel・CSV での取り込みは、所管課の担当者と{office}だけが行えます"
TOO_LARGE = "ファイルが大きすぎます（20 MB まで）。何も変更していません。"

# ---- helpers ----------------------------------------------------------------------------------


def uploader_plan(request: HttpRequest, slug: str) -> tuple[Plan, Actor]:
    """The plan, for a person who may upload to it (editor or plan office); viewers get 403."""
    plan, actor = internal_plan(request, slug)
    if not (actor.role == Role.EDITOR or actor.is_plan_office):
        refuse(
            request, actor, VIEWERS_REFUSED.format(office=plan.office_label), plan_slug=plan.slug
        )
    return plan, actor


def _default_fy(plan: Plan) -> int:
    open_round = Round.objects.filter(plan=plan, is_open=True).order_by("-fiscal_year").first()
    return open_round.fiscal_year if open_round else plan.start_fy


def _own_codes(actor: Actor) -> list[str]:
    """An editor's departments: what they download unless they choose."""
    if actor.role != Role.EDITOR:
        return []
    return sorted(
        Department.objects.filter(pk__in=actor.department_ids).values_list("code", flat=True)
    )


def render_page(
    request: HttpRequest, plan: Plan, actor: Actor, status: int = 200, **extra: Any
) -> HttpResponse:
    """The download and upload page; ``extra`` overrides the forms or adds a message."""
    fy = request.GET.get("fy", "")
    initial = {
        "fy": int(fy) if fy.isdigit() else _default_fy(plan),
        "format": "xlsx",
        "encoding": "utf-8",
        "sheet": "progress",
        "department": _own_codes(actor),
    }
    context = {
        "plan": plan,
        "can_upload": actor.role == Role.EDITOR or actor.is_plan_office,
        "download_form": DownloadForm(plan=plan, initial=initial),
        "upload_form": UploadForm(),
        **extra,
    }
    return render(request, "exchange/sheet.html", context, status=status)


def _safe_ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._") or "sheet"


def attachment(content: bytes, content_type: str, *, ascii_name: str, name: str) -> HttpResponse:
    """The file as a download: an ASCII filename for old clients, the Japanese one (RFC 5987)."""
    response = HttpResponse(content, content_type=content_type)
    readable = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', "_", name)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(readable, safe='')}"
    )
    return response


def _own_upload(request: HttpRequest, plan: Plan, actor: Actor, pk: int) -> Upload:
    upload = Upload.objects.filter(pk=pk, plan=plan).first()
    if upload is None:
        raise Http404("no such upload")
    if upload.user_id != request.user.pk:
        refuse(
            request,
            actor,
            "ほかの人がアップロードしたファイルは反映できません",
            plan_slug=plan.slug,
        )
    return upload


def render_failure(
    request: HttpRequest, plan: Plan, problems: list[SheetProblem], status: int, *, confirm: bool
) -> HttpResponse:
    context = {"plan": plan, "problems": problems, "confirm": confirm}
    return render(request, "exchange/problems.html", context, status=status)


# ---- download ---------------------------------------------------------------------------------


@login_required
def sheet_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    return render_page(request, plan, actor)


@login_required
@require_GET
def download_pick(request: HttpRequest, slug: str) -> HttpResponse:
    """The page's form sends the year as ?fy=; the file's address has it in its path."""
    query = request.GET.copy()
    fy = query.pop("fy", [""])[-1]
    if not fy.isdigit():
        return redirect("exchange:sheet", slug=slug)
    url = reverse("exchange:download", kwargs={"slug": slug, "fy": int(fy)})
    return redirect(f"{url}?{query.urlencode()}" if query else url)


def _export(choice: dict[str, Any], plan: Plan, fy: int, codes: list[str], actor: Actor) -> bytes:
    if choice["format"] == "csv":
        return sheet_export_csv(
            plan=plan,
            fiscal_year=fy,
            actor=actor,
            department_codes=codes or None,
            encoding=choice["encoding"],
            sheet=choice["sheet"],
        )
    return sheet_export(plan=plan, fiscal_year=fy, actor=actor, department_codes=codes or None)


def _file_names(choice: dict[str, Any], plan: Plan, fy: int, codes: list[str]) -> dict[str, str]:
    """An ASCII and a Japanese name; a CSV of 指標 or 財政効果 says which sheet it holds."""
    kind = choice["format"]
    sheet = csv_sheet(choice["sheet"]) if kind == "csv" else None
    sheet = sheet or CSV_SHEETS[0]
    alias = [] if sheet.name == PROGRESS else [sheet.alias]
    ascii_name = _safe_ascii("-".join([plan.slug, str(fy), *alias, *codes]))
    return {
        "ascii_name": f"gyokaku-{ascii_name}.{kind}",
        "name": f"{plan.title}_{fy_label(fy)}_{sheet.name}{''.join('_' + c for c in codes)}.{kind}",
    }


@never_cache
@login_required
@require_GET
def sheet_download(request: HttpRequest, slug: str, fy: int) -> HttpResponse:
    plan, actor = internal_plan(request, slug)
    data = request.GET.copy()
    data["fy"] = str(fy)
    form = DownloadForm(data, plan=plan)
    if not form.is_valid():
        return render_page(request, plan, actor, 422, download_form=form)
    choice = form.cleaned_data
    codes = choice["department"] or _own_codes(actor)
    try:
        content = _export(choice, plan, fy, codes, actor)
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=slug)
        return render_page(request, plan, actor, status, download_error=exc.message)
    content_type = XLSX if choice["format"] == "xlsx" else CSV_TYPES[choice["encoding"]]
    return attachment(content, content_type, **_file_names(choice, plan, fy, codes))


# ---- upload -----------------------------------------------------------------------------------


@csrf_exempt  # checked by _upload, after the size: the CSRF check would read the whole body
@login_required
@require_POST
def sheet_upload(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = uploader_plan(request, slug)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > exchange_forms.MAX_UPLOAD_BYTES + 64 * 1024:
        return render_page(request, plan, actor, 413, upload_error=TOO_LARGE)
    return _upload(request, plan, actor)


@csrf_protect
def _upload(request: HttpRequest, plan: Plan, actor: Actor) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        too_large = form.has_error("file", "too_large")
        return render_page(request, plan, actor, 413 if too_large else 422, upload_form=form)
    file = form.cleaned_data["file"]
    job = upload_start(plan=plan, actor=actor, filename=file.name, content=file.read())
    return redirect(job.get_absolute_url())


@never_cache
@login_required
@require_GET
def upload_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan, actor = uploader_plan(request, slug)
    upload = _own_upload(request, plan, actor, pk)
    if not upload.checked:  # still being checked: watch the check
        job = upload.check_job
        return redirect(job.get_absolute_url() if job else reverse("exchange:sheet", args=[slug]))
    if upload.problems:
        return render_failure(request, plan, stored_problems(upload), 422, confirm=False)
    if not upload.changes:
        return render_page(
            request, plan, actor, upload_notice="変更はありませんでした。何も変更していません。"
        )
    context = {
        "plan": plan,
        "upload": upload,
        "changes": upload.changes,
        "fy_label": fy_label(upload.fiscal_year or plan.start_fy),
        "form": ConfirmForm(initial={"sha256": upload.sha256, "changes": upload.digest}),
    }
    return render(request, "exchange/preview.html", context)


@login_required
@require_POST
def upload_apply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan, actor = uploader_plan(request, slug)
    upload = _own_upload(request, plan, actor, pk)
    form = ConfirmForm(request.POST)
    if (
        not upload.checked
        or upload.problems
        or not form.is_valid()
        or form.cleaned_data["sha256"] != upload.sha256
        or form.cleaned_data["changes"] != upload.digest
    ):
        mismatch = [SheetProblem("ファイル", "確認したファイルと違います")]
        return render_failure(request, plan, mismatch, 409, confirm=True)
    job = upload_confirm(upload=upload, actor=actor)
    return redirect(job.get_absolute_url())
