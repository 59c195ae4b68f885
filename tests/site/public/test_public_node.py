"""A node's page: a tracked item's year-by-year history (year plans, results, ratings,
indicator charts, effects) and a branch's progress with the items below it."""

from __future__ import annotations

import re
from typing import Any

from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import PLAN, PUBLISHED_2024, PUBLISHED_2025, publish

from gyokaku.measures.services import effects_update
from gyokaku.tracking.services import year_plan_update

ITEM = f"{PLAN}nodes/1-1/"


def history_table(html: str) -> list[list[str]]:
    table = html[
        html.index('id="table-history"') : html.index("</table>", html.index('id="table-history"'))
    ]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_it_shows_each_published_year(published: Any, client: Any) -> None:
    html = client.get(ITEM).content.decode()
    assert "年度ごとの経過" in html
    assert history_table(html) == [
        ["2024年度（令和6年度）", "検討", "取組中", "B", "継続", "1,000", "1,200"],
        ["2025年度（令和7年度）", "実施", "完了", "A", "拡充", "2,000", "2,500"],
    ]
    # the records, newest first, each with its year plan, results and ratings
    assert html.index('id="fy-2025"') < html.index('id="fy-2024"')
    assert PUBLISHED_2024 in html and PUBLISHED_2025 in html
    assert "年度計画2024の内容" in html and "よい取組です" in html
    assert "<dd>情報政策課</dd>" in html  # 担当課
    assert "職員として表示しています" not in html and "state--" not in html


def test_it_draws_the_indicator_and_effects_with_tables(published: Any, client: Any) -> None:
    html = client.get(ITEM).content.decode()
    assert '<svg id="chart-indicator-1" class="chart__svg" role="img"' in html
    assert 'aria-label="成果指標「オンライン申請の件数」の目標と実績の折れ線グラフ"' in html
    assert 'href="#table-chart-indicator-1"' in html
    table = html[html.index('id="table-chart-indicator-1"') :]
    assert "120.0%" in table and "93.3%" in table  # 120/100 and 140/150
    assert '<svg id="chart-node-effects"' in html and 'id="table-effects"' in html


def test_it_keeps_unpublished_actuals_for_later(published: Any, client: Any) -> None:
    html = client.get(f"{PLAN}nodes/1-2/").content.decode()
    assert "この取組の取組状況はまだ公表されていません。" in html
    # the effect target is plan data and shows; the actual waits for publication
    effects = html[html.index('id="table-effects"') :]
    assert "3,000" in effects and "未公表" in effects
    indicator = html[html.index('id="table-chart-indicator-1"') :]
    assert "未公表" in indicator


def test_staff_see_drafts_with_their_state_and_links(published: Any, as_user: Any) -> None:
    html = as_user("alice").get(f"{PLAN}nodes/1-2/").content.decode()
    assert "職員として表示しています" in html
    assert '<span class="state state--draft">下書き</span>' in html
    assert 'href="/plans/test-2024-2028/nodes/1-2/progress/2024/"' in html
    assert 'href="/plans/test-2024-2028/nodes/1-2/yearplans/2024/"' in html


def test_a_branch_shows_its_progress_and_items(published: Any, client: Any) -> None:
    html = client.get(f"{PLAN}nodes/1/?fy=2024").content.decode()
    assert '<section id="progress"' in html and "公表 1 件" in html  # 1-1 (1-2 is a draft)
    leaves = html[html.index('id="table-leaves"') :]
    assert 'href="/plans/test-2024-2028/nodes/1-1/"' in leaves
    assert 'href="/plans/test-2024-2028/nodes/1-2/"' in leaves
    assert "公表済" in leaves and "未公表" in leaves
    assert "年度ごとの経過" not in html


def test_it_404s_for_an_unknown_key(published: Any, client: Any) -> None:
    assert client.get(f"{PLAN}nodes/9/").status_code == 404


def test_the_history_reads_a_constant_number_of_queries(
    published: Any, client: Any, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # plan; node, its relatives, its level; the サンプル flag; published reports and their
    # year plans; published years; the indicator sheet, its indicators, targets and actuals;
    # effect years and effects; rating scales (two); departments; 目標値の変更 (issue 12 #2);
    # the 個票 (issue 13); the published committee opinions (issue 14)
    queries = 20
    with django_assert_num_queries(queries + STAMP_QUERY):
        client.get(ITEM)
    carol = published.actor("carol")
    node = published.node("1-1")
    for fy in (2026, 2027, 2028):  # three more years of plans and effect targets
        year_plan_update(
            node=node, fiscal_year=fy, actor=carol, data={"stage": "expand"}, expected_version=0
        )
        effects_update(
            node=node,
            fiscal_year=fy,
            actor=carol,
            effects=[{"kind": "other", "target_yen": 1_000, "actual_yen": None, "note": ""}],
            expected_version=0,
        )
    with django_assert_num_queries(queries + STAMP_QUERY):
        html = client.get(ITEM).content.decode()
    assert "2028年度（令和10年度）" in html


def test_a_branch_reads_a_constant_number_of_queries(
    published: Any, client: Any, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # the node page's 5, level names, published years, the roll-up (seven), the year's
    # coverage (two), effects per year, rating scales (two), the items below it, 目標値の変更, 個票,
    # the newest publication below it (更新日, issue 12 #3)
    with django_assert_num_queries(24 + STAMP_QUERY):
        client.get(f"{PLAN}nodes/1/")
    publish(published.report("1-2", 2024), published.actor("carol"))
    with django_assert_num_queries(24 + STAMP_QUERY):
        client.get(f"{PLAN}nodes/1/?fy=2024")
