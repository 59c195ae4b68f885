from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY

from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db

# plan_for, then node_detail: the node, its ancestors and children, its level.
# +1: the サンプル banner's flag (context processor); + the data stamp of the public cache
NODE_PAGE_QUERIES = 5 + STAMP_QUERY
# A leaf adds its history, even when empty (tests/site/public/test_public_node.py counts it
# with five years of data): published reports (year plans need none without them), published
# years, the indicator sheet, the effect years, the rating scales and the departments.
# Leaf and branch alike: +1 the item's 目標値の変更 (issue 12 #2), +1 its 個票 (issue 13). A
# leaf: +2 its 更新日 (the newest publication) and its 訂正 (issue 12 #3), +1 its published
# committee opinions (issue 14).
LEAF_PAGE_QUERIES = NODE_PAGE_QUERIES + 6 + 2 + 2 + 1
# A branch adds the level names and the years with published reports (none here: no roll-up),
# and the newest publication below it (更新日).
BRANCH_PAGE_QUERIES = NODE_PAGE_QUERIES + 2 + 2 + 1


def test_it_shows_a_node_with_its_breadcrumb(client: Client, small_plan: Plan) -> None:
    response = client.get("/plans/aomori-2024-2028/nodes/3-2-01-2-a/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>a 学校給食施設運営の合理化 | 青森市行財政改革プラン(2024-2028)" in html
    start = html.index('<nav aria-label="パンくずリスト"')
    nav = html[start : html.index("</nav>", start)]
    assert "<ol>" in nav
    crumbs = re.findall(r'<li><a href="([^"]+)"[^>]*>(.*?)</a></li>', nav)
    assert [href for href, _ in crumbs] == [
        "/plans/aomori-2024-2028/",
        "/plans/aomori-2024-2028/nodes/3/",
        "/plans/aomori-2024-2028/nodes/3-2/",
        "/plans/aomori-2024-2028/nodes/3-2-01/",
        "/plans/aomori-2024-2028/nodes/3-2-01-2/",
        "/plans/aomori-2024-2028/nodes/3-2-01-2-a/",
    ]
    assert nav.count('aria-current="page"') == 1
    assert 'href="/plans/aomori-2024-2028/nodes/3-2-01-2-a/" aria-current="page"' in nav
    assert '<h1><span class="code">a</span> 学校給食施設運営の合理化</h1>' in html
    assert "<dd>詳細</dd>" in html  # level name
    assert "<dd>3-(2)-01-②-a</dd>" in html  # the printed number, never the key
    assert "3-2-01-2-a</" not in html


def test_it_shows_description_paragraphs_and_children(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/nodes/2/").content.decode()
    assert "<p>「DX先進都市 青森市」の実現に向け、デジタル技術等を活用します。</p>" in html
    assert "<p>地域課題の解決や新たな価値を創出します。</p>" in html
    assert "下位の取組" in html
    assert 'href="/plans/aomori-2024-2028/nodes/2-1/">市民サービスのDXの推進</a>' in html
    assert 'href="/plans/aomori-2024-2028/nodes/2-2/">行政のDXの推進</a>' in html
    assert "<dd>柱</dd>" in html


def test_it_shows_no_children_section_for_a_leaf(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/nodes/2-1-01-2/").content.decode()
    assert "書かない窓口の導入" in html
    assert "下位の取組" not in html


def test_it_404s_for_an_unknown_key_or_plan(client: Client, small_plan: Plan) -> None:
    assert client.get("/plans/aomori-2024-2028/nodes/9-9/").status_code == 404
    assert client.get("/plans/no-such-plan/nodes/2/").status_code == 404


def test_it_404s_for_a_key_of_another_plan(
    client: Client, small_plan: Plan, plan_of_size: Callable[[int], Plan]
) -> None:
    other = plan_of_size(12)
    assert client.get(f"/plans/{other.slug}/nodes/3-2-01-2-a/").status_code == 404


@pytest.mark.parametrize("size", [85, 5000])
def test_it_runs_a_constant_number_of_queries(
    client: Client,
    plan_of_size: Callable[[int], Plan],
    deepest_key: Callable[[Plan], str],
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
) -> None:
    plan = plan_of_size(size)
    # the longest breadcrumb, the most children
    for key, queries in [(deepest_key(plan), LEAF_PAGE_QUERIES), ("1", BRANCH_PAGE_QUERIES)]:
        with django_assert_num_queries(queries):
            response = client.get(f"/plans/{plan.slug}/nodes/{key}/")
        assert response.status_code == 200
