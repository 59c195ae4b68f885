"""Jobs left behind by a worker that died (SIGKILL, the OOM killer, a power cut), and trying a
failed job again.

A worker that dies mid-job leaves its task "running" in the queue and its Job "running" for ever
(what it wrote is rolled back: the apply is all or nothing). So each worker runs under an id that
names its machine and process (``host:pid:start``), and a worker that starts looks at the tasks
still claimed by workers of its own machine: a process that is gone (or whose pid now belongs
to another process, told apart by its start time) will not finish them, and they fail with a
message that says so. Workers on other machines are left alone: from here nobody can tell
whether they are alive. The person who started a failed job may start it again
(``job_retry``), from the job's page.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gyokaku.jobs.models import Job
from gyokaku.jobs.services import job_start
from gyokaku.lib.errors import Conflict, Hidden

log = logging.getLogger(__name__)

ABANDONED = (
    "処理の途中でワーカー（バックグラウンド処理）が停止したため、処理は完了していません。"
    "途中までの変更は反映していません。「もう一度実行する」でやり直せます。"
)
SEPARATOR = ":"


def _host() -> str:
    return socket.gethostname()[:40]


def _started(pid: int) -> str | None:
    """When the process began (clock ticks since boot, Linux), or None where /proc is not there
    or the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[-1].split()
    except OSError:
        return None
    return fields[19] if len(fields) > 19 else None  # field 22 of proc(5), after the name


def worker_id(pid: int | None = None) -> str:
    """This process's worker id: ``host:pid:start`` (at most 64 characters, as the queue
    allows)."""
    pid = os.getpid() if pid is None else pid
    return SEPARATOR.join([_host(), str(pid), _started(pid) or "0"])[:64]


def _alive(pid: int, started: str) -> bool:
    if os.path.isdir("/proc"):
        now = _started(pid)
        return now is not None and (started == "0" or now == started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def is_dead_here(worker: str) -> bool:
    """True for the id of a worker of this machine whose process is gone."""
    parts = worker.rsplit(SEPARATOR, 2)
    if len(parts) != 3 or parts[0] != _host() or not parts[1].isdigit():
        return False  # another machine, or an id not made by worker_id()
    return not _alive(int(parts[1]), parts[2])


def jobs_recover_abandoned() -> list[Job]:
    """Fail the tasks (and their jobs) claimed by dead workers of this machine; the jobs."""
    from gyokaku.jobs.tasks import run_job

    failed: list[Job] = []
    running = DBTaskResult.objects.running().filter(task_path=run_job.module_path)
    for task in running:
        claimed_by = task.worker_ids[-1] if task.worker_ids else ""
        if not claimed_by or not is_dead_here(claimed_by):
            continue
        with transaction.atomic():
            job = _fail(task, claimed_by)
        if job is not None:
            failed.append(job)
    return failed


def _fail(task: DBTaskResult[Any, Any], claimed_by: str) -> Job | None:
    now = timezone.now()
    updated = DBTaskResult.objects.filter(pk=task.pk, status=task.status).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="gyokaku.jobs.recovery.WorkerDied",
        traceback=f"worker {claimed_by} died while running this task",
    )
    if not updated:
        return None  # another starting worker got there first
    job_id = (task.args_kwargs or {}).get("args", [None])[0]
    job = Job.objects.filter(pk=job_id).exclude(state__in=[Job.State.DONE, Job.State.FAILED])
    if not job.update(state=Job.State.FAILED, error=ABANDONED, finished_at=now):
        return None
    log.warning("job %s failed: worker %s died while running it", job_id, claimed_by)
    return Job.objects.get(pk=job_id)


def job_retry(*, job: Job, by: Any) -> Job:
    """A new job doing the same work for the person who started ``job`` (failed only)."""
    if job.created_by_id is None or job.created_by_id != getattr(by, "pk", None):
        raise Hidden("no such job")
    if job.state != Job.State.FAILED:
        raise Conflict("失敗した処理だけをやり直せます。")
    return job_start(kind=job.kind, by=by, label=job.label, plan=job.plan, params=job.params)
