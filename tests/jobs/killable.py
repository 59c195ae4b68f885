"""A worker process for test_worker_killed.py, with a job kind that waits mid-way until it is
killed: ``python -m tests.jobs.killable start`` queues one such job and prints its id;
``python -m tests.jobs.killable worker`` is ``gyokaku worker`` with that kind registered."""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gyokaku.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from gyokaku.jobs.models import Job  # noqa: E402
from gyokaku.jobs.registry import JobResult, Progress, job_runner  # noqa: E402
from gyokaku.jobs.services import job_start  # noqa: E402

KIND = "tests.wait_to_be_killed"


@job_runner(KIND)
def wait_to_be_killed(job: Job, progress: Progress) -> JobResult:
    progress.step("反映しています", total=2)
    progress.advance(1)
    while True:  # the test kills the worker here
        time.sleep(0.05)


def main(command: str) -> None:
    if command == "start":
        print(job_start(kind=KIND, by=None, label="止められる処理", params={}).pk)
    elif command == "worker":
        call_command("worker", interval=0.05)


if __name__ == "__main__":
    main(sys.argv[1])
