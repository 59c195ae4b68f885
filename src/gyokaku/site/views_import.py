"""The plan office's page to revise the plan by importing a revised plan file or outline
(計画の改定): upload → preview → confirm. The preview says per item what happens to it
(追加・廃止・統合・番号変更・変更なし) and the records it keeps. Items missing from the file that
hold records are listed with a choice: end them, or say which new item they became. Nothing
changes until the confirmation, and a revision that would drop records is refused. The
uploaded file waits in the session between the steps. Every other role gets 403, another
municipality 404.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gyokaku.accounts.access import Actor
from gyokaku.plans.formats import FORMATS, format_for_path
from gyokaku.plans.models import EndKind, Plan
from gyokaku.plans.planfile import PlanFile, PlanFileError, validate_plan_data
from gyokaku.site.import_report import ImportReport
from gyokaku.site.revision import RevisionRefused
from gyokaku.site.revision_spec import EndSpec, RevisionSpec, spec_from_options
from gyokaku.site.services import plan_import
from gyokaku.web.access import office_plan

MAX_PAGE_BYTES = 2 * 1024 * 1024  # kept in the session between preview and confirmation
SESSION_KEY = "plan_import"
END_CHOICES = (
    [("", "選んでください")]
    + [(k.label, k.label) for k in EndKind]
    + [("番号変更", "番号変更（新しい取組に対応付け）")]
)


def _stored(request: HttpRequest, slug: str) -> tuple[str, bytes] | None:
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("slug") != slug:
        return None
    return kept["name"], base64.b64decode(kept["content"])


def _plan_file(plan: Plan, name: str, content: bytes) -> PlanFile:
    fmt = FORMATS.get(format_for_path(name))
    data = fmt.load(content, name=name, warn=lambda _: None)
    return validate_plan_data(
        data,
        slug=plan.slug,
        municipality_code=plan.municipality.code,
        municipality_name=plan.municipality.name,
    )


def _spec(request: HttpRequest, plan: Plan, unresolved_keys: list[str]) -> RevisionSpec:
    post = request.POST
    fy = post.get("effective_fy", "")
    spec = spec_from_options(
        kind=post.get("kind") or None,
        decided_on=post.get("decided_on") or None,
        effective_fy=int(fy) if fy.isdigit() else None,
        reason=post.get("reason", ""),
        where="",
    )
    for key in unresolved_keys:
        action = post.get(f"action-{key}", "")
        target = post.get(f"target-{key}", "") or None
        year = post.get(f"fy-{key}", "")
        if action == "番号変更" and target:
            spec.renames[key] = target
        elif action in {k.label for k in EndKind}:
            kind = next(k for k in EndKind if k.label == action)
            into = target if kind == EndKind.MERGED else None
            spec.ends[key] = EndSpec(key, kind, int(year) if year.isdigit() else None, into)
    return spec


def _attempt(
    plan_file: PlanFile, spec: RevisionSpec, actor: Actor, *, dry_run: bool
) -> tuple[ImportReport | None, PlanFileError | None]:
    try:
        report = plan_import(
            plan_file=plan_file,
            actor_label=actor.label,
            actor=actor.user,
            dry_run=dry_run,
            revision=spec,
        )
        return report, None
    except PlanFileError as exc:
        return None, exc


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_page(request: HttpRequest, slug: str) -> HttpResponse:
    plan, actor = office_plan(request, slug, "計画の改定")
    context: dict[str, Any] = {"plan": plan, "end_choices": END_CHOICES, "post": request.POST}
    if request.method == "GET":
        request.session.pop(SESSION_KEY, None)
        return render(request, "site/plan_import.html", context)
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size is not None and upload.size > MAX_PAGE_BYTES:
            context["error"] = f"ファイルが大きすぎます（上限 {MAX_PAGE_BYTES:,} バイト）"
            return render(request, "site/plan_import.html", context, status=400)
        name, content = upload.name or "plan.txt", upload.read()
        request.session[SESSION_KEY] = {
            "slug": slug,
            "name": name,
            "content": base64.b64encode(content).decode(),
        }
    stored = _stored(request, slug)
    if stored is None:
        context["error"] = "計画ファイルを選んでください"
        return render(request, "site/plan_import.html", context, status=400)
    name, content = stored
    context["file_name"] = name
    try:
        plan_file = _plan_file(plan, name, content)
    except PlanFileError as exc:
        context["problems"] = [str(p) for p in exc.problems]
        return render(request, "site/plan_import.html", context, status=400)
    # First without the page's choices: which items are missing from the file and hold records.
    _, bare = _attempt(plan_file, _spec(request, plan, []), actor, dry_run=True)
    unresolved = bare.unresolved if isinstance(bare, RevisionRefused) else []
    post = request.POST
    context["unresolved"] = [
        (
            u,
            post.get(f"action-{u.key}", ""),
            post.get(f"target-{u.key}", ""),
            post.get(f"fy-{u.key}", ""),
        )
        for u in unresolved
    ]
    context["choices"] = bare.choices if isinstance(bare, RevisionRefused) else []
    spec = _spec(request, plan, [u.key for u in unresolved])
    confirm = request.POST.get("step") == "confirm"
    report, refused = _attempt(plan_file, spec, actor, dry_run=not confirm)
    if refused is not None:
        context["problems"] = [str(p) for p in refused.problems]
        return render(request, "site/plan_import.html", context, status=400)
    assert report is not None
    if not confirm:
        context["report"] = report
        return render(request, "site/plan_import.html", context)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"計画を取り込みました。{report.summary()}")
    return redirect(reverse("plans:plan", kwargs={"slug": slug}) + "#versions-heading")
