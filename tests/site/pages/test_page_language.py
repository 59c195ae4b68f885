"""Japanese by default; English when the language cookie or Accept-Language asks for it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from gyokaku.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_it_speaks_japanese_by_default(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/").content.decode()
    assert '<html lang="ja">' in html
    assert "凡例" in html and "本文へ移動" in html


def test_it_speaks_english_for_accept_language_en(client: Client, small_plan: Plan) -> None:
    response = client.get("/plans/aomori-2024-2028/", headers={"Accept-Language": "en-US,en"})
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Legend" in html and "Expand all" in html
    assert "FY2024–FY2028" in html
    assert "青森市行財政改革プラン(2024-2028)" in html  # the plan's own text stays as written


def test_it_speaks_english_after_the_language_switch(client: Client, small_plan: Plan) -> None:
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/plans/aomori-2024-2028/nodes/2/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/plans/aomori-2024-2028/nodes/2/"
    html = client.get("/plans/aomori-2024-2028/nodes/2/").content.decode()
    assert '<html lang="en">' in html
    assert '<nav aria-label="Breadcrumb"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    assert '<html lang="ja">' in client.get("/").content.decode()


def test_it_translates_the_search_page(client: Client, small_plan: Plan) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/plans/aomori-2024-2028/search/", {"q": "窓口"}).content.decode()
    assert "1 item matches “窓口”." in html
    html = client.get("/plans/aomori-2024-2028/search/", {"q": "DX"}).content.decode()
    assert "5 items match “DX”." in html


def test_it_translates_the_empty_plan_list(client: Client) -> None:
    html = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert "No plan has been registered yet." in html
    assert "gyokaku plan import FILE" in html
