"""Who the API thinks is calling: Bearer tokens, sessions with CSRF, anonymous."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from tests.support.api_client import progress_path, set_state
from tests.support.world import World

from gyokaku.accounts.services import token_create, token_revoke
from gyokaku.audit.models import AuditEvent
from gyokaku.tracking.models import State


def _put(client: Client, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.put(
        progress_path(), data=json.dumps(body), content_type="application/json", headers=headers
    )


def _csrf_session(world: World, name: str) -> tuple[Client, str]:
    """A browser: it loaded the login form (which sets the CSRF cookie), then logged in."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    client.force_login(world.users[name])
    return client, client.cookies["csrftoken"].value


def test_it_refuses_a_session_put_without_the_csrf_token(world: World) -> None:
    client, _ = _csrf_session(world, "alice")
    response = _put(client, {"result_text": "攻撃"}, {"If-Match": '"1"'})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert world.report("1-1").result_text == ""
    refused = AuditEvent.objects.filter(action="access.refused").get()
    assert refused.actor_label == "alice" and refused.summary == "CSRF"


def test_it_accepts_a_session_put_with_the_csrf_token(world: World) -> None:
    client, token = _csrf_session(world, "alice")
    response = _put(client, {"result_text": "実績"}, {"If-Match": '"1"', "X-CSRFToken": token})
    assert response.status_code == 200
    assert world.report("1-1").result_text == "実績"


def test_it_refuses_a_session_post_without_the_csrf_token(world: World) -> None:
    client, token = _csrf_session(world, "alice")
    path = progress_path() + "/transitions"
    body = json.dumps({"action": "submit"})
    refused = client.post(path, data=body, content_type="application/json")
    assert refused.status_code == 403
    assert world.report("1-1").state == State.DRAFT
    allowed = client.post(
        path, data=body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert allowed.status_code == 201


def test_it_lets_a_session_read_without_the_csrf_token(world: World) -> None:
    client, _ = _csrf_session(world, "alice")
    assert client.get(progress_path()).status_code == 200


def test_it_takes_bearer_tokens_without_csrf(world: World) -> None:
    _, raw = token_create(user=world.users["alice"], name="script", actor_label="test")
    client = Client(enforce_csrf_checks=True)
    response = _put(
        client,
        {"result_text": "スクリプト"},
        {
            "Authorization": f"Bearer {raw}",
            "If-Match": '"1"',
        },
    )
    assert response.status_code == 200
    report = world.report("1-1")
    assert report.result_text == "スクリプト"
    assert report.updated_by == world.users["alice"]
    # model history knows who wrote, as for a page
    assert report.history.first().history_user == world.users["alice"]


def test_it_answers_401_for_a_revoked_token(world: World) -> None:
    token, raw = token_create(user=world.users["alice"], actor_label="test")
    token_revoke(token=token, actor=world.actor("alice"))
    response = _put(
        Client(),
        {"result_text": "x"},
        {
            "Authorization": f"Bearer {raw}",
            "If-Match": '"1"',
        },
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert world.report("1-1").result_text == ""


def test_it_never_treats_a_bad_token_as_anonymous(world: World) -> None:
    set_state(world.report("1-1"), State.PUBLISHED)
    assert Client().get(progress_path()).status_code == 200  # public when published
    bad = Client().get(progress_path(), headers={"Authorization": "Bearer gyk_not-a-token"})
    assert bad.status_code == 401
    failed = AuditEvent.objects.get(action="auth.token_failed")
    assert failed.actor_label == "gyk_not-a-"  # the prefix only, never the whole token


def test_it_answers_401_for_credentials_of_another_scheme(world: World) -> None:
    response = Client().get(progress_path(), headers={"Authorization": "Basic YWxpY2U6eA=="})
    assert response.status_code == 401


def test_it_answers_401_to_anonymous_writes_even_with_csrf_enforced(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = _put(client, {"result_text": "x"}, {"If-Match": '"1"'})
    assert response.status_code == 401
    assert "ログイン" in response.json()["detail"]


def test_it_answers_401_to_anonymous_callers_of_internal_reads(world: World) -> None:
    for path in ("/api/v1/plans/test-2024-2028/rounds", "/api/v1/audit", "/api/v1/tokens"):
        assert Client().get(path).status_code == 401, path
