"""Anonymous reads set no cookie, so a shared cache may keep them (issue 17).

An answer with Set-Cookie is kept by no proxy or CDN, and a csrftoken cookie on every public
page also made each reader's first visit a write of state. Every public read is listed in
every_read.py; the language switch, the one thing an anonymous reader changes, is a link
(web/language.py) and still works with a real client.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from tests.support.every_read import public_urls
from tests.support.public_world import SLUG

pytestmark = pytest.mark.django_db

KEYS, YEARS = ["1", "1-1", "2"], [2024, 2025]


def test_it_sets_no_cookie_on_any_anonymous_read(published: Any) -> None:
    cache.clear()
    client = Client()
    for url in public_urls(SLUG, KEYS, YEARS):
        response = client.get(url)
        assert response.status_code < 500, url  # 404 for a year or node without a report
        assert not response.cookies, f"{url} sets {sorted(response.cookies)}"
        assert "csrfmiddlewaretoken" not in response.content.decode(errors="replace"), url
    assert not client.cookies


def test_the_language_switch_works_without_a_cookie_before_it(published: Any) -> None:
    client = Client()
    page = f"/plans/{SLUG}/nodes/1-1/"
    html = client.get(page).content.decode()
    assert '<html lang="ja">' in html and not client.cookies
    response = client.get("/language/", {"lang": "en", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert set(response.cookies) == {settings.LANGUAGE_COOKIE_NAME}  # that one, nothing else
    assert '<html lang="en">' in client.get(page).content.decode()
    client.get("/language/", {"lang": "ja", "next": page})
    assert '<html lang="ja">' in client.get(page).content.decode()


def test_the_login_page_still_sets_the_csrf_cookie_its_form_needs(published: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.get("/accounts/login/")
    assert settings.CSRF_COOKIE_NAME in response.cookies
    assert "csrfmiddlewaretoken" in response.content.decode()
