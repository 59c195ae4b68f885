"""Runners of long work, registered by kind, and what a runner is given and gives back.

A runner is a plain function ``(job, progress) -> JobResult`` registered with
``@job_runner("reports.generate")`` in a module its app imports in ``ready()``. It reads its
inputs from ``job.params`` (JSON), reports progress through ``progress``, and either returns a
``JobResult`` (where the person finds what was made) or raises ``JobFailed`` with a message the
person may read. Any other exception fails the job with a generic message and is logged.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

if TYPE_CHECKING:
    from gyokaku.jobs.models import Job


class JobFailed(Exception):
    """The work cannot be done; ``str(exc)`` is shown to the person who started it."""


@dataclass(frozen=True)
class JobResult:
    url: str = ""  # where the result is (a download, a preview page)
    label: str = ""  # the link's text, e.g. 「ダウンロード」
    message: str = ""  # one line about what was done
    follow: bool = False  # the page goes on to ``url`` by itself (the next step of a flow)

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "label": self.label,
            "message": self.message,
            "follow": self.follow,
        }


class Progress:
    """Writes a job's step and progress to its row, at most every ``interval`` seconds for
    ``advance`` (a runner may call it for every row of a 10,000-row file) and at once for
    ``step`` (a new stage is worth showing).

    Inside a transaction the runner opened (a dry run that is rolled back, an apply that
    commits at the end) a write would be invisible until the end, or never seen, and on SQLite
    it would also hold the write lock; so such calls are kept in memory only, and a step
    started there shows as work of unknown size."""

    def __init__(self, job: Job, *, interval: float = 0.5) -> None:
        self.job = job
        self.interval = interval
        self._saved_at = 0.0
        self._depth = len(connection.atomic_blocks)  # the caller's (a test's) transactions

    def step(self, text: str, *, total: int | None = None) -> None:
        self.job.step = text[:200]
        self.job.done = 0
        if total is not None:
            self.job.total = total
        self._save()

    def advance(self, done: int, total: int | None = None) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        if time.monotonic() - self._saved_at >= self.interval:
            self._save()

    def _save(self) -> None:
        if len(connection.atomic_blocks) > self._depth:
            return
        self._saved_at = time.monotonic()
        self.job.touched_at = timezone.now()
        self.job.save(update_fields=["step", "done", "total", "touched_at"])


Runner = Callable[["Job", Progress], JobResult]
RUNNERS: dict[str, Runner] = {}


def job_runner(kind: str) -> Callable[[Runner], Runner]:
    def register(func: Runner) -> Runner:
        if kind in RUNNERS and RUNNERS[kind] is not func:
            raise ValueError(f"job kind {kind!r} is registered twice")
        RUNNERS[kind] = func
        return func

    return register
