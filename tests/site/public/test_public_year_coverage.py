"""The public year page says whether the year's results are complete or partial (公表済 n / N
項目) and compares like with like: the target beside the actual is summed over the same
published items. The staff dashboard shows the public figures beside the all-items ones.

The world: five items ①–⑤ of one pillar, each with a FY2024 effect (target 1,000,000 × i yen,
actual 900,000 × i yen for ① ②, 1,500,000 × i for the others); ① and ② published, ③ approved,
④ ⑤ drafts. The old public rate, 2,700,000 of 15,000,000 (18.0%), compared unlike with unlike.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.support.api_client import set_state
from tests.support.built_plans import build_plan

from gyokaku.accounts.access import actor_for
from gyokaku.measures.rollup import Money, effect_totals_by_year, plan_rollup
from gyokaku.measures.services import effects_update
from gyokaku.plans.models import Node, Plan
from gyokaku.tracking.models import ProgressReport, State
from gyokaku.tracking.selectors import year_coverage
from gyokaku.tracking.services import round_open

pytestmark = pytest.mark.django_db
ITEMS = ["①", "②", "③", "④", "⑤"]
SLUG = "five-items"


@pytest.fixture
def five(world: Any) -> Plan:
    plan = build_plan(
        slug=SLUG,
        nodes=[
            {
                "code": "1",
                "title": "柱",
                "children": [{"code": c, "title": f"項目{c}"} for c in ITEMS],
            }
        ],
    )
    carol = actor_for(world.users["carol"])
    round_open(plan=plan, fiscal_year=2024, actor=carol)
    for i, node in enumerate(Node.objects.filter(plan=plan).leaves().order_by("position"), 1):
        effects_update(
            node=node,
            fiscal_year=2024,
            actor=carol,
            effects=[
                {
                    "kind": "expenditure",
                    "target_yen": 1_000_000 * i,
                    "actual_yen": (900_000 if i <= 2 else 1_500_000) * i,
                    "note": "",
                }
            ],
            expected_version=0,
        )
        report = ProgressReport.objects.get(node=node, fiscal_year=2024)
        set_state(
            report, {1: State.PUBLISHED, 2: State.PUBLISHED, 3: State.APPROVED}.get(i, State.DRAFT)
        )
    return plan


def test_the_public_totals_sum_target_and_actual_over_the_same_items(five: Plan) -> None:
    public = plan_rollup(plan=five, fiscal_year=2024, published_only=True).total
    # ① and ② alone: 1,000,000 + 2,000,000 against 900,000 + 1,800,000, a rate of 90%
    assert public.single_year.total == Money(3_000_000, 2_700_000)
    assert public.cumulative.total == Money(3_000_000, 2_700_000)
    inside = plan_rollup(plan=five, fiscal_year=2024, published_only=False).total
    assert inside.single_year.total == Money(15_000_000, 20_700_000)
    [year] = effect_totals_by_year(plan=five, node=None, up_to=2024, published_only=True)
    assert year.single_year == Money(3_000_000, 2_700_000)


def test_the_year_is_partial_until_every_item_is_published(five: Plan) -> None:
    assert year_coverage(five, 2024).statement == "令和6年度の実績：公表済 2 / 5 項目（一部公表）"
    for report in ProgressReport.objects.filter(node__plan=five):
        set_state(report, State.PUBLISHED)  # with its publication, as publishing stores one
    assert year_coverage(five, 2024).statement == "令和6年度の実績：全項目公表済（5 項目）"


def test_the_public_page_states_the_year_and_a_like_for_like_rate(five: Plan) -> None:
    html = Client().get(f"/plans/{SLUG}/").content.decode()
    assert "令和6年度の実績：公表済 2 / 5 項目（一部公表）" in html
    assert "公表済みの項目の目標 3,000（90.0%）" in html  # 千円
    assert "15,000" not in html  # the target of all five never faces the two actuals
    assert "18.0%" not in html
    assert "目標と実績のどちらも公表済みの項目だけで合計し" in html


def test_the_staff_dashboard_shows_both_labelled(five: Plan, world: Any) -> None:
    client = Client()
    client.force_login(world.users["carol"])
    html = client.get(f"/plans/{SLUG}/dashboard/?fy=2024").content.decode()
    assert "令和6年度の実績：公表済 2 / 5 項目（一部公表）" in html
    assert "全項目（職員のみ）" in html and "公表済みの項目（公開ページ）" in html
    assert "全項目の目標 15,000" in html
    public_row = html.split("公表済みの項目（公開ページ）")[1].split("</tr>")[0]
    assert "2 / 5" in public_row
    assert "3,000" in public_row and "2,700" in public_row and "90.0%" in public_row
    all_row = html.split("全項目（職員のみ）</th>")[1].split("</tr>")[0]
    assert "15,000" in all_row and "20,700" in all_row and "138.0%" in all_row
