"""A runner of our own for the job tests (counts rows, refuses or crashes on request), and a
scratch SQLite database for the tests that start a real worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from gyokaku.jobs.models import Job
from gyokaku.jobs.registry import JobFailed, JobResult, Progress, job_runner
from gyokaku.jobs.services import job_start

RUNS: list[str] = []  # the ids of the jobs count_rows ran, in order


@job_runner("tests.count")
def count_rows(job: Job, progress: Progress) -> JobResult:
    RUNS.append(str(job.pk))
    rows = int(job.params["rows"])
    progress.step("数えています", total=rows)
    for done in range(1, rows + 1):
        progress.advance(done)
    if job.params.get("refuse"):
        raise JobFailed("3 行目: 数えられません")
    if job.params.get("crash"):
        raise RuntimeError("a bug")
    if job.params.get("stop"):
        raise SystemExit(1)  # what the worker does to a running task when told twice to stop
    if job.params.get("in_transaction"):
        with transaction.atomic():
            progress.step("取り消される確認")
            progress.advance(rows, rows)
            stored = Job.objects.get(pk=job.pk)  # what the page would read now
        return JobResult(message=f"{stored.step} {stored.done}/{stored.total}")
    return JobResult(url="/somewhere/", label="結果", message=f"{rows} 行を数えました")


def start_count(world: Any, **params: Any) -> Job:
    return job_start(
        kind="tests.count", by=world.users["carol"], label="数える", plan=world.plan, params=params
    )


@pytest.fixture
def start() -> Any:
    return start_count


@pytest.fixture
def runs() -> list[str]:
    return RUNS


@pytest.fixture
def scratch_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'worker.sqlite3'}")
    monkeypatch.setenv("GYOKAKU_VAR_DIR", str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "gyokaku", "migrate", "-v", "0"], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
