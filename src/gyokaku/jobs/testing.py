"""For tests: run what is queued, in this process, through the real database worker."""

from __future__ import annotations

from django.core.management import call_command


def run_jobs() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
