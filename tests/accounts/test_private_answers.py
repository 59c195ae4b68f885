"""Answers to people who logged in (a session or a token) may carry drafts: no shared cache may
keep them; anonymous answers stay cacheable as they were (issue 18 #9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gyokaku.accounts.services import token_create

SLUG = "test-2024-2028"
PAGES = [f"/plans/{SLUG}/", f"/plans/{SLUG}/nodes/1-1/", "/"]
API = ["/api/v1/plans", f"/api/v1/plans/{SLUG}/nodes/1-1/progress/2024"]
OPEN_DATA = f"/opendata/{SLUG}/datapackage.json"


def _vary(response: Any) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def _cache_control(response: Any) -> set[str]:
    return {v.strip() for v in response.get("Cache-Control", "").split(",") if v.strip()}


@pytest.mark.parametrize("path", PAGES + API)
def test_it_marks_what_a_session_sees_as_private(
    path: str, as_user: Callable[[str | None], Any]
) -> None:
    response = as_user("carol").get(path)
    assert response.status_code == 200
    assert "private" in _cache_control(response)
    assert "cookie" in _vary(response)


@pytest.mark.parametrize("path", API)
def test_it_marks_what_a_token_sees_as_private(path: str, world: Any) -> None:
    _, raw = token_create(user=world.users["carol"], actor_label="test")
    response = Client().get(path, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert "private" in _cache_control(response)
    assert "authorization" in _vary(response)
    assert not response.cookies  # no cookie added


@pytest.mark.parametrize("path", PAGES + API[:1] + [OPEN_DATA])
def test_it_leaves_anonymous_answers_cacheable(path: str, world: Any) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert "private" not in _cache_control(response)
    assert "sessionid" not in response.cookies


def test_anonymous_api_answers_vary_on_authorization(world: Any) -> None:
    """So that a cache never hands the anonymous answer to a token holder, or the reverse."""
    response = Client().get("/api/v1/plans")
    assert "authorization" in _vary(response)


def test_open_data_stays_public_for_anyone_and_private_for_a_session(
    as_user: Callable[[str | None], Any],
) -> None:
    anonymous = Client().get(OPEN_DATA)
    assert {"public", "max-age=300"} <= _cache_control(anonymous)
    staff = as_user("carol").get(OPEN_DATA)
    assert "private" in _cache_control(staff)
    assert "public" not in _cache_control(staff)
