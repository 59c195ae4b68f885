"""Response time of the public pages and the anonymous API lists, as an anonymous visitor.

Two plans: Aomori (85 nodes) with the demo data (FY2024 published, FY2025 in every state), and
a generated 5,000-node plan with five years of sample data (fill_sample_measures: about a
fifth of the reports published). Measures the landing page, the plan page (progress section
with its charts, and the tree), a pillar, a tracked item's history, the changes between the
last two published years, and the API's report and change lists. Charts are drawn once per
data (plans/charts.py keeps them): the timed runs follow a warm-up, and the first view of the
plan and a pillar after a change is measured apart ("charts drawn").

Runs in-process with Django's test client against a throwaway SQLite database (or the one in
DATABASE_URL). Prints the median and the slowest of several requests, the queries of the last
one, the size of the answer, and the machine.

    .venv/bin/python bench/bench_public.py
    scripts/with-postgres .venv/bin/python bench/bench_public.py
"""

from __future__ import annotations

import gzip
import sys
import time
from functools import partial
from typing import Any

from benchlib import load_generated_plan, machine_line, report, setup_django, timed


def _get(client: Any, path: str, *, made: bool = True) -> tuple[int, tuple[int, int]]:
    """Status and (size, size as sent gzipped to a browser that accepts it). ``made``: the
    answer is made by the view (kept answers forgotten first), else served as kept."""
    from django.core.cache import cache

    if made:
        cache.clear()  # web/public_cache.py would serve the kept answer otherwise
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    sent = len(response.content)
    if response.get("Content-Encoding") == "gzip":
        return response.status_code, (len(gzip.decompress(response.content)), sent)
    return response.status_code, (sent, sent)


def _not_modified(client: Any, path: str, etag: str) -> int:
    return int(client.get(path, headers={"If-None-Match": etag}).status_code)


def _kb(size: tuple[int, int]) -> str:
    return f", {size[0] / 1024:,.0f} KB ({size[1] / 1024:,.0f} KB gzipped)"


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test import Client

    from gyokaku.demo.loader import demo_load
    from gyokaku.demo.seed import AOMORI_SLUG
    from gyokaku.measures.sample import fill_sample_measures
    from gyokaku.plans.models import Plan
    from gyokaku.site.charts import _draw
    from gyokaku.tracking.selectors import tracked_nodes

    demo_load()
    load_generated_plan(5000, slug="bench-5000")
    fill_sample_measures(plan=Plan.objects.get(slug="bench-5000"), years=5, seed=1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # statistics for the rows just loaded, as autovacuum gives a live database: without
            # them the planner joins the fresh reports badly (a count took 176 ms, not 2 ms)
            cursor.execute("ANALYZE")
    print(machine_line())
    public = Client()
    times, (status, size), queries = timed(partial(_get, public, "/"), 20)
    assert status == 200
    report("2 plans", "GET /", times, queries, _kb(size))
    for label, slug, runs in (("85 nodes", AOMORI_SLUG, 20), ("5,000 nodes", "bench-5000", 5)):
        plan = Plan.objects.get(slug=slug)
        item = tracked_nodes(plan).order_by("position").first()
        assert item is not None
        base = f"/plans/{slug}/"
        api = f"/api/v1/plans/{slug}"
        for path in (
            base,
            f"{base}nodes/1/",
            f"{base}nodes/{item.key}/",
            f"{base}changes/",
            f"{api}/progress?page_size=100",
            f"{api}/changes?page_size=100",
        ):
            times, (status, size), queries = timed(partial(_get, public, path), runs)
            assert status == 200, (path, status)
            shown = path.replace(f"/plans/{slug}/", "…/").replace(api, "/api/…")
            report(label, f"GET {shown}", times, queries, _kb(size))
            # the same answer kept (web/public_cache.py), and revalidated with its ETag (304)
            times, _, queries = timed(partial(_get, public, path, made=False), runs)
            report(label, f"  kept: {shown}", times, queries)
            etag = public.get(path)["ETag"]
            times, status, queries = timed(partial(_not_modified, public, path, etag), runs)
            assert status == 304, (path, status)
            report(label, f"  304: {shown}", times, queries)
        for path in (base, f"{base}nodes/1/"):  # the first view after the data changed
            _draw.cache_clear()
            started = time.perf_counter()
            assert public.get(path).status_code == 200
            cold = (time.perf_counter() - started) * 1000
            print(f"{label:>12}  GET {path.replace(base, '…/'):<40} charts drawn: {cold:7.1f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
