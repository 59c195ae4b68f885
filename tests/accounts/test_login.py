"""Login auditing, throttling of repeated failures (django-axes) and session limits."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory, override_settings
from tests.support.world import PASSWORD

from gyokaku.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _login(username: str, password: str, address: str = "192.0.2.10") -> Any:
    # As the login page does: django-axes needs the request to throttle by address.
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)
    return authenticate(request=request, username=username, password=password)


def test_logins_and_failed_logins_are_audited(world: Any) -> None:
    assert _login("alice", "wrong") is None
    assert _login("alice", PASSWORD) == world.users["alice"]
    Client().force_login(world.users["alice"])  # django.contrib.auth.login, as the page does
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor_label"))
    assert ("auth.login_failed", "alice") in actions and ("auth.login", "alice") in actions


def test_repeated_failures_lock_the_user_name(world: Any) -> None:
    for _ in range(5):
        _login("alice", "wrong")
    # the right password no longer works while locked
    assert _login("alice", PASSWORD) is None
    assert _login("bob", PASSWORD) == world.users["bob"]  # others are not affected


def _spray(count: int) -> None:
    """One wrong password for each of ``count`` user names, all from one address."""
    for i in range(count):
        assert _login(f"guess-{i}", "Summer2025!") is None


def test_spraying_user_names_from_one_address_locks_the_address(world: Any, settings: Any) -> None:
    assert settings.GYOKAKU_LOGIN_FAILURES_PER_ADDRESS == 30
    _spray(30)
    assert _login("alice", PASSWORD) is None  # locked, right password or not
    assert _login("bob", PASSWORD, address="192.0.2.99") == world.users["bob"]  # elsewhere


def test_the_login_page_says_the_address_is_locked(world: Any) -> None:
    _spray(30)
    response = Client(REMOTE_ADDR="192.0.2.10").post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "接続元" in response.content.decode()


def test_a_success_does_not_reset_the_address_count(world: Any) -> None:
    _spray(29)
    assert _login("alice", PASSWORD) == world.users["alice"]  # under both limits
    _spray(1)
    assert _login("alice", PASSWORD) is None


def _session_client(world: Any) -> Client:
    client = Client()
    client.force_login(world.users["alice"])
    client.get("/")  # stamps login and last-seen times
    return client


def _age_session(client: Client, **shift: float) -> None:
    session = client.session
    for key, seconds in shift.items():
        session[key] = session[key] - seconds
    session.save()


@pytest.mark.parametrize(
    "shift",
    [{"gyokaku_seen_at": 31 * 60}, {"gyokaku_login_at": 12 * 3600 + 1}],
    ids=["30-minutes-idle", "12-hours-in-all"],
)
def test_sessions_end_when_idle_or_too_old(world: Any, shift: dict[str, float]) -> None:
    client = _session_client(world)
    _age_session(client, **shift)
    client.get("/")
    assert "_auth_user_id" not in client.session
    assert client.session.get("gyokaku_expired") is True
    assert AuditEvent.objects.filter(action="auth.session_expired").exists()


def test_an_active_session_goes_on(world: Any) -> None:
    client = _session_client(world)
    _age_session(client, gyokaku_seen_at=29 * 60, gyokaku_login_at=11 * 3600)
    client.get("/")
    assert client.session["_auth_user_id"] == str(world.users["alice"].pk)
    assert time.time() - client.session["gyokaku_seen_at"] < 5  # refreshed


@override_settings(GYOKAKU_SESSION_IDLE_SECONDS=1_000_000)
def test_limits_come_from_settings(world: Any) -> None:
    client = _session_client(world)
    _age_session(client, gyokaku_seen_at=31 * 60)
    client.get("/")
    assert "_auth_user_id" in client.session
