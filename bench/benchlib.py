"""What every benchmark needs: the machine's description and a throwaway, migrated database.

Benchmarks run as scripts (`python bench/bench_x.py`), so this module is imported by name from
the same folder.
"""

from __future__ import annotations

import os
import platform
import tempfile
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
    from gyokaku.plans.selectors import plan_get
    from gyokaku.plans.services import plan_import

    data = generate_plan(n_nodes, seed=seed)
    data["slug"], data["municipality"]["code"] = slug, "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="bench")
    return plan_get(slug=slug)
