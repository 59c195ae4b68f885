"""report_content: what the report says, from the roll-up, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gyokaku.lib.wareki import date_label
from gyokaku.measures.rollup import plan_rollup
from gyokaku.measures.sample import fill_sample_measures
from gyokaku.plans.models import Plan
from gyokaku.plans.outline.sample import generate_plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.plans.selectors import plan_for
from gyokaku.reports.content import report_content
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


def test_it_prints_approved_and_published_reports_and_lists_the_others(measured: Any) -> None:
    content = report_content(plan=measured.plan, fiscal_year=2024, today=dt.date(2025, 6, 30))
    assert [i.node.key for i in content.items] == ["1-1", "1-2", "2"]
    assert [(i.node.key, i.state_label) for i in content.shown_items] == [
        ("1-1", "承認済"),
        ("1-2", "公表済"),
    ]
    first = content.shown_items[0]
    assert first.result_text == "書かない窓口を3か所に広げた。"
    assert first.ratings == [("実施状況", "取組中"), ("達成度", "A")]
    assert first.direction_label == "拡充" and first.departments == ["情報政策課"]
    assert [(e.kind_label, e.target_yen, e.actual_yen) for e in first.effects] == [
        ("歳出削減", 12_345_678, 13_000_000),
        ("歳入確保", 1_000_000, -5_000),
    ]
    assert [(ind.name, ind.result.percent) for ind in first.indicators] == [
        ("窓口の利用者数", "120.0%"),
        ("待ち時間", "66.7%"),
    ]
    assert content.made_on_label == "2025年6月30日（令和7年6月30日）"
    assert content.fy_label == "2024年度（令和6年度）"
    assert content.snapshot.summary == "公表済 1件・承認済 1件・未承認 1件"


def test_it_says_why_an_item_is_not_rated(measured: Any) -> None:
    content = report_content(plan=measured.plan, fiscal_year=2024)
    reasons = {i.node.key: i.reasons for i in content.not_rated}
    assert reasons == {
        "1-2": [
            "実施状況：評価対象外（今年度は評価の対象としない）",
            "達成度：評価対象外（今年度は評価の対象としない）",
        ],
        "2": ["未承認（下書き）のため本文を掲載していません"],
    }
    # a year without a round: every item is there, without a report
    later = report_content(plan=measured.plan, fiscal_year=2025)
    assert {i.node.key: i.reasons for i in later.not_rated} == {
        key: ["この年度の取組状況がありません"] for key in ("1-1", "1-2", "2")
    }


def test_its_numbers_are_the_rollups(aomori: Plan) -> None:
    content = report_content(plan=aomori, fiscal_year=2025)
    rollup = plan_rollup(plan=aomori, fiscal_year=2025, published_only=False)
    assert content.total.as_dict() == rollup.total.as_dict()
    for pillar in content.pillars:
        assert pillar.rollup.as_dict() == rollup.nodes[pillar.node.key].as_dict()
    for item in content.items:
        assert item.rollup.as_dict() == rollup.nodes[item.node.key].as_dict()
    for summary in content.scales:
        counts = rollup.total.ratings.get(summary.scale.code, {})
        assert summary.total.counts == [counts.get(v.code, 0) for v in summary.values]
    # the chart's figures per year are each year's roll-up
    for year in content.years:
        each = plan_rollup(plan=aomori, fiscal_year=year.fiscal_year, published_only=False)
        assert year.single_year == each.total.single_year.total
        assert year.cumulative == each.total.cumulative.total


def _generated(size: int) -> Plan:
    data = generate_plan(size, seed=3)
    data["slug"], data["municipality"]["code"] = f"generated-{size}", "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    plan = plan_for(slug=data["slug"])
    fill_sample_measures(plan=plan, years=2, seed=5)
    return plan


def _queries(plan: Plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        content = report_content(plan=plan, fiscal_year=plan.start_fy + 1)
    assert content.items
    return len(queries)


def test_it_reads_in_the_same_number_of_queries_at_any_size(world: Any) -> None:
    small, large = _generated(85), _generated(2200)
    # roll-up 7, nodes, scales 2, departments, reports, year plans, indicators 3, effects,
    # levels, targets 1 + snapshot 5
    assert _queries(small) == _queries(large) == 24


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2019, 4, 30), "2019年4月30日（平成31年4月30日）"),
        (dt.date(2019, 5, 1), "2019年5月1日（令和元年5月1日）"),
        (dt.date(2025, 3, 31), "2025年3月31日（令和7年3月31日）"),
    ],
)
def test_it_names_the_day_in_both_calendars(day: dt.date, label: str) -> None:
    assert date_label(day) == label
