"""Time of the open data and the static export (gyokaku.opendata).

Two plans: Aomori (85 nodes) with the demo data, and a generated 5,000-node plan with five years
of sample data (fill_sample_measures) of which the first three years are published, with a
publish transition per report. Measures the rows of every table (the selectors), each format
for every table, the pages (index, datapackage.json, one CSV, the feed) in-process with Django's
test client, and `gyokaku publish` of each plan once.

    .venv/bin/python bench/bench_opendata.py
    .venv/bin/python bench/bench_opendata.py --no-big-export   # skip the 5,000-node export
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from benchlib import load_generated_plan, machine_line, report, setup_django, timed

PUBLISHED_YEARS = 3


def publish_sample(slug: str) -> None:
    """Publish the sample reports of the first years, with a transition each, as the workflow
    would have left them."""
    from django.contrib.auth import get_user_model

    from gyokaku.plans.models import Plan
    from gyokaku.tracking.models import ProgressReport, State, Transition

    plan = Plan.objects.get(slug=slug)
    last = plan.start_fy + PUBLISHED_YEARS - 1
    reports = ProgressReport.objects.filter(node__plan=plan, fiscal_year__lte=last)
    reports.update(state=State.PUBLISHED)
    user = get_user_model().objects.create_user("bench-office")
    Transition.objects.bulk_create(
        [
            Transition(
                report_id=pk,
                action="publish",
                from_state="approved",
                to_state="published",
                actor=user,
            )
            for pk in reports.values_list("pk", flat=True)
        ],
        batch_size=1000,
    )


def _rows(plan: Any) -> int:
    from gyokaku.opendata.selectors import PublicData
    from gyokaku.opendata.tables import TABLES

    data = PublicData(plan)
    return sum(len(data.rows(name)) for name in TABLES)


def _format(plan: Any, fmt: str) -> int:
    """Write every table in ``fmt`` (the writers alone: rows read before, no cache)."""
    from gyokaku.opendata.formats import FORMATS
    from gyokaku.opendata.licence import notice_for
    from gyokaku.opendata.selectors import PublicData
    from gyokaku.opendata.tables import TABLES

    data = PublicData(plan)
    rows = {name: data.rows(name) for name in TABLES}
    started = time.perf_counter()
    size = sum(len(FORMATS[fmt].write(TABLES[n], rows[n], notice_for(plan))) for n in TABLES)
    _format.seconds = time.perf_counter() - started  # type: ignore[attr-defined]
    return size


def _cold(run: Callable[[], Any]) -> Any:
    """``run`` right after the data changed: no file in the cache."""
    from django.core.cache import cache

    cache.clear()
    return run()


def _get(client: Any, path: str) -> tuple[int, int]:
    response = client.get(path)
    return response.status_code, len(response.content)


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.test import Client

    from gyokaku.demo.loader import demo_load
    from gyokaku.demo.seed import AOMORI_SLUG
    from gyokaku.measures.sample import fill_sample_measures
    from gyokaku.opendata.formats import FORMATS
    from gyokaku.plans.models import Plan

    demo_load()
    load_generated_plan(5000, slug="bench-5000")
    fill_sample_measures(plan=Plan.objects.get(slug="bench-5000"), years=5, seed=1)
    publish_sample("bench-5000")
    print(machine_line())

    client = Client()
    plans = [("85 nodes", AOMORI_SLUG, 11), ("5,000 nodes", "bench-5000", 3)]
    for label, slug, runs in plans:
        plan = Plan.objects.select_related("municipality").get(slug=slug)
        times, rows, queries = timed(partial(_rows, plan), runs)
        report(label, "rows of every table", times, queries, f", {rows:,} rows", width=34)
        for fmt in FORMATS:
            spent = []
            for _ in range(runs):
                size = _format(plan, fmt)
                spent.append(_format.seconds)  # type: ignore[attr-defined]
            report(label, f"every table as {fmt}", spent, 0, f", {size / 1024:,.0f} KB", width=34)
        for what in ("", "datapackage.json", "progress.csv", "rollups.xlsx", "feed.atom"):
            path = f"/opendata/{slug}/{what}"
            for cold in (True, False):
                if cold and what in ("datapackage.json", "feed.atom"):
                    continue  # not cached
                fetch = partial(_get, client, path)
                run = partial(_cold, fetch) if cold else fetch
                times, (status, size), queries = timed(run, runs)
                assert status == 200, (path, status)
                state = " (cold)" if cold else ""
                report(
                    label,
                    f"GET …/{what}{state}",
                    times,
                    queries,
                    f", {size / 1024:,.0f} KB",
                    width=34,
                )
    for label, slug, _ in plans:
        if slug != AOMORI_SLUG and "--no-big-export" in sys.argv:
            continue
        with tempfile.TemporaryDirectory() as outdir:
            started = time.perf_counter()
            call_command("publish", slug, str(Path(outdir) / "site"))
            report(label, "gyokaku publish", [time.perf_counter() - started], 0, width=34)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
