"""The one task the queue knows: run a Job by its id. Everything else is a registered runner,
so the queue's arguments stay a single UUID string and the state people see lives in Job."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from gyokaku.jobs.models import Job
from gyokaku.jobs.registry import RUNNERS, JobFailed, Progress

log = logging.getLogger(__name__)

GENERIC_FAILURE = "処理中に予期しないエラーが発生しました。時間をおいて再度お試しください。"
INTERRUPTED = "処理が中断されました（サーバーの停止など）。もう一度お試しください。"


@task()
def run_job(job_id: str) -> None:
    # Claim it: only one run may move it from queued to running (a task enqueued twice, or
    # two workers); a job that is gone (its plan was deleted) is not run either.
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, touched_at=now
    )
    if not claimed:
        return
    job = Job.objects.get(pk=job_id)
    runner = RUNNERS.get(job.kind)
    try:
        if runner is None:
            raise JobFailed(f"この種類の処理（{job.kind}）は実行できません。")
        result = runner(job, Progress(job))
    except JobFailed as exc:
        _finish(job, Job.State.FAILED, error=str(exc))
    except Exception:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.State.FAILED, error=GENERIC_FAILURE)
    except BaseException:  # the worker is stopping (SystemExit, KeyboardInterrupt): say so
        _finish(job, Job.State.FAILED, error=INTERRUPTED)
        raise
    else:
        job.result = result.as_json()
        _finish(job, Job.State.DONE)


def _finish(job: Job, state: str, *, error: str = "") -> None:
    job.state = state
    job.error = error
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error", "finished_at", "result", "done", "total", "step"])
