"""/plans/{slug}/changes/: what changed between two fiscal years, published data only."""

from __future__ import annotations

from typing import Any

from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import PLAN, publish, write

from gyokaku.tracking.services import round_open

CHANGES = f"{PLAN}changes/"


def items(html: str) -> str:
    return html[
        html.index('<ol class="change-list"') : html.index(
            "</ol>", html.index('<ol class="change-list"')
        )
    ]


def test_it_compares_the_last_two_published_years(published: Any, client: Any) -> None:
    html = client.get(CHANGES).content.decode()
    assert "2024年度（令和6年度）から2025年度（令和7年度）への変化" in html
    listed = items(html)
    # 1-1 changed its ratings, direction, stage and effects; 2's FY2025 is reopened and
    # reworked, but read as last published (完了): a change too (issue 12 #3)
    assert 'href="/plans/test-2024-2028/nodes/1-1/"' in listed
    assert 'href="/plans/test-2024-2028/nodes/2/"' in listed and "nodes/1-2/" not in listed
    for before, after in (("取組中", "完了"), ("B", "A"), ("継続", "拡充"), ("検討", "実施")):
        assert f'{before}<span aria-hidden="true"> → </span>' in listed
        assert f'<span class="visually-hidden">から</span>{after}' in listed
    assert "目標 1,000・実績 1,200" in listed and "目標 2,000・実績 2,500" in listed
    assert "（実績の差 1,300）" in listed
    assert "まだ公表されていない取組" not in html  # every item published in 2024 is in 2025


def test_it_lists_newly_published_items(published: Any, client: Any) -> None:
    carol = published.actor("carol")
    report = published.report("1-2", 2025)
    write(report, carol, ratings={"status": "in_progress"})
    publish(report, carol)
    listed = items(client.get(f"{CHANGES}?from=2024&to=2025").content.decode())
    assert 'href="/plans/test-2024-2028/nodes/1-2/"' in listed
    assert "新たに公表（2024年度の取組状況は公表されていません）" in listed
    # the FY2024 draft is not public: its values show as "—"
    assert (
        '—<span aria-hidden="true"> → </span><span class="visually-hidden">から</span>取組中'
        in listed
    )


def test_it_offers_plain_links_and_a_form_that_htmx_enhances(published: Any, client: Any) -> None:
    html = client.get(CHANGES).content.decode()
    assert f'href="{CHANGES}?from=2024&amp;to=2025" aria-current="page"' in html
    assert f'<form class="filters changes-form" method="get" action="{CHANGES}"' in html
    assert 'hx-target="#changes-results"' in html
    assert '<option value="2024" selected>' in html and '<option value="2025" selected>' in html
    part = client.get(f"{CHANGES}?from=2024&to=2025", headers={"HX-Request": "true"})
    assert "<html" not in part.content.decode() and "change-list" in part.content.decode()


def test_it_names_the_field_of_bad_years(published: Any, client: Any) -> None:
    response = client.get(f"{CHANGES}?from=2025&to=2024")
    assert response.status_code == 422
    html = response.content.decode()
    assert "比較する年度（後）は比較する年度（前）より後の年度を選んでください" in html
    assert 'aria-invalid="true" aria-describedby="changes-to-error"' in html
    assert "change-list" not in html
    response = client.get(f"{CHANGES}?from=abc&to=2031")
    html = response.content.decode()
    assert "比較する年度（前）: 「abc」は年度（例: 2024）ではありません" in html
    assert "比較する年度（後）: 2031年度は計画期間（2024〜2028年度）外です" in html


def test_it_falls_back_to_the_year_before_a_single_published_year(world: Any, client: Any) -> None:
    carol = world.actor("carol")
    round_open(plan=world.plan, fiscal_year=2025, actor=carol)
    report = world.report("1-1", 2025)
    write(report, carol, ratings={"status": "done"})
    publish(report, carol)  # FY2025 alone is published
    html = client.get(CHANGES).content.decode()
    assert "2024年度（令和6年度）から2025年度（令和7年度）への変化" in html
    assert "新たに公表" in items(html)


def test_it_says_when_there_is_nothing_to_compare(world: Any, client: Any) -> None:
    html = client.get(CHANGES).content.decode()
    assert "比べられる公表済みの年度がまだありません" in html


def test_staff_see_the_same_published_comparison(published: Any, as_user: Any) -> None:
    html = as_user("carol").get(CHANGES).content.decode()
    listed = items(html)
    assert "nodes/1-2/" not in listed  # the FY2024 draft is not compared, even for staff
    assert "nodes/2/" in listed and "ZZREOPENED" not in html  # as published, not the rework


def test_it_reads_a_constant_number_of_queries(
    published: Any, client: Any, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # plan, published years, the サンプル flag, scales (two), published reports (with their
    # publications: the year plans as published come with them), effects, pillars
    with django_assert_num_queries(8 + STAMP_QUERY):
        client.get(CHANGES)
    carol = published.actor("carol")
    for key in ("1-2", "2"):  # a new item, and the reopened one published again
        publish(published.report(key, 2025), carol)
    with django_assert_num_queries(8 + STAMP_QUERY):
        html = client.get(CHANGES).content.decode()
    # 1-1, and 1-2 newly published; 2 published again with its rework (取組中, as in 2024):
    # no longer a change
    assert items(html).count('<li class="change">') == 2
