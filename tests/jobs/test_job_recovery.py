"""Jobs of a dead worker fail with a message when a worker starts; their starter may run them
again (issue 18 #7). A dead worker here is a task claimed under the id of a process that has
ended; test_worker_killed.py kills a real one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from gyokaku.jobs.models import Job
from gyokaku.jobs.recovery import ABANDONED, jobs_recover_abandoned, worker_id
from gyokaku.jobs.testing import run_jobs


def _ended_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _claimed(job: Job, by: str) -> Job:
    """What a worker leaves when it dies mid-job: the task claimed and running, the job too."""
    task = DBTaskResult.objects.get(args_kwargs__args=[str(job.pk)])
    task.claim(by)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    return job


@pytest.fixture
def job(world: Any, start: Any) -> Job:
    return start(world, rows=3)  # type: ignore[no-any-return]


def test_a_job_of_a_dead_worker_fails_with_a_message(job: Job) -> None:
    _claimed(job, f"{socket.gethostname()}:{_ended_pid()}:12345")
    assert [j.pk for j in jobs_recover_abandoned()] == [job.pk]
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.FAILED, ABANDONED)
    assert job.finished_at is not None
    assert DBTaskResult.objects.get().status == "FAILED"
    assert jobs_recover_abandoned() == []  # once


@pytest.mark.parametrize(
    "claimed_by",
    [
        pytest.param(lambda: worker_id(), id="this-live-process"),
        pytest.param(lambda: "elsewhere.example:1:1", id="another-machine"),
        pytest.param(lambda: "tests", id="an-id-of-another-form"),
    ],
)
def test_it_leaves_alone_what_may_still_be_running(job: Job, claimed_by: Any) -> None:
    _claimed(job, claimed_by())
    assert jobs_recover_abandoned() == []
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="start times come from /proc")
def test_a_pid_used_again_by_another_process_is_not_the_worker(job: Job) -> None:
    host, pid, started = worker_id().rsplit(":", 2)
    _claimed(job, f"{host}:{pid}:{int(started) - 1}")  # this pid, an earlier process
    assert [j.pk for j in jobs_recover_abandoned()] == [job.pk]


def test_its_starter_runs_a_failed_job_again(as_user: Any, job: Job, runs: list[str]) -> None:
    _claimed(job, f"{socket.gethostname()}:{_ended_pid()}:1")
    jobs_recover_abandoned()
    client = as_user("carol")
    page = client.get(job.get_absolute_url()).content.decode()
    assert ABANDONED in page and f'action="/jobs/{job.pk}/retry/"' in page
    response = client.post(f"/jobs/{job.pk}/retry/")
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response["Location"] == again.get_absolute_url()
    assert (again.kind, again.label, again.plan_id, again.params) == (
        job.kind,
        job.label,
        job.plan_id,
        job.params,
    )
    run_jobs()
    again.refresh_from_db()
    assert again.state == Job.State.DONE and runs[-1] == str(again.pk)


def test_only_its_starter_may_run_it_again(as_user: Any, job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error=ABANDONED)
    page = as_user("erin").get(job.get_absolute_url()).content.decode()
    assert "/retry/" not in page
    assert as_user("erin").post(f"/jobs/{job.pk}/retry/").status_code == 404  # may watch it
    assert as_user("alice").post(f"/jobs/{job.pk}/retry/").status_code == 404
    assert Job.objects.count() == 1


def test_a_job_that_did_not_fail_is_not_run_again(as_user: Any, job: Job) -> None:
    client = as_user("carol")
    response = client.post(f"/jobs/{job.pk}/retry/", follow=True)
    assert "失敗した処理だけをやり直せます" in response.content.decode()
    assert Job.objects.count() == 1
