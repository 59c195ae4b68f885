"""Response time of the plan page (/plans/{slug}/) and the plan API at 85 and 5,000 nodes.

Runs in-process with Django's test client against a throwaway SQLite database (or the one in
DATABASE_URL), so it measures our code and the database, not the network. Prints the median
and the slowest of several requests, and the machine it ran on.

    .venv/bin/python bench/bench_plan_page.py
    scripts/with-postgres .venv/bin/python bench/bench_plan_page.py
"""

from __future__ import annotations

import statistics
import sys
import time

from benchlib import load_generated_plan, machine_line, setup_django


def main() -> None:
    setup_django()
    from django.test import Client

    from gyokaku.demo.seed import aomori_import

    aomori_import()
    load_generated_plan(5000, slug="bench-5000")
    client = Client()
    print(machine_line())
    plans = (("85 nodes", "aomori-2024-2028", 50), ("5,000 nodes", "bench-5000", 10))
    for label, slug, runs in plans:
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
                f"  max {max(times) * 1000:7.1f} ms"
                f"  ({len(response.content):,} bytes, {runs} runs)"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
