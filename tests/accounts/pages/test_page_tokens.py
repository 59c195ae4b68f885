"""The tokens page: list own tokens, create one (raw shown once), revoke."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from gyokaku.accounts.models import ApiToken
from gyokaku.accounts.services import token_authenticate, token_create
from gyokaku.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def test_it_creates_a_token_and_shows_it_once(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    response = client.post("/accounts/tokens/", {"name": "集計"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    raw = response.context["raw"]
    assert raw.startswith("gyk_") and raw in response.content.decode()
    assert token_authenticate(raw=raw) == world.users["alice"]
    html = client.get("/accounts/tokens/").content.decode()
    assert raw not in html and "集計" in html and raw[:10] in html
    assert AuditEvent.objects.filter(action="token.create", actor_label="alice").exists()


def test_it_lists_only_own_tokens(world: Any, as_user: Clients) -> None:
    token_create(user=world.users["bob"], name="ボブのトークン", actor_label="test")
    assert "ボブのトークン" not in as_user("alice").get("/accounts/tokens/").content.decode()


def test_it_revokes_a_token(world: Any, as_user: Clients) -> None:
    token, raw = token_create(user=world.users["alice"], actor_label="test")
    client = as_user("alice")
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert token_authenticate(raw=raw) is None
    assert "失効" in client.get("/accounts/tokens/").content.decode()


def test_it_hides_another_persons_token(world: Any, as_user: Clients) -> None:
    token, _ = token_create(user=world.users["bob"], actor_label="test")
    assert as_user("alice").post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_it_refuses_a_get_on_revoke_and_a_post_without_csrf(world: Any, as_user: Clients) -> None:
    token, _ = token_create(user=world.users["alice"], actor_label="test")
    client = as_user("alice")
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    from django.test import Client

    bare = Client(enforce_csrf_checks=True)
    bare.force_login(world.users["alice"])
    assert bare.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_it_refuses_a_too_long_name(world: Any, as_user: Clients) -> None:
    response = as_user("alice").post("/accounts/tokens/", {"name": "x" * 101})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()
