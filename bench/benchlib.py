"""What every benchmark needs: the machine's description and a throwaway, migrated database.

Benchmarks run as scripts (`python bench/bench_x.py`), so this module is imported by name from
the same folder.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            kib = int(info.readline().split()[1])
        return f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        return "? GiB"


def setup_django() -> None:
    """Django on a throwaway SQLite database (or DATABASE_URL's), migrated, any host allowed."""
    os.environ.setdefault("GYOKAKU_VAR_DIR", tempfile.mkdtemp(prefix="gyokaku-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gyokaku.settings")
    os.makedirs(os.environ["GYOKAKU_VAR_DIR"], exist_ok=True)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)


def machine_line() -> str:
    from django.db import connection

    return (
        f"machine: {cpu_model()}, {os.cpu_count()} cores, {memory_gib()}, "
        f"Python {platform.python_version()}, database {connection.vendor}"
    )


def load_generated_plan(n_nodes: int, *, slug: str, seed: int = 1) -> Any:
    """A generated plan of ``n_nodes`` nodes, imported; returns the Plan."""
    from gyokaku.plans.outline.sample import generate_plan
    from gyokaku.plans.planfile import validate_plan_data
    from gyokaku.plans.selectors import plan_for
    from gyokaku.site.services import plan_import

    data = generate_plan(n_nodes, seed=seed)
    data["slug"], data["municipality"]["code"] = slug, "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="bench")
    return plan_for(slug=slug)


def timed(run: Callable[[], Any], runs: int) -> tuple[list[float], Any, int]:
    """Times of ``runs`` calls after a warm-up, what ``run`` returned last, and the last call's
    queries. ``run`` returns a small summary, not the roll-up: big results kept alive between
    runs make Python's garbage collector slower and the figures worse than a server's."""
    from django.db import connection

    # execute_wrapper, not CaptureQueriesContext: a request resets the connection's query log.
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    gc.collect()
    result = run()  # warm caches
    times = []
    for _ in range(runs):
        queries.clear()
        with connection.execute_wrapper(count):
            started = time.perf_counter()
            result = run()
            times.append(time.perf_counter() - started)
    return times, result, len(queries)


def report(
    label: str, what: str, times: list[float], queries: int, extra: str = "", *, width: int = 44
) -> None:
    """One line of figures: median and slowest time, queries, runs."""
    print(
        f"{label:>12}  {what:<{width}} median {statistics.median(times) * 1000:7.1f} ms"
        f"  max {max(times) * 1000:7.1f} ms  {queries} queries  ({len(times)} runs{extra})"
    )
