"""The pages on the real Aomori plan, as bundled with gyokaku."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

import gyokaku
from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db

AOMORI_FILE = Path(gyokaku.__file__).parent / "plans" / "data" / "aomori-2024-2028.json"
PLAN = "/plans/aomori-2024-2028/"


@pytest.fixture
def aomori(db: None) -> Plan:
    if not AOMORI_FILE.exists():
        pytest.skip(f"{AOMORI_FILE.name} is not bundled yet")
    from gyokaku.demo.seed import load_aomori

    return load_aomori()


def test_it_shows_the_whole_plan(client: Client, aomori: Plan) -> None:
    html = client.get(PLAN).content.decode()
    assert "2024年度（令和6年度）〜2028年度（令和10年度）" in html
    assert "青森市総合計画 前期基本計画" in html
    tree = html[html.index("data-tree>") :]
    assert tree.count("<li>") == 85
    for name, count in [("柱", 5), ("大分類", 10), ("中分類", 17), ("項目", 43), ("詳細", 10)]:
        assert f'<th scope="row">{name}</th>' in html
        assert f"{name}</th><td>" in html and f'<td class="num">{count}</td>' in html


def test_it_finds_the_counter_that_needs_no_writing(client: Client, aomori: Plan) -> None:
    html = client.get(PLAN + "search/", {"q": "窓口"}).content.decode()
    assert f'href="{PLAN}nodes/2-1-01-2/">書かない窓口の導入</a>' in html
    assert "DXの推進</a>" in html  # in the hit's path


def test_it_shows_the_breadcrumb_of_a_detail(client: Client, aomori: Plan) -> None:
    html = client.get(PLAN + "nodes/3-2-01-2-a/").content.decode()
    start = html.index('aria-label="パンくずリスト"')
    nav = html[start : html.index("</nav>", start)]
    for title in [
        "効果的・効率的な行政運営",
        "先進的・民間の手法の活用",
        "アウトソーシングの推進",
        "学校給食施設運営の合理化",
    ]:
        assert title in nav
    assert nav.index("効果的・効率的な行政運営") < nav.index("アウトソーシングの推進")
