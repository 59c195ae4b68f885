"""GET /api/v1/tokens and DELETE /api/v1/tokens/{id}."""

from __future__ import annotations

from typing import Any

from django.test import Client
from tests.support.api_client import Api
from tests.support.world import World

from gyokaku.accounts.models import ApiToken
from gyokaku.accounts.services import token_create
from gyokaku.audit.models import AuditEvent


def _bearer(raw: str) -> Api:
    return Api(Client(), {"Authorization": f"Bearer {raw}"})


def test_it_lists_the_callers_tokens_only(world: World) -> None:
    token, raw = token_create(user=world.users["alice"], name="集計スクリプト", actor_label="t")
    token_create(user=world.users["bob"], name="bob's", actor_label="t")
    answer = _bearer(raw).get("/api/v1/tokens")
    assert answer.status == 200
    [listed] = answer.body
    assert listed["id"] == token.pk and listed["name"] == "集計スクリプト"
    assert listed["prefix"] == raw[:10] and listed["active"] is True
    assert listed["last_used_at"] is not None  # this very call
    assert raw not in str(answer.body) and token.digest not in str(answer.body)


def test_it_revokes_a_token_which_then_stops_working(world: World) -> None:
    token, raw = token_create(user=world.users["alice"], actor_label="t")
    caller = _bearer(raw)
    answer = caller.delete(f"/api/v1/tokens/{token.pk}")
    assert answer.status == 200
    assert answer.body["active"] is False and answer.body["revoked_at"]
    assert AuditEvent.objects.filter(action="token.revoke", actor_label="alice").exists()
    assert caller.get("/api/v1/tokens").status == 401


def test_it_hides_other_peoples_tokens(world: World, api: Any) -> None:
    token, _ = token_create(user=world.users["bob"], actor_label="t")
    assert api("alice").delete(f"/api/v1/tokens/{token.pk}").status == 404
    assert api("mallory").delete(f"/api/v1/tokens/{token.pk}").status == 404
    assert ApiToken.objects.get(pk=token.pk).is_active


def test_an_admin_revokes_tokens_of_their_municipality(world: World, api: Any) -> None:
    token, _ = token_create(user=world.users["bob"], actor_label="t")
    assert api("erin").delete(f"/api/v1/tokens/{token.pk}").status == 200
    assert not ApiToken.objects.get(pk=token.pk).is_active
    theirs, _ = token_create(user=world.users["mallory"], actor_label="t")
    assert api("erin").delete(f"/api/v1/tokens/{theirs.pk}").status == 404


def test_it_answers_404_for_a_token_that_does_not_exist(world: World, api: Any) -> None:
    assert api("alice").delete("/api/v1/tokens/999999").status == 404
