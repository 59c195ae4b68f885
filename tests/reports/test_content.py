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
from gyokaku.reports.parts import Edition
from gyokaku.site.services import plan_import

pytestmark = pytest.mark.django_db


def test_the_internal_edition_prints_every_report_with_its_state(measured: Any) -> None:
    content = report_content(
        plan=measured.plan,
        fiscal_year=2024,
        edition=Edition.INTERNAL,
        today=dt.date(2025, 6, 30),
    )
    assert [i.node.key for i in content.items] == ["1-1", "1-2", "2"]
    assert [(i.number, i.state_label) for i in content.shown_items] == [
        ("1-①", "承認済"),
        ("1-②", "公表済"),
        ("2", "下書き"),
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
    assert content.made_on_label == "令和7年6月30日"  # 和暦 only
    assert content.fy_label == "令和6年度"
    assert content.period_label == "令和6年度〜令和10年度"
    assert content.mark == "内部資料（未公表のデータを含む）"
    assert content.snapshot.summary == "公表済 1件・承認済 1件・未承認 1件"
    assert content.partial_note == ""


def test_the_public_edition_prints_what_is_published_and_says_the_year_is_partial(
    measured: Any,
) -> None:
    content = report_content(plan=measured.plan, fiscal_year=2024)
    assert content.edition == Edition.PUBLIC and content.mark == ""
    assert [i.node.key for i in content.shown_items] == ["1-2"]
    approved = content.items[0]  # 1-1, approved but not published: nothing of its report
    assert approved.state == "" and approved.result_text == "" and approved.effects == []
    assert all(i.actual is None for i in approved.indicators)  # the actuals are not public
    assert approved.ratings == [("実施状況", "—"), ("達成度", "—")]
    assert content.partial_note == (
        "対象の取組3件のうち、令和6年度の取組状況を公表している1件を掲載しています。"
        "残りの2件は、公表後に掲載します。"
    )
    # the public roll-up: nothing published has an actual this year
    assert content.total.single_year.total.actual_yen == 0


@pytest.mark.parametrize("edition", list(Edition))
def test_its_numbers_are_the_rollups(aomori: Plan, edition: Edition) -> None:
    content = report_content(plan=aomori, fiscal_year=2025, edition=edition)
    public = edition == Edition.PUBLIC
    rollup = plan_rollup(plan=aomori, fiscal_year=2025, published_only=public)
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
        each = plan_rollup(plan=aomori, fiscal_year=year.fiscal_year, published_only=public)
        assert year.single_year == each.total.single_year.total
        assert year.cumulative == each.total.cumulative.total


def _generated(size: int) -> Plan:
    data = generate_plan(size, seed=3)
    data["slug"], data["municipality"]["code"] = f"generated-{size}", "022012"
    plan_import(plan_file=validate_plan_data(data), actor_label="test")
    plan = plan_for(slug=data["slug"])
    fill_sample_measures(plan=plan, years=2, seed=5)
    return plan


def _queries(plan: Plan, edition: Edition) -> int:
    with CaptureQueriesContext(connection) as queries:
        content = report_content(plan=plan, fiscal_year=plan.start_fy + 1, edition=edition)
    assert content.items
    return len(queries)


def test_it_reads_in_the_same_number_of_queries_at_any_size(world: Any) -> None:
    small, large = _generated(85), _generated(2200)
    # roll-up 7, nodes, scales 2, departments, reports, year plans, indicators 3, effects,
    # levels, targets 1, committee opinions 1 + snapshot 6, in either edition
    for edition in Edition:
        assert _queries(small, edition) == _queries(large, edition) == 26


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
