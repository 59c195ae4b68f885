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
    response = client.get("/language/", {"lang": "en", "next": "/plans/aomori-2024-2028/nodes/2/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
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


def test_the_switch_is_a_link_on_every_page(client: Client, small_plan: Plan) -> None:
    html = client.get("/plans/aomori-2024-2028/nodes/2/?fy=2024").content.decode()
    assert (
        '<a href="/language/?lang=en&amp;next=/plans/aomori-2024-2028/nodes/2/%3Ffy%3D2024"'
        ' lang="en" hreflang="en" rel="nofollow">English</a>'
    ) in html
    assert "<form" not in html.split("</header>")[0].split('class="lang-switch"')[1]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "", "nodes/2/"])
def test_it_goes_back_only_to_our_own_pages(client: Client, target: str) -> None:
    response = client.get("/language/", {"lang": "en", "next": target})
    assert response.status_code == 302
    assert response["Location"] == ("/" if "evil" in target or not target else target)


def test_it_ignores_a_language_we_do_not_speak(client: Client) -> None:
    response = client.get("/language/", {"lang": "fr", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_it_is_never_cached_and_takes_no_post(client: Client) -> None:
    response = client.get("/language/", {"lang": "en", "next": "/"})
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert client.post("/language/", {"lang": "en"}).status_code == 405
