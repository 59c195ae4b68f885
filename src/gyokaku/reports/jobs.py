"""The background job that makes a report from the plan office's page (kind
``reports.generate``): the same service as the command, keeping the file."""

from __future__ import annotations

from django.urls import reverse

from gyokaku.accounts.access import actor_for
from gyokaku.jobs.models import Job
from gyokaku.jobs.registry import JobFailed, JobResult, Progress, job_runner
from gyokaku.lib.errors import DomainError, Invalid
from gyokaku.lib.wareki import fy_label
from gyokaku.reports.parts import Edition
from gyokaku.reports.services import report_generate


@job_runner("reports.generate")
def generate(job: Job, progress: Progress) -> JobResult:
    plan = job.plan
    if plan is None:
        raise JobFailed("計画がありません（削除された可能性があります）。")
    try:
        fiscal_year, fmt = int(job.params["fiscal_year"]), str(job.params["format"])
        # jobs started before editions existed made the internal edition
        edition = str(job.params.get("edition", Edition.INTERNAL))
    except (KeyError, TypeError, ValueError):
        raise JobFailed("年度または形式の指定が正しくありません。") from None
    try:
        generated = report_generate(
            plan=plan,
            fiscal_year=fiscal_year,
            fmt=fmt,
            edition=edition,
            actor=actor_for(job.created_by),  # still the plan office? checked again here
            keep=True,
            progress=progress,
        )
    except Invalid as exc:
        raise JobFailed("。".join(exc.problems.values())) from None
    except DomainError as exc:
        raise JobFailed(exc.message) from None
    assert generated.file is not None
    return JobResult(
        url=reverse("reports:download", args=[plan.slug, generated.file.pk]),
        label="ダウンロード",
        message=f"{fy_label(fiscal_year)}の進捗状況報告書（{generated.edition.label}）を作成し、報告書の一覧に保存しました"
        f"（{generated.snapshot.summary}）。",
    )
