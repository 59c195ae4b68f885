"""マイページ: an editor's items per open round; a summary for the other roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.support.pages import report_url

from gyokaku.lib.wareki import wareki_date
from gyokaku.plans.models import Node
from gyokaku.tracking.models import ProgressReport
from gyokaku.tracking.services import round_close, round_open

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def test_it_lists_an_editors_own_items_with_state_and_deadline(
    world: Any, as_user: Clients
) -> None:
    deadline = dt.date.today() + dt.timedelta(days=10)
    round_open(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"), deadline=deadline)
    html = as_user("alice").get("/my/").content.decode()
    assert "2024年度（令和6年度） 進捗調査" in html
    assert "書かない窓口の導入" in html and "電子契約の導入" in html
    assert "市民の声を市政に反映" not in html  # bob's department
    assert f'href="{report_url("1-1")}"' in html
    assert "下書き" in html and "入力する" in html
    assert f'<time datetime="{deadline.isoformat()}">' in html and "あと10日" in html
    assert wareki_date(deadline) in html  # 令和…年…月…日 where people read it


def test_it_shows_overdue_rounds(world: Any, as_user: Clients) -> None:
    deadline = dt.date.today() - dt.timedelta(days=3)
    round_open(plan=world.plan, fiscal_year=2024, actor=world.actor("carol"), deadline=deadline)
    assert "3日超過" in as_user("alice").get("/my/").content.decode()


def test_a_closed_round_is_never_overdue(world: Any, as_user: Clients) -> None:
    deadline = dt.date.today() - dt.timedelta(days=3)
    round_ = round_open(
        plan=world.plan, fiscal_year=2024, actor=world.actor("carol"), deadline=deadline
    )
    round_close(round_=round_, actor=world.actor("carol"))
    html = as_user("carol").get("/plans/test-2024-2028/rounds/").content.decode()
    assert wareki_date(deadline) in html
    assert "超過" not in html and "あと" not in html


def test_it_gives_the_plan_office_a_summary_and_links(world: Any, as_user: Clients) -> None:
    html = as_user("carol").get("/my/").content.decode()
    assert "全体の状況" in html and "確認待ちの一覧" in html
    assert 'href="/plans/test-2024-2028/rounds/"' in html
    assert "書かない窓口の導入" not in html


def test_it_shows_a_viewer_the_summary_only(world: Any, as_user: Clients) -> None:
    html = as_user("dave").get("/my/").content.decode()
    assert "全体の状況" in html and "確認待ちの一覧" not in html


def test_it_shows_only_the_own_municipality(world: Any, as_user: Clients) -> None:
    html = as_user("mallory").get("/my/").content.decode()
    assert "2025年度（令和7年度）" in html and "テスト行財政改革プラン" in html
    assert "2024年度（令和6年度） 進捗調査" not in html


def test_it_says_when_no_round_is_open(world: Any, as_user: Clients) -> None:
    round_close(round_=world.round, actor=world.actor("carol"))
    assert "受付中の進捗調査はありません" in as_user("alice").get("/my/").content.decode()


def test_it_sends_the_anonymous_to_the_login_page(world: Any, as_user: Clients) -> None:
    response = as_user(None).get("/my/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/my/"


def _more_items(world: Any, n: int) -> None:
    """Add ``n`` tracked nodes of alice's department, each with a FY2024 report."""
    parent = world.node("1")
    nodes = Node.objects.bulk_create(
        Node(
            plan=world.plan,
            parent=parent,
            depth=2,
            key=f"1-{i}",
            code=str(i),
            title=f"追加{i}",
            order=i,
            position=100 + i,
        )
        for i in range(10, 10 + n)
    )
    nodes = list(Node.objects.filter(plan=world.plan, key__in=[x.key for x in nodes]))
    for node in nodes:
        node.departments.add(world.dx)
    ProgressReport.objects.bulk_create(
        ProgressReport(node=node, round=world.round, fiscal_year=2024) for node in nodes
    )


def _queries(client: Any, url: str) -> int:
    client.get(url)  # the first request after login writes the session's time stamps
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("user", ["alice", "carol"])
def test_it_reads_in_a_constant_number_of_queries(world: Any, as_user: Clients, user: str) -> None:
    client = as_user(user)
    few = _queries(client, "/my/")
    _more_items(world, 30)
    many = _queries(client, "/my/")
    assert few == many
    assert "追加39" in client.get("/my/").content.decode() or user == "carol"


def test_it_speaks_english_when_asked(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    client.cookies["django_language"] = "en"
    html = client.get("/my/").content.decode()
    assert '<html lang="en">' in html and "My page" in html and "Overall status" in html
