"""Response time of the plan page (/plans/{slug}/) at 85 and 5,000 nodes.

Runs in-process with Django's test client against a throwaway SQLite database (or the one in
DATABASE_URL), so it measures our code and the database, not the network. Prints the median
and the slowest of several requests, and the machine it ran on.

    .venv/bin/python bench/bench_plan_page.py
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> None:
    tmp = tempfile.mkdtemp(prefix="gyokaku-bench-")
    os.environ.setdefault("GYOKAKU_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gyokaku.settings")
    os.makedirs(os.environ["GYOKAKU_VAR_DIR"], exist_ok=True)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gyokaku.plans.outline.sample import generate_plan
    from gyokaku.plans.planfile import validate_plan_data
    from gyokaku.plans.seed import aomori_import
    from gyokaku.plans.services import plan_import

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    aomori_import()
    big = generate_plan(5000, seed=1)
    big["slug"], big["municipality"]["code"] = "bench-5000", "022012"
    plan_import(plan_file=validate_plan_data(big), actor_label="bench")

    client = Client()
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, database {connection.vendor}"
    )
    for label, slug, runs in (
        ("85 nodes", "aomori-2024-2028", 50),
        ("5,000 nodes", "bench-5000", 10),
    ):
        for path in (f"/plans/{slug}/", f"/api/v1/plans/{slug}"):
            client.get(path)  # warm caches and templates
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
            print(
                f"{label:>12}  {path:<32} median {statistics.median(times) * 1000:7.1f} ms"
                f"  max {max(times) * 1000:7.1f} ms  ({len(response.content):,} bytes, {runs} runs)"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
