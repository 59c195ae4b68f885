"""The national roll-up at national scale: GET /api/v1/rollups/national beside hand-written SQL.

Makes its own data: MUNICIPALITIES municipalities spread over the 47 prefectures (valid
地方公共団体コード), one plan each of ITEMS items (ten pillars, ITEMS/10 items under each) over
FY2024–2028, the default rating scales, and five years of reports (about 70 % published,
with the publication the publish move stores, which is what the public reads; rated
S/A/B/C/評価対象外) with one fiscal effect per item and year (revenue or expenditure). Then, in
one process and one run, times the API answer (in-process, Django's test client, the public
cache emptied before each call so the roll-up is made each time) and the best SQL written by
hand for the same totals (two queries: effects per prefecture and category; published, rated
and on-track items per prefecture), checks that both give the same totals, and prints the ratio.

Meant for PostgreSQL (issue 16 #5):

    scripts/with-postgres .venv/bin/python bench/bench_national.py
    scripts/with-postgres .venv/bin/python bench/bench_national.py --municipalities 200

It runs on SQLite too (the hand-written SQL is PostgreSQL's, so the comparison is skipped).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from benchlib import machine_line, setup_django

FY = 2026
YEARS = range(2024, 2029)

HAND_EFFECTS = """
SELECT substr(m.code, 1, 2) AS pref, e.kind, sum(e.target_yen), sum(e.actual_yen)
FROM measures_fiscaleffect e
JOIN measures_effectyear y ON y.id = e.effect_year_id
JOIN tracking_progressreport r
  ON r.node_id = y.node_id AND r.fiscal_year = y.fiscal_year AND r.publication_id IS NOT NULL
JOIN plans_node n ON n.id = y.node_id
JOIN plans_plan p ON p.id = n.plan_id
JOIN plans_municipality m ON m.id = p.municipality_id
WHERE y.fiscal_year = %s AND NOT n.is_line
  AND (n.is_unit OR NOT EXISTS (SELECT 1 FROM plans_node c WHERE c.parent_id = n.id))
GROUP BY 1, 2
"""
HAND_RATINGS = """
WITH main AS (
  SELECT DISTINCT ON (s.plan_id) s.plan_id, s.id, s.code
  FROM tracking_ratingscale s ORDER BY s.plan_id, s."order" DESC, s.id DESC
)
SELECT substr(m.code, 1, 2) AS pref, count(*),
       count(v.id) FILTER (WHERE NOT v.not_rated),
       count(v.id) FILTER (WHERE NOT v.not_rated AND v.on_track)
FROM tracking_progressreport r
JOIN tracking_publication pub ON pub.id = r.publication_id
JOIN plans_node n ON n.id = r.node_id
JOIN plans_plan p ON p.id = n.plan_id
JOIN plans_municipality m ON m.id = p.municipality_id
JOIN main ON main.plan_id = p.id
LEFT JOIN tracking_ratingvalue v ON v.scale_id = main.id AND v.code = pub.ratings ->> main.code
WHERE r.fiscal_year = %s AND NOT n.is_line
  AND (n.is_unit OR NOT EXISTS (SELECT 1 FROM plans_node c WHERE c.parent_id = n.id))
GROUP BY 1
"""


def municipality_codes(count: int) -> list[str]:
    from gyokaku.lib import lgcode

    codes = []
    for i in range(count):
        first_five = f"{i % 47 + 1:02d}{i // 47 + 100:03d}"
        codes.append(first_five + str(lgcode.check_digit(first_five)))
    return codes


# What the publish move stores (tracking.publication), for every 公表済 report at once: the
# public reads a report as last published (ProgressReport.publication).
PUBLISH_ALL = """
INSERT INTO tracking_publication (report_id, number, published_at, result_text, issues_text,
  next_plan_text, direction, ratings, committee_opinion, figures, changes, reason)
SELECT id, 1, CURRENT_TIMESTAMP, result_text, issues_text, next_plan_text, direction, ratings,
  committee_opinion, '{}', '[]', ''
FROM tracking_progressreport WHERE state = 'published' AND publication_id IS NULL
"""
LINK_PUBLICATIONS = {
    "postgresql": """
UPDATE tracking_progressreport r SET publication_id = p.id FROM tracking_publication p
WHERE p.report_id = r.id AND r.publication_id IS NULL
""",
    "sqlite": """
UPDATE tracking_progressreport SET publication_id =
  (SELECT p.id FROM tracking_publication p WHERE p.report_id = tracking_progressreport.id)
