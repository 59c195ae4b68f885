"""For tests: run what is queued, in this process, with the database worker's own code.

The worker's loop (``db_worker``) closes "old" connections between tasks, which on PostgreSQL
closes the connection a test's transaction lives on. So this claims each ready task as the loop
does and hands it to the worker's ``run_task`` — the same code that runs tasks in production —
without the connection housekeeping.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

BACKEND = "default"


def run_jobs(*, limit: int = 1000) -> int:
    """Run queued tasks until none is ready (at most ``limit``); the number run."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    for done in range(limit):
        with transaction.atomic():
            task = DBTaskResult.objects.ready().filter(backend_name=BACKEND).get_locked()
            if task is None:
                return done
            task.claim(worker.worker_id)
        worker.run_task(task)
    return limit
