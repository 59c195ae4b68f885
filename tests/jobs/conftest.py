"""A runner of our own for the job tests: counts rows, refuses or crashes on request."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.jobs.models import Job
from gyokaku.jobs.registry import JobFailed, JobResult, Progress, job_runner
from gyokaku.jobs.services import job_start


@job_runner("tests.count")
def count_rows(job: Job, progress: Progress) -> JobResult:
    rows = int(job.params["rows"])
    progress.step("数えています", total=rows)
    for done in range(1, rows + 1):
        progress.advance(done)
    if job.params.get("refuse"):
        raise JobFailed("3 行目: 数えられません")
    if job.params.get("crash"):
        raise RuntimeError("a bug")
    return JobResult(url="/somewhere/", label="結果", message=f"{rows} 行を数えました")


def start_count(world: Any, **params: Any) -> Job:
    return job_start(
        kind="tests.count", by=world.users["carol"], label="数える", plan=world.plan, params=params
    )


@pytest.fixture
def start() -> Any:
    return start_count