WHERE state = 'published' AND publication_id IS NULL
""",
}


def make_data(municipalities: int, items: int, seed: int = 7) -> None:
    from django.db import connection, transaction

    from gyokaku.measures.models import EffectKind, EffectYear, FiscalEffect
    from gyokaku.plans.models import Municipality, Node, Plan
    from gyokaku.tracking.models import ProgressReport, Round, State
    from gyokaku.tracking.scales import rating_scales_ensure_defaults

    rng = random.Random(seed)
    per_pillar = max(1, items // 10)
    with transaction.atomic():
        towns = Municipality.objects.bulk_create(
            Municipality(code=code, name=f"市{i}")
            for i, code in enumerate(municipality_codes(municipalities))
        )
        plans = Plan.objects.bulk_create(
            Plan(
                municipality=town,
                slug=f"plan-{town.code}",
                title="行財政改革プラン",
                start_fy=2024,
                end_fy=2028,
            )
            for town in towns
        )
        for plan in plans:
            rating_scales_ensure_defaults(plan=plan)
        pillars = Node.objects.bulk_create(
            (
                Node(
                    plan=plan,
                    depth=1,
                    key=str(p + 1),
                    code=str(p + 1),
                    title=f"柱{p + 1}",
                    order=p,
                    position=p * (per_pillar + 1),
                )
                for plan in plans
                for p in range(10)
            ),
            batch_size=5000,
        )
        leaves = Node.objects.bulk_create(
            (
                Node(
                    plan_id=pillar.plan_id,
                    parent=pillar,
                    depth=2,
                    key=f"{pillar.key}-{i + 1}",
                    code=str(i + 1),
                    title=f"項目{i + 1}",
                    order=i,
                    position=pillar.position + i + 1,
                )
                for pillar in pillars
                for i in range(per_pillar)
            ),
            batch_size=5000,
        )
        made = Round.objects.bulk_create(
            Round(plan=plan, fiscal_year=fy, is_open=False) for plan in plans for fy in YEARS
        )
        rounds = {(r.plan_id, r.fiscal_year): r for r in made}
        achievement = ["S", "A", "A", "B", "C", "na"]
        status = ["in_progress", "done", "not_started"]
        for fy in YEARS:
            ProgressReport.objects.bulk_create(
                (
                    ProgressReport(
                        node=leaf,
                        round=rounds[(leaf.plan_id, fy)],
                        fiscal_year=fy,
                        result_text="実績",
                        ratings={
                            "status": rng.choice(status),
                            "achievement": rng.choice(achievement),
                        },
                        state=State.PUBLISHED if rng.random() < 0.7 else State.APPROVED,
                    )
                    for leaf in leaves
                ),
                batch_size=5000,
            )
            years = EffectYear.objects.bulk_create(
                (EffectYear(node=leaf, fiscal_year=fy) for leaf in leaves), batch_size=5000
            )
            FiscalEffect.objects.bulk_create(
                (
                    FiscalEffect(
                        effect_year=year,
                        kind=rng.choice([EffectKind.REVENUE, EffectKind.EXPENDITURE]),
                        target_yen=rng.randrange(1, 50) * 100_000,
                        actual_yen=rng.randrange(0, 60) * 100_000,
                    )
                    for year in years
                ),
                batch_size=5000,
            )
        with connection.cursor() as cursor:
            cursor.execute(PUBLISH_ALL)
            cursor.execute(LINK_PUBLICATIONS[connection.vendor])


def hand_written(fy: int) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(HAND_EFFECTS, [fy])
        effects = cursor.fetchall()
        cursor.execute(HAND_RATINGS, [fy])
        ratings = cursor.fetchall()
    return {"effects": effects, "ratings": ratings}


def median_ms(run: Any, runs: int) -> tuple[float, Any]:
    result = run()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=1741)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    print(machine_line())
    started = time.perf_counter()
    make_data(args.municipalities, args.items)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"data: {args.municipalities} municipalities × {args.items} items × {len(YEARS)} years "
        f"made in {time.perf_counter() - started:.0f} s"
    )
    client = Client()

    def api() -> dict[str, Any]:
        cache.clear()  # the roll-up made each time, not served as kept
        response = client.get(f"/api/v1/rollups/national?fy={FY}")
        assert response.status_code == 200, response.content[:300]
        return dict(response.json())

    api_ms, body = median_ms(api, args.runs)
    nation = body["nation"]
    print(
        f"API    GET /api/v1/rollups/national?fy={FY}   median {api_ms:8.1f} ms  "
        f"({len(body['prefectures'])} prefectures, {nation['published_items']} published items, "
        f"{nation['on_track']} on track)"
    )
    if connection.vendor != "postgresql":
        print("hand-written SQL: PostgreSQL only (comparison skipped)")
        return
    sql_ms, hand = median_ms(lambda: hand_written(FY), args.runs)
    published = sum(row[1] for row in hand["ratings"])
    on_track = sum(row[3] for row in hand["ratings"])
    actual = {kind: 0 for kind in ("revenue", "expenditure", "other")}
    for _pref, kind, _target, total in hand["effects"]:
        actual[kind] += int(total or 0)
    api_actual = {e["kind"]: e["actual_yen"] for e in nation["effects"]}
    same = (
        published == nation["published_items"]
        and on_track == nation["on_track"]
        and all(api_actual.get(k, 0) == v for k, v in actual.items())
    )
    print(f"SQL    two hand-written queries        median {sql_ms:8.1f} ms  same: {same}")
    print(f"ratio  API / SQL = {api_ms / sql_ms:.2f} (goal ≤ 2)")
    if not same:
        raise SystemExit("the API and the hand-written SQL disagree")


if __name__ == "__main__":
    main()
