"""Start long work. The Job and the queue's row are written in one transaction (nested in the
caller's when there is one), so a worker can't pick the work up before the data it needs is
committed, and no job waits for a task that was never queued."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gyokaku.jobs.models import Job
from gyokaku.jobs.registry import RUNNERS
from gyokaku.plans.models import Plan


def job_start(
    *, kind: str, by: Any, label: str = "", plan: Plan | None = None, params: dict[str, Any]
) -> Job:
    from gyokaku.jobs.tasks import run_job

    if kind not in RUNNERS:
        raise ValueError(f"no runner for job kind {kind!r}")
    with transaction.atomic():  # both rows or neither: no job queued that no task will run
        job = Job.objects.create(
            kind=kind, label=label or kind, plan=plan, created_by=by, params=params
        )
        run_job.enqueue(str(job.pk))
    return job
