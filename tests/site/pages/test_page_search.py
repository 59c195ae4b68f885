from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY

from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db

URL = "/plans/aomori-2024-2028/search/"
# plan_for, node_search, the hits' ancestors, the levels.
# +1: the サンプル banner's flag (context processor); + the data stamp of the public cache
SEARCH_QUERIES = 5 + STAMP_QUERY


def test_it_finds_a_node_by_a_word_of_its_title(client: Client, small_plan: Plan) -> None:
    response = client.get(URL, {"q": "窓口"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/plans/aomori-2024-2028/nodes/2-1-01-2/">書かない窓口の導入</a>' in html
    assert "「窓口」に一致する取組が1件あります。" in html
    assert "<title>「窓口」の検索結果 | 青森市行財政改革プラン(2024-2028)" in html
    assert 'value="窓口"' in html


def test_it_shows_the_breadcrumb_path_of_each_hit(client: Client, small_plan: Plan) -> None:
    html = client.get(URL, {"q": "窓口"}).content.decode()
    path = html[html.index('class="hit__path"') : html.index("</p>", html.index("hit__path"))]
    assert path.index(" DXの推進</a>") < path.index(" 市民サービスのDXの推進</a>")
    assert 'href="/plans/aomori-2024-2028/nodes/2-1-01/"' in path


def test_it_folds_full_width_letters(client: Client, small_plan: Plan) -> None:
    html = client.get(URL, {"q": "ＤＸ"}).content.decode()
    for title in ["DXの推進", "市民サービスのDXの推進", "行政のDXの推進"]:
        assert f">{title}</a>" in html
    assert "書かない窓口の導入" not in html


def test_it_searches_descriptions(client: Client, small_plan: Plan) -> None:
    html = client.get(URL, {"q": "地域課題"}).content.decode()
    assert 'href="/plans/aomori-2024-2028/nodes/2/">DXの推進</a>' in html


def test_it_needs_every_word(client: Client, small_plan: Plan) -> None:
    html = client.get(URL, {"q": "DX 行政"}).content.decode()
    assert ">行政のDXの推進</a>" in html
    assert ">市民サービスのDXの推進</a>" not in html


def test_it_shows_the_empty_state(client: Client, small_plan: Plan) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "検索する語を入力してください。" in html
    assert 'class="hits"' not in html


def test_it_shows_the_no_result_state(client: Client, small_plan: Plan) -> None:
    html = client.get(URL, {"q": "存在しない語"}).content.decode()
    assert "「存在しない語」に一致する取組は見つかりませんでした。" in html


def test_it_escapes_the_query(client: Client, small_plan: Plan) -> None:
    html = client.get(URL, {"q": "<script>"}).content.decode()
    assert "<script>" not in html.split("</head>", 1)[1].replace('<script src="', "")
    assert "&lt;script&gt;" in html


def test_it_answers_htmx_with_the_results_alone(client: Client, small_plan: Plan) -> None:
    response = client.get(URL, {"q": "窓口"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert ">書かない窓口の導入</a>" in html
    assert 'id="search-status" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]


def test_it_answers_an_htmx_history_restore_with_the_whole_page(
    client: Client, small_plan: Plan
) -> None:
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get(URL, {"q": "窓口"}, headers=headers).content.decode()
    assert "<html" in html


def test_it_404s_for_an_unknown_plan(client: Client) -> None:
    assert client.get("/plans/no-such-plan/search/", {"q": "窓口"}).status_code == 404


@pytest.mark.parametrize("size", [85, 5000])
def test_it_runs_a_constant_number_of_queries(
    client: Client,
    plan_of_size: Callable[[int], Plan],
    django_assert_num_queries: DjangoAssertNumQueries,
    size: int,
) -> None:
    plan = plan_of_size(size)
    # 「取組」 is in every synthetic title: the page shows the first 200 hits, deep ones too.
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(f"/plans/{plan.slug}/search/", {"q": "取組"})
    assert response.status_code == 200
    assert response.content.decode().count('class="hit"') == min(size, 200)
    with django_assert_num_queries(
        3 + STAMP_QUERY
    ):  # no hit: no ancestors or levels; +1 banner flag
        client.get(f"/plans/{plan.slug}/search/", {"q": "該当なし"})
