"""The 根拠資料 of one progress report: list, attach (its department or the plan office while
the report may be edited), remove, download. The public reads the attachments of a published
report as they were when it was published (selectors.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.attachments.models import Attachment
from gyokaku.attachments.rules import can_attach
from gyokaku.attachments.selectors import attachments_for
from gyokaku.attachments.services import (
    attachment_add,
    attachment_remove,
    max_bytes,
    stored_path,
)
from gyokaku.lib.errors import DomainError, Hidden
from gyokaku.lib.wareki import fy_label
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.selectors import report_get_for
from gyokaku.web.access import error_status, plan_or_404


class AttachForm(forms.Form):
    file = forms.FileField(label="ファイル", help_text="PDF・Excel（.xlsx）・PNG・JPEG、10 MB まで")


def _report(request: HttpRequest, slug: str, key: str, fy: int) -> tuple[ProgressReport, Actor]:
    actor = actor_for(request.user)
    plan = plan_or_404(slug)
    try:
        return report_get_for(actor, plan, key, fy), actor
    except Hidden:
        raise Http404("no such report") from None


def _page(
    request: HttpRequest, report: ProgressReport, actor: Actor, error: str = "", status: int = 200
) -> HttpResponse:
    may_attach = can_attach(actor, report, report.node.department_ids()) is None
    context = {
        "report": report,
        "plan": report.round.plan,
        "node": report.node,
        "fy_label": fy_label(report.fiscal_year),
        "attachments": attachments_for(actor, report),
        "may_attach": may_attach,
        "form": AttachForm(),
        "error": error,
        "internal": actor.is_internal(report.round.plan),
    }
    return render(request, "attachments/list.html", context, status=status)


def attachments(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    report, actor = _report(request, slug, key, fy)
    return _page(request, report, actor)


@csrf_exempt  # checked by _attach, after the size: the CSRF check would read the whole body
@require_POST
def attach(request: HttpRequest, slug: str, key: str, fy: int) -> HttpResponse:
    report, actor = _report(request, slug, key, fy)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > max_bytes() + 64 * 1024:
        too_large = f"ファイルが大きすぎます（{max_bytes() // (1024 * 1024)} MB まで）"
        return _page(request, report, actor, too_large, 413)
    return _attach(request, report, actor)


@csrf_protect
def _attach(request: HttpRequest, report: ProgressReport, actor: Actor) -> HttpResponse:
    if actor.is_anonymous:
        raise Http404("no such page")
    form = AttachForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(
            request, report, actor, " ".join(str(e) for e in form.errors.get("file", [])), 422
        )
    upload = form.cleaned_data["file"]
    try:
        attachment_add(actor=actor, report=report, name=upload.name, content=upload.read())
    except DomainError as exc:
        status = error_status(request, actor, exc, plan_slug=report.round.plan.slug)
        return _page(
            request, report, actor, getattr(exc, "problems", {}).get("file", exc.message), status
        )
    messages.success(request, f"「{upload.name}」を添付しました")
    return redirect(_list_url(report))


def _list_url(report: ProgressReport) -> str:
    args = [report.round.plan.slug, report.node.key, report.fiscal_year]
    return reverse("attachments:list", args=args)


def _attachment(report: ProgressReport, actor: Actor, pk: int) -> Attachment:
    for attachment in attachments_for(actor, report):
        if attachment.pk == pk:
            return attachment
    raise Http404("no such attachment")


@require_POST
def remove(request: HttpRequest, slug: str, key: str, fy: int, pk: int) -> HttpResponse:
    report, actor = _report(request, slug, key, fy)
    if actor.is_anonymous:
        raise Http404("no such page")
    attachment = _attachment(report, actor, pk)
    try:
        attachment_remove(actor=actor, attachment=attachment)
    except DomainError as exc:
        error_status(request, actor, exc, plan_slug=report.round.plan.slug)
        messages.error(request, exc.message)
    else:
        messages.success(request, f"「{attachment.name}」を取り外しました")
    return redirect(_list_url(report))


def download(request: HttpRequest, slug: str, key: str, fy: int, pk: int) -> HttpResponseBase:
    report, actor = _report(request, slug, key, fy)
    attachment = _attachment(report, actor, pk)
    path = stored_path(attachment)
    if not path.is_file():
        raise Http404("the file is missing")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if actor.is_internal(report.round.plan):
        response["Cache-Control"] = "private, no-store"
    return response
