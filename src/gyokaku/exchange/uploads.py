"""An upload's way through the background: check it (every problem, or every change), then,
on its uploader's confirmation, apply exactly what was previewed.

Both steps run as jobs (gyokaku.jobs) so that a 10,000-row workbook shows its progress instead
of holding a request for seconds; the page of the job goes on to the preview by itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gyokaku.accounts.access import Actor, actor_for
from gyokaku.exchange.models import KEEP_HOURS, Upload
from gyokaku.exchange.sheets import ItemChange, SheetPlan, SheetProblem, sheet_apply, sheet_parse
from gyokaku.jobs.models import Job
from gyokaku.jobs.registry import JobFailed, JobResult, Progress, job_runner
from gyokaku.jobs.services import job_start
from gyokaku.lib.errors import DomainError
from gyokaku.lib.progress_sink import NO_PROGRESS, ProgressSink
from gyokaku.plans.models import Plan

CHECK = "exchange.check"
APPLY = "exchange.apply"
GONE = "このアップロードはもうありません（新しいファイルをアップロードしたか、時間が経ちました）。"
SHOWN_PROBLEMS = 20  # a failed confirmation lists this many problems


def changes_digest(changes: list[ItemChange]) -> str:
    """A fingerprint of the changes a preview shows; the confirmation must match it."""
    text = json.dumps([asdict(c) for c in changes], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def upload_parse(upload: Upload, actor: Actor, progress: ProgressSink = NO_PROGRESS) -> SheetPlan:
    sheet = sheet_parse(
        content=bytes(upload.content), filename=upload.filename, actor=actor, progress=progress
    )
    if not sheet.problems and sheet.plan_slug != upload.plan.slug:
        sheet.problems.append(
            SheetProblem("ファイル", f"このファイルは別の計画（{sheet.plan_slug}）のものです")
        )
    return sheet


def upload_start(*, plan: Plan, actor: Actor, filename: str, content: bytes) -> Job:
    """Keep the file (replacing the person's earlier upload of this plan, and dropping anybody's
    abandoned ones) and queue its check, all or nothing."""
    with transaction.atomic():
        return _upload_start(plan=plan, actor=actor, filename=filename, content=content)


def _upload_start(*, plan: Plan, actor: Actor, filename: str, content: bytes) -> Job:
    Upload.objects.filter(user=actor.user, plan=plan).delete()
    Upload.objects.filter(created_at__lt=timezone.now() - timedelta(hours=KEEP_HOURS)).delete()
    upload = Upload.objects.create(
        user=actor.user,
        plan=plan,
        filename=filename[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    job = job_start(
        kind=CHECK,
        by=actor.user,
        plan=plan,
        label=f"ファイルの確認：{upload.filename}",
        params={"upload": upload.pk},
    )
    upload.check_job = job
    upload.save(update_fields=["check_job"])
    return job


def upload_confirm(*, upload: Upload, actor: Actor) -> Job:
    """Queue the application of a checked upload (the view has checked who and what)."""
    return job_start(
        kind=APPLY,
        by=actor.user,
        plan=upload.plan,
        label=f"反映：{upload.filename}",
        params={"upload": upload.pk, "digest": upload.digest},
    )


def _upload(job: Job) -> Upload:
    upload = Upload.objects.select_related("plan", "user").filter(pk=job.params["upload"]).first()
    if upload is None:
        raise JobFailed(GONE)
    return upload


def _preview_url(upload: Upload) -> str:
    return reverse("exchange:preview", kwargs={"slug": upload.plan.slug, "pk": upload.pk})


@job_runner(CHECK)
def upload_check(job: Job, progress: Progress) -> JobResult:
    upload = _upload(job)
    sheet = upload_parse(upload, actor_for(upload.user), progress)
    changes = json.loads(json.dumps([asdict(c) for c in sheet.changes], default=str))
    stored = Upload.objects.filter(pk=upload.pk).update(  # 0: replaced while being checked
        checked=True,
        fiscal_year=sheet.fiscal_year or None,
        problems=[asdict(p) for p in sheet.problems],
        changes=[] if sheet.problems else changes,
        digest="" if sheet.problems else changes_digest(sheet.changes),
    )
    if not stored:
        raise JobFailed(GONE)
    if sheet.problems:
        message = f"問題が {len(sheet.problems)} 件あります。"
    elif sheet.changes:
        message = f"{len(sheet.changes)} 件の取組に変更があります。"
    else:
        message = "変更はありませんでした。"
    return JobResult(url=_preview_url(upload), label="結果を見る", message=message, follow=True)


@job_runner(APPLY)
def upload_apply(job: Job, progress: Progress) -> JobResult:
    upload = _upload(job)
    actor = actor_for(upload.user)
    sheet = upload_parse(upload, actor, progress)
    if not sheet.problems and changes_digest(sheet.changes) != job.params["digest"]:
        sheet.problems.append(
            SheetProblem(
                "ファイル", "確認した後にデータが変わりました。もう一度アップロードしてください"
            )
        )
    if sheet.problems:
        raise JobFailed(_failure(sheet.problems))
    try:
        applied = sheet_apply(sheet=sheet, actor=actor, progress=progress)
    except DomainError as exc:
        raise JobFailed(f"何も変更していません。{exc.message}") from None
    upload.delete()
    return JobResult(
        url=reverse("exchange:sheet", kwargs={"slug": sheet.plan_slug}),
        label="ダウンロード・アップロードの画面に戻る",
        message=f"{len(applied)} 件の取組に反映しました（{upload.filename}）。",
    )


def _failure(problems: list[SheetProblem]) -> str:
    lines = [f"何も変更していません。問題が {len(problems)} 件あります。"]
    lines += [str(p) for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"ほか {len(problems) - SHOWN_PROBLEMS} 件")
    return "\n".join(lines)


def stored_problems(upload: Upload) -> list[SheetProblem]:
    return [SheetProblem(p["where"], p["message"]) for p in upload.problems]
