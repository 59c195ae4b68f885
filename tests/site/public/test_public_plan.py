"""The plan page's progress section (進捗の概要): published numbers for the public, every
report for staff, charts with their tables, year links that htmx turns into a swap."""

from __future__ import annotations

import re
from typing import Any

from pytest_django import DjangoAssertNumQueries
from tests.support.public_cache import STAMP_QUERY
from tests.support.public_world import PLAN, publish


def section(html: str) -> str:
    start = html.index('<section id="progress"')
    return html[start : html.index("</section>", start)]


def test_it_shows_the_latest_published_year_to_the_public(published: Any, client: Any) -> None:
    html = client.get(PLAN).content.decode()
    progress = section(html)
    assert "2025年度（令和7年度）" in progress
    assert "公表済みの取組状況だけを集計しています" in progress
    assert "公表 2 件" in progress  # FY2025: 1-1, and 2 as last published (reopened since)
    # the year links: plain links that work without JavaScript, htmx swaps the section
    assert f'href="{PLAN}?fy=2024#progress"' in progress
    assert f'hx-get="{PLAN}?fy=2024"' in progress and 'hx-target="#progress"' in progress
    assert re.search(r'<a href="[^"]*fy=2025#progress"[^>]*aria-current="page"', progress)
    assert "職員として表示しています" not in progress


def test_it_shows_a_chosen_year(published: Any, client: Any) -> None:
    progress = section(client.get(f"{PLAN}?fy=2024").content.decode())
    assert "2024年度（令和6年度）" in progress
    assert "公表 2 件" in progress  # 1-1 and 2; 1-2 is a draft
    # an unknown or unpublished year falls back to the latest published one
    for asked in ("2027", "x", "2030"):
        assert "公表 2 件" in section(client.get(f"{PLAN}?fy={asked}").content.decode())


def test_it_draws_charts_with_text_alternatives(published: Any, client: Any) -> None:
    progress = section(client.get(f"{PLAN}?fy=2024").content.decode())
    charts = re.findall(
        r'<svg id="([^"]+)" class="chart__svg" role="img" aria-label="([^"]+)"', progress
    )
    ids = [chart_id for chart_id, _ in charts]
    assert ids == [
        "chart-rows-effects",
        "chart-rating-status",
        "chart-rating-achievement",
        "chart-effects-year",
        "chart-effects-cumulative",
    ]
    assert all(label for _, label in charts)
    # every chart points to its data table, and the table is there
    for table in (
        "table-rows",
        "table-rating-status",
        "table-rating-achievement",
        "table-per-year",
    ):
        assert f'href="#{table}"' in progress and f'id="{table}"' in progress
    rows = progress[progress.index('id="table-rows"') :]
    assert (
        '<a href="/plans/test-2024-2028/nodes/1/"><span class="code">1</span> DXの推進</a>' in rows
    )
    # pillar 1: 1-1 actual 1,200 of its own target 1,000 (cumulative 2024); 1-2's draft year
    # counts neither its target (3,000) nor its actual: like with like
    assert re.search(r"1,000</td><td class=\"num\">1,200</td><td class=\"num\">120.0%", rows)


def test_it_shows_staff_every_report_and_says_so(published: Any, as_user: Any) -> None:
    progress = section(as_user("dave").get(f"{PLAN}?fy=2024").content.decode())
    assert "職員として表示しています" in progress
    assert "報告 3 件" in progress  # every report of FY2024, drafts included
    html = as_user("dave").get(PLAN).content.decode()
    assert 'href="/plans/test-2024-2028/dashboard/"' in html


def test_htmx_gets_the_section_alone(published: Any, client: Any) -> None:
    response = client.get(f"{PLAN}?fy=2024", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<section id="progress"') or html.lstrip().startswith(
        '<section id="progress"'
    )
    assert "<html" not in html and "data-tree" not in html
    assert 'tabindex="-1" data-focus' in html  # focus lands on the heading after the swap
    assert "HX-Request" in response["Vary"]
    # a history restore needs the whole page
    full = client.get(
        f"{PLAN}?fy=2024", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in full.content.decode()


def test_it_says_when_nothing_is_published(world: Any, client: Any) -> None:
    progress = section(client.get(PLAN).content.decode())
    assert "まだ公表された取組状況はありません" in progress
    assert "<svg" not in progress


def test_it_reads_a_constant_number_of_queries(
    published: Any, client: Any, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # plan, levels, nodes, the サンプル flag, published years, the roll-up (seven), the plan's
    # effect targets, the year's coverage (two), effects per year, the rating scales (two),
    # the plan's versions (改定履歴), 目標値の変更, the newest publication (更新日)
    with django_assert_num_queries(21 + STAMP_QUERY):
        client.get(f"{PLAN}?fy=2024")
    publish(
        published.report("1-2", 2024), published.actor("carol")
    )  # one more published report, with effects and an indicator
    with django_assert_num_queries(21 + STAMP_QUERY):
        client.get(f"{PLAN}?fy=2024")
