"""Time of the roll-up (集計): plan_rollup and GET /api/v1/plans/{slug}/rollup?fy=.

Two plans: Aomori (85 nodes) with the demo data, and a generated 5,000-node plan with five
years of sample data (fill_sample_measures: a report, an effect line and an indicator with
targets and most actuals for each of its tracked nodes and years). The roll-up is measured
for the last year with data, where the cumulative span covers every year, for an internal
reader (drafts included) and for the public (published only).

Runs in-process against a throwaway SQLite database (or the one in DATABASE_URL), so it
measures our code and the database, not the network. Prints the median and the slowest of
several runs, the queries per run, and the machine.

    .venv/bin/python bench/bench_rollup.py
    scripts/with-postgres .venv/bin/python bench/bench_rollup.py
"""

from __future__ import annotations

import sys
import time
from functools import partial
from typing import Any

from benchlib import load_generated_plan, machine_line, report, setup_django, timed


def _rollup_size(plan: Any, fy: int, published_only: bool) -> int:
    from gyokaku.measures.rollup import plan_rollup

    return len(plan_rollup(plan=plan, fiscal_year=fy, published_only=published_only).nodes)


def _data_size(plan: Any) -> str:
    from gyokaku.measures.models import FiscalEffect, IndicatorActual, IndicatorTarget
    from gyokaku.tracking.models import ProgressReport
    from gyokaku.tracking.selectors import tracked_nodes

    counts = {
        "nodes": plan.nodes.count(),
        "tracked": tracked_nodes(plan).count(),
        "reports": ProgressReport.objects.filter(node__plan=plan).count(),
        "effect lines": FiscalEffect.objects.filter(effect_year__node__plan=plan).count(),
        "indicator targets": IndicatorTarget.objects.filter(
            indicator__sheet__node__plan=plan
        ).count(),
        "indicator actuals": IndicatorActual.objects.filter(
            indicator__sheet__node__plan=plan
        ).count(),
    }
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())


def _get(client: Any, path: str) -> tuple[int, int]:
    response = client.get(path)
    return response.status_code, len(response.content)


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from gyokaku.demo.loader import demo_load
    from gyokaku.demo.seed import AOMORI_SLUG
    from gyokaku.measures.sample import fill_sample_measures
    from gyokaku.plans.models import Plan

    started = time.perf_counter()
    demo_load()
    demo_s = time.perf_counter() - started
    load_generated_plan(5000, slug="bench-5000")
    started = time.perf_counter()
    fill_sample_measures(plan=Plan.objects.get(slug="bench-5000"), years=5, seed=1)
    fill_s = time.perf_counter() - started

    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        db_version = cursor.fetchone()[0]
    print(f"{machine_line()} {db_version}")
    print(
        f"setup: demo_load {demo_s:.1f} s, "
        f"fill_sample_measures (5,000 nodes × 5 years) {fill_s:.1f} s"
    )

    for slug in (AOMORI_SLUG, "bench-5000"):
        print(f"data: {slug}: {_data_size(Plan.objects.get(slug=slug))}")

    office = Client()
    office.force_login(get_user_model().objects.get(username="demo-coordinator"))
    public = Client()
    for label, slug, runs in (("85 nodes", AOMORI_SLUG, 30), ("5,000 nodes", "bench-5000", 11)):
        plan = Plan.objects.get(slug=slug)
        fy = 2025 if slug == AOMORI_SLUG else plan.end_fy
        for published_only in (False, True):
            times, size, queries = timed(partial(_rollup_size, plan, fy, published_only), runs)
            assert size == plan.nodes.count()
            who = "public" if published_only else "internal"
            report(label, f"plan_rollup fy={fy} ({who})", times, queries)
        for who, client in (("internal", office), ("public", public)):
            path = f"/api/v1/plans/{slug}/rollup?fy={fy}"
            times, (status, size), queries = timed(partial(_get, client, path), runs)
            if status != 200:
                print(f"{label:>12}  GET {path}: {status}, not measured")
                break
            report(
                label, f"GET …/rollup?fy={fy} ({who})", times, queries, f", {size / 1024:,.0f} KB"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
