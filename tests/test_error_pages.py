"""Error pages with DEBUG off are ours, Japanese first, not Django's English defaults
(issue 18 #10). pytest-django runs with DEBUG off, as production does."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views.defaults import server_error


@pytest.fixture(autouse=True)
def _debug_off() -> None:
    assert not settings.DEBUG


def test_it_answers_404_in_japanese(db: None) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "ページが見つかりません" in text and "トップページへ" in text
    assert "Not Found" not in text
    assert '<html lang="ja">' in text


def test_it_answers_404_in_english_to_an_english_reader(db: None) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_it_answers_400_in_japanese(db: None) -> None:
    response = Client(HTTP_HOST="evil.example").get("/")  # not in ALLOWED_HOSTS
    assert response.status_code == 400
    text = response.content.decode()
    assert "リクエストを処理できません" in text and "Bad Request" not in text


def test_it_answers_a_csrf_failure_in_japanese(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["carol"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "フォームの有効期限が切れました" in text and "CSRF verification failed" not in text


def test_it_answers_403_in_japanese(world: Any) -> None:
    client = Client()
    client.force_login(world.users["alice"])  # an editor, on a plan-office page
    response = client.get("/review/")
    assert response.status_code == 403
    assert "この操作は許可されていません" in response.content.decode()


def test_the_500_page_needs_no_database() -> None:
    """Django renders 500.html without context processors; it must not query either, since
    the database may be what failed (no ``db`` fixture here: a query would be an error)."""
    response = server_error(RequestFactory().get("/plans/x/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "サーバーのエラー" in text and "Server Error (500)" not in text
    assert "gyokaku.css" in text


@pytest.mark.parametrize("query", ["q=%00", "q=a%1Fb", "%00=1"])
def test_a_control_character_in_a_page_query_is_the_400_page(world: Any, query: str) -> None:
    """PostgreSQL refuses NUL in a query: such a search was a 500 (web/url_text.py)."""
    response = Client().get(f"/plans/test-2024-2028/search/?{query}")
    assert response.status_code == 400
    assert "リクエストを処理できません" in response.content.decode()


def test_a_control_character_in_a_page_path_is_the_404_page(world: Any) -> None:
    response = Client().get("/plans/test-2024-2028/nodes/1-1%00/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
