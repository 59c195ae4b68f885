from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY

from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db

# plan_for, plan_levels, the nodes: whatever the size of the tree; +1 the years with published
# reports (none here, so no roll-up: tests/site/public/test_public_plan.py counts one).
# +1: the サンプル banner's flag (context processor); + the data stamp of the public cache
# +1: the plan's versions (改定履歴)
# +1 the plan's 目標値の変更 (issue 12 #2)
# +1 the newest publication (更新日, issue 12 #3)
PLAN_PAGE_QUERIES = 8 + STAMP_QUERY


def test_it_shows_the_plan(client: Client, small_plan: Plan) -> None:
    response = client.get("/plans/aomori-2024-2028/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>青森市行財政改革プラン(2024-2028) | gyokaku 行革</title>" in html
    assert html.count("<h1") == 1
    assert "<h1>青森市行財政改革プラン(2024-2028)</h1>" in html
    assert "<dd>青森市</dd>" in html
    assert "<dd>2024年度（令和6年度）〜2028年度（令和10年度）</dd>" in html
    assert "上位計画" in html and "青森市総合計画 前期基本計画" in html
    assert "次の5つの柱により" in html  # lead
    assert "策定の趣旨・背景" in html
    # background paragraphs split on the blank line
    assert "進めてきました。</p>" in html and "<p>一方、急速に進む" in html


def test_it_shows_the_legend_with_counts_per_level(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/").content.decode()
    legend = html[html.index('id="legend-heading"') : html.index("</table>")]
    assert "凡例" in legend
    rows = re.findall(
        r'<tr><td class="code">(.*?)</td><th scope="row">(.*?)</th><td>(.*?)</td>'
        r'<td class="num">(\d+)</td></tr>',
        legend,
    )
    assert rows == [
        ("1", "柱", "プランの目標となる柱、基本方向", "2"),
        ("(1)", "大分類", "基本となる取組方策", "3"),
        ("01", "中分類", "詳細な取組方策", "3"),
        ("①", "項目", "具体的な取組項目", "4"),
        ("a", "詳細", "取組項目の詳細", "2"),
    ]
    assert '<td class="num">14</td>' in legend


def test_it_renders_the_whole_tree_as_nested_details(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/").content.decode()
    tree = html[html.index("data-tree>") : html.index("</section>", html.index("data-tree>"))]
    # 9 nodes with children become <details>, 5 leaves do not; every tag is closed.
    assert tree.count("<details") == 9 == tree.count("</details>")
    assert tree.count("<li>") == 14 == tree.count("</li>")
    assert tree.count("<ul") == tree.count("</ul>") - 1  # the outer <ul> opens before the slice
    assert (
        '<span class="code">②</span> <a href="/plans/aomori-2024-2028/nodes/2-1-01-2/">'
        '書かない窓口の導入</a> <span class="level">項目</span>'
    ) in tree
    assert 'href="/plans/aomori-2024-2028/nodes/3-2-01-2-a/">学校給食施設運営の合理化' in tree
    # the nesting follows the tree: 詳細 a sits inside 項目 ② which sits inside 3
    assert tree.index(">効果的・効率的な行政運営<") < tree.index(">アウトソーシングの推進<")
    assert tree.index(">アウトソーシングの推進<") < tree.index(">学校給食施設運営の合理化<")


def test_it_opens_a_small_tree_and_only_the_first_level_of_a_big_one(
    client: Client, plan_of_size: Callable[[int], Plan]
) -> None:
    small = client.get(f"/plans/{plan_of_size(85).slug}/").content.decode()
    assert small.count("<details open>") == small.count("<details")
    big = client.get(f"/plans/{plan_of_size(1000).slug}/").content.decode()
    assert big.count("<details open>") == 5  # the five 柱


def test_it_has_the_search_form_in_the_header(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert 'role="search" action="/plans/aomori-2024-2028/search/" method="get"' in header
    assert 'name="q"' in header


def test_it_offers_expand_and_collapse_buttons(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/").content.decode()
    assert "すべて開く" in html and "すべて閉じる" in html


def test_it_404s_for_an_unknown_plan(client: Client, small_plan: Plan) -> None:
    assert client.get("/plans/no-such-plan/").status_code == 404


def test_it_escapes_titles(client: Client, plan_factory: Callable[..., Plan]) -> None:
    plan_factory(
        slug="xss", title="<b>計画</b>", nodes=[{"code": "1", "title": "<script>x</script>"}]
    )
    html = client.get("/plans/xss/").content.decode()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "&lt;b&gt;計画&lt;/b&gt;" in html


@pytest.mark.parametrize("size", [85, 5000])
def test_it_runs_a_constant_number_of_queries(
    client: Client,
    plan_of_size: Callable[[int], Plan],
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
) -> None:
    plan = plan_of_size(size)
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        response = client.get(f"/plans/{plan.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html[html.index("data-tree>") :].count("<li>") == size
