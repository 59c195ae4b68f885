"""A job goes from the queue through the real database worker to its result or its failure."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from gyokaku.jobs.models import Job
from gyokaku.jobs.registry import RUNNERS, Progress
from gyokaku.jobs.services import job_start
from gyokaku.jobs.tasks import GENERIC_FAILURE, INTERRUPTED, run_job
from gyokaku.jobs.testing import run_jobs


def test_it_queues_then_runs_to_a_result(start: Any, world: Any) -> None:
    job = start(world, rows=5)
    assert job.state == Job.State.QUEUED and job.percent is None
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result == {
        "url": "/somewhere/",
        "label": "結果",
        "message": "5 行を数えました",
        "follow": False,
    }
    assert (job.done, job.total, job.step) == (5, 5, "数えています")
    assert job.started_at is not None and job.finished_at is not None
    assert job.percent == 100


def test_it_keeps_the_message_of_a_refusal(start: Any, world: Any) -> None:
    job = start(world, rows=2, refuse=True)
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "3 行目: 数えられません"
    assert job.result is None


def test_it_hides_a_bug_behind_a_generic_message(start: Any, world: Any, caplog: Any) -> None:
    job = start(world, rows=1, crash=True)
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == GENERIC_FAILURE
    assert "a bug" not in job.error


def test_it_runs_each_job_once(start: Any, world: Any, runs: list[str]) -> None:
    job = start(world, rows=1)
    run_job.enqueue(str(job.pk))  # the same job queued twice (or two workers)
    assert run_jobs() == 2
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert runs.count(str(job.pk)) == 1


def test_a_stopping_worker_leaves_a_message_not_a_running_job(start: Any, world: Any) -> None:
    job = start(world, rows=1, stop=True)
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error == INTERRUPTED


def test_progress_inside_the_runners_transaction_is_not_written(start: Any, world: Any) -> None:
    """A write there would show only at commit (or never, for a dry run that rolls back), and
    on SQLite would hold the write lock: the step before it stays, of unknown size."""
    job = start(world, rows=3, in_transaction=True)
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result["message"].startswith("数えています ")  # the last write before it


def test_a_job_without_news_for_a_while_says_it_may_have_stopped(start: Any, world: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    job = start(world, rows=1)
    assert not job.stalled
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=11))
    job.refresh_from_db()
    assert job.stalled
    run_jobs()
    job.refresh_from_db()
    assert not job.stalled and job.touched_at is not None


@pytest.mark.django_db(transaction=True)  # the worker's loop closes connections between tasks
def test_the_worker_command_runs_the_queue(start: Any, world: Any) -> None:
    jobs = [start(world, rows=n) for n in (1, 2, 3)]
    call_command("worker", batch=True, verbosity=0)
    assert {j.state for j in Job.objects.filter(pk__in=[j.pk for j in jobs])} == {"done"}


def test_it_refuses_an_unknown_kind(start: Any, world: Any) -> None:
    with pytest.raises(ValueError, match="no runner"):
        job_start(kind="tests.nothing", by=None, params={})
    assert "tests.count" in RUNNERS
    assert not Job.objects.exists()


def test_progress_writes_steps_at_once_and_advances_sparingly(start: Any, world: Any) -> None:
    job = start(world, rows=0)
    progress = Progress(job, interval=3600)
    progress.step("読込み", total=10)
    progress.advance(1)  # within the interval: kept in memory only
    progress.advance(2)
    stored = Job.objects.get(pk=job.pk)
    assert (stored.step, stored.total, stored.done) == ("読込み", 10, 0)
    progress.step("確認")
    assert Job.objects.get(pk=job.pk).step == "確認"
