from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY

from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_it_lists_plans_with_municipality_and_period(client: Client, small_plan: Plan) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "<title>計画一覧 | gyokaku 行革</title>" in html
    assert 'href="/plans/aomori-2024-2028/"' in html
    assert "青森市行財政改革プラン(2024-2028)" in html
    assert "青森市" in html
    assert "2024年度（令和6年度）〜2028年度（令和10年度）" in html


def test_it_tells_how_to_import_when_there_is_no_plan(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "計画はまだ登録されていません" in html
    assert "gyokaku plan import FILE" in html


def test_it_has_the_page_landmarks(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">本文へ移動</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert html.count("<h1") == 1
    # the language switch is a link: an anonymous page carries no CSRF token (nor its cookie)
    assert 'href="/language/?lang=en&amp;next=/"' in html and "csrfmiddlewaretoken" not in html


def test_it_runs_a_constant_number_of_queries(
    client: Client,
    plan_of_size: Callable[[int], Plan],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    # plans, published reports per plan and year, tracked nodes per plan, effects per plan and
    # year, the newest publication (更新日), and the サンプル banner flag (with published
    # reports: +2, tests/site/public)
    plan_of_size(3)
    with django_assert_num_queries(6 + STAMP_QUERY):
        client.get("/")
    for n in range(4, 8):
        plan_of_size(n)
    cache.clear()  # built without the audited import, so the data stamp has not moved
    with django_assert_num_queries(6 + STAMP_QUERY):
        client.get("/")
