"""The landing page (/): the plans with a short progress summary each, from published data."""

from __future__ import annotations

import copy
from typing import Any

from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import publish, write
from tests.support.world import TEST_PLAN

from gyokaku.plans.models import Plan
from gyokaku.plans.planfile import validate_plan_data
from gyokaku.site.services import plan_import
from gyokaku.tracking.services import round_open


def test_it_summarises_each_plan_from_published_reports(published: Any, client: Any) -> None:
    html = client.get("/").content.decode()
    assert "2025年度までの進み具合（公表済み）" in html
    # FY2025: 1-1 is published; 2 was reopened and reworked, but stays as last published
    # (issue 12 #3); 3 tracked nodes in all
    assert "2025年度 3 件中 2 件" in html
    assert "順調の割合（実施状況）" in html and "100.0%" in html  # 1-1 and 2: 完了 (on track)
    # cumulative: 1-1's actuals of 2024 and 2025 (1,200 + 2,500 千円) against its targets
    # (1,000 + 2,000); 1-2's draft year counts neither its actual nor its target (like with like)
    assert "実績 3,700 千円（公表済みの取組の目標 3,000 千円）" in html
    assert 'href="/plans/test-2024-2028/changes/"' in html


def test_it_says_when_nothing_is_published(world: Any, client: Any) -> None:
    html = client.get("/").content.decode()
    assert html.count("まだ公表された取組状況はありません。") == 2  # Aomori and Sapporo
    assert "前年度からの変化" not in html


def test_it_offers_staff_their_work(published: Any, as_user: Any) -> None:
    html = as_user("carol").get("/").content.decode()
    assert "職員のメニュー" in html
    assert 'href="/my/"' in html and 'href="/review/"' in html
    editor = as_user("alice").get("/").content.decode()
    assert 'href="/my/"' in editor and 'href="/review/"' not in editor
    assert "職員のメニュー" not in as_user(None).get("/").content.decode()


def test_it_reads_a_constant_number_of_queries(
    published: Any, client: Any, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # plans, published reports per plan and year, tracked nodes, rating values, the ratings of
    # the latest published year, effects per plan and year, the newest publication (更新日),
    # the サンプル flag
    with django_assert_num_queries(8 + STAMP_QUERY):
        client.get("/")
    for n in range(3):  # three more plans, each with a published report
        data = copy.deepcopy(TEST_PLAN)
        data.update(slug=f"more-{n}", title=f"別の計画{n}")
        plan_import(plan_file=validate_plan_data(data), actor_label="test")
        plan = Plan.objects.get(slug=f"more-{n}")
        carol = published.actor("carol")
        round_open(plan=plan, fiscal_year=2024, actor=carol)
        report = published.report("1-1", 2024, plan=plan)
        write(report, carol, ratings={"status": "done"})
        publish(report, carol)
    with django_assert_num_queries(8 + STAMP_QUERY):
        html = client.get("/").content.decode()
    assert html.count("2024年度 3 件中 1 件") == 3
