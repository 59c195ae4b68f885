"""The plan dashboard: numbers from plan_rollup, access per role, charts with their tables."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from tests.support.pages import DASHBOARD, OTHER_PLAN

from gyokaku.measures.rollup import plan_rollup

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def test_it_shows_the_pillars_and_the_total_in_thousand_yen(
    measured: Any, as_user: Clients
) -> None:
    response = as_user("carol").get(DASHBOARD + "?fy=2024")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2024年度（令和6年度）" in html
    assert "1 DXの推進" in html and "2 市民の声を市政に反映" in html
    # 1-1: 12,345,678 + 1,000,000 target; 13,000,000 − 5,000 actual; 2: 2,000,000 target
    assert ">13,346</td>" in html  # pillar 1 target in 千円
    assert ">12,995</td>" in html  # pillar 1 actual
    assert ">15,346</td>" in html  # the plan's target
    assert ">△5</td>" in html  # revenue actual of −5,000 yen, in 千円 with △


def test_it_shows_millions_when_asked(measured: Any, as_user: Clients) -> None:
    html = as_user("carol").get(DASHBOARD + "?fy=2024&unit=million").content.decode()
    assert ">15</td>" in html  # 15,345,678 yen → 15 百万円
    assert "百万円" in html


def test_it_agrees_with_plan_rollup(measured: Any, as_user: Clients) -> None:
    rollup = plan_rollup(plan=measured.plan, fiscal_year=2025, published_only=False)
    html = as_user("dave").get(DASHBOARD + "?fy=2025&unit=thousand").content.decode()
    table = _table(html, "table-effects")
    total = rollup.total
    expected = [
        f"{total.single_year.total.target_yen / 1000:,.0f}",
        f"{total.cumulative.total.target_yen / 1000:,.0f}",
        f"{total.cumulative.total.actual_yen / 1000:,.0f}",
    ]
    footer = table.split("<tfoot>")[1]
    for number in expected:
        assert f">{number}</td>" in footer
    ratings = _table(html, "table-rating-status").split("<tfoot>")[1]
    assert f'<td class="num">{total.tracked}</td>' in ratings
    indicators = _table(html, "table-indicators").split("<tfoot>")[1]
    assert f'<td class="num">{total.indicators["not_measured"]}</td>' in indicators


def test_it_agrees_with_the_rollup_api(measured: Any, as_user: Clients) -> None:
    client = as_user("carol")
    response = client.get("/api/v1/plans/test-2024-2028/rollup?fy=2025")
    assert response.status_code == 200
    api = response.json()
    html = client.get(DASHBOARD + "?fy=2025").content.decode()
    table = _table(html, "table-effects")
    rows = table.split("<tbody>")[1].split("<tfoot>")
    lines = {"1": rows[0].split("</tr>")[0], "2": rows[0].split("</tr>")[1], "plan": rows[1]}
    for key, line in lines.items():
        entry = api["plan"] if key == "plan" else api["nodes"][key]
        cells = re.findall(r'<td class="num">([^<]*)</td>', line)
        expected = [
            _thousand(entry["effects"][span][money])
            for span in ("single_year", "cumulative")
            for money in ("target_yen", "actual_yen")
        ]
        assert [cells[0], cells[1], cells[3], cells[4]] == expected, key


def test_it_links_each_pillar_to_its_drill_down(measured: Any, as_user: Clients) -> None:
    html = as_user("carol").get(DASHBOARD + "?fy=2024").content.decode()
    assert 'href="/plans/test-2024-2028/dashboard/nodes/1/?fy=2024&amp;unit=thousand"' in html


def test_it_draws_every_chart_with_a_data_table(measured: Any, as_user: Clients) -> None:
    html = as_user("carol").get(DASHBOARD + "?fy=2024").content.decode()
    charts = re.findall(r'<svg id="([^"]+)" class="chart__svg" role="img" aria-label="[^"]+"', html)
    assert charts == [
        "chart-rating-status",
        "chart-rating-achievement",
        "chart-effects-year",
        "chart-effects-cumulative",
    ]
    for chart, table in zip(
        charts,
        ["table-rating-status", "table-rating-achievement", "table-per-year", "table-cumulative"],
        strict=True,
    ):
        after = html[html.index(f'<svg id="{chart}"') :]
        assert f'href="#{table}"' in after[: after.index("</figure>") + 10]
        assert f'<table id="{table}"' in after
    assert "<text" in html and "font-family" not in html  # text in the page's own font
    assert len(re.findall(r'id="chart-rating-status-patch_1"', html)) == 1  # ids kept unique


def test_it_uses_the_default_year_and_ignores_a_year_outside_the_plan(
    measured: Any, as_user: Clients
) -> None:
    client = as_user("carol")
    assert "2024年度（令和6年度）" in client.get(DASHBOARD).content.decode()
    response = client.get(DASHBOARD + "?fy=2031&unit=yen")
    assert response.status_code == 200
    assert '<option value="2024" selected>' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "status"),
    [("carol", 200), ("dave", 200), ("erin", 200), ("alice", 302), ("mallory", 404)],
)
def test_it_lets_the_plan_office_and_viewers_in(
    measured: Any, as_user: Clients, name: str, status: int
) -> None:
    response = as_user(name).get(DASHBOARD + "?fy=2024")
    assert response.status_code == status
    if name == "alice":  # editors read their departments' view
        assert response["Location"].startswith("/my/dashboard/?")
        assert "plan=test-2024-2028" in response["Location"]


def test_it_sends_the_anonymous_to_the_login_page(world: Any, as_user: Clients) -> None:
    response = as_user(None).get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_it_hides_another_municipalitys_plan(world: Any, as_user: Clients) -> None:
    assert as_user("carol").get(f"{OTHER_PLAN}/dashboard/").status_code == 404
    assert as_user("carol").get("/plans/nope/dashboard/").status_code == 404


def _table(html: str, table_id: str) -> str:
    start = html.index(f'<table id="{table_id}"')
    return html[start : html.index("</table>", start)]


def _thousand(yen: int) -> str:
    from gyokaku.lib.amounts import format_amount

    return format_amount(yen, "thousand")
