"""The department view (/my/dashboard/): an editor's own items only, summed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.support.chain import add_chain

from gyokaku.accounts.services import bureau_upsert

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]
URL = "/my/dashboard/"


def test_it_sums_the_departments_items_only(measured: Any, as_user: Clients) -> None:
    response = as_user("alice").get(URL + "?fy=2024")
    html = response.content.decode()
    assert response.status_code == 200
    assert "所管課のダッシュボード" in html
    assert "書かない窓口の導入" in html and "電子契約の導入" in html
    assert "市民の声を市政に反映" not in html  # bob's item
    footer = html[html.index('<table id="table-effects"') :].split("<tfoot>")[1]
    assert ">13,346</td>" in footer  # 1-1 and 1-2 only; 2's 2,000 千円 is not in it
    assert 'href="/plans/test-2024-2028/nodes/1-1/progress/2024/"' in html


def test_it_gives_each_editor_their_own(measured: Any, as_user: Clients) -> None:
    html = as_user("bob").get(URL + "?fy=2024").content.decode()
    assert "市民の声を市政に反映" in html and "書かない窓口の導入" not in html
    footer = html[html.index('<table id="table-effects"') :].split("<tfoot>")[1]
    assert ">2,000</td>" in footer


def test_a_chief_sees_the_sections_items(measured: Any, as_user: Clients) -> None:
    add_chain(measured, steps=False)
    html = as_user("kacho-shimin").get(URL + "?fy=2024").content.decode()
    assert "所管課のダッシュボード" in html
    assert "市民の声を市政に反映" in html and "書かない窓口の導入" not in html
    plan_wide = as_user("kacho-dx").get("/plans/test-2024-2028/dashboard/")
    assert plan_wide.status_code == 302 and plan_wide["Location"].startswith(URL)


def test_a_director_sees_the_whole_bureau(measured: Any, as_user: Clients) -> None:
    add_chain(measured, steps=False)  # 総務部: 情報政策課; 市民生活部: 市民課
    other = as_user("bucho-shimin").get(URL + "?fy=2024").content.decode()
    assert "部のダッシュボード" in other
    assert "書かない窓口の導入" not in other and "市民の声を市政に反映" in other
    bureau_upsert(  # 市民課 joins 総務部
        municipality=measured.plan.municipality,
        code="somu",
        name="総務部",
        department_codes=["shimin"],
        actor_label="test",
    )
    html = as_user("bucho-somu").get(URL + "?fy=2024").content.decode()
    assert "部のダッシュボード" in html
    assert "書かない窓口の導入" in html and "市民の声を市政に反映" in html
    footer = html[html.index('<table id="table-effects"') :].split("<tfoot>")[1]
    assert ">15,346</td>" in footer  # 1-1, 1-2 and 2


def test_it_draws_the_charts_with_their_tables(measured: Any, as_user: Clients) -> None:
    html = as_user("alice").get(URL + "?fy=2025").content.decode()
    for chart, table in [
        ("chart-rating-status", "table-rating-status"),
        ("chart-effects-year", "table-per-year"),
        ("chart-effects-cumulative", "table-cumulative"),
    ]:
        assert f'<svg id="{chart}"' in html and f'<table id="{table}"' in html


@pytest.mark.parametrize(
    ("name", "location"),
    [
        ("carol", "/plans/test-2024-2028/dashboard/"),
        ("dave", "/plans/test-2024-2028/dashboard/"),
        ("erin", "/plans/test-2024-2028/dashboard/"),
        ("mallory", "/plans/sapporo-2025-2029/dashboard/"),
    ],
)
def test_it_sends_the_plan_office_and_viewers_to_the_plan(
    world: Any, as_user: Clients, name: str, location: str
) -> None:
    response = as_user(name).get(URL)
    assert response.status_code == 302
    assert response["Location"] == location


def test_it_sends_the_anonymous_to_the_login_page(world: Any, as_user: Clients) -> None:
    response = as_user(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/my/dashboard/")


def test_it_links_the_header_to_the_dashboard(world: Any, as_user: Clients) -> None:
    html = as_user("dave").get("/my/").content.decode()
    assert 'class="header-link" href="/my/dashboard/"' in html
    assert "header-link" not in as_user(None).get("/").content.decode()
