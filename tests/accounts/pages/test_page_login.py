"""Login, logout, password change, the expired-session message and the header's menu."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.support.world import PASSWORD

from gyokaku.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
Clients = Callable[[str | None], Any]


def test_it_logs_in_and_goes_to_my_page(world: Any, as_user: Clients) -> None:
    client = as_user(None)
    html = client.get("/accounts/login/").content.decode()
    assert "<h1>ログイン</h1>" in html and 'name="username"' in html
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert AuditEvent.objects.filter(action="auth.login", actor_label="alice").exists()


def test_it_follows_next_after_login(world: Any, as_user: Clients) -> None:
    client = as_user(None)
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/", {"username": "carol", "password": PASSWORD, "next": "/audit/"}
    )
    assert response["Location"] == "/audit/"


def test_it_says_when_the_password_is_wrong(world: Any, as_user: Clients) -> None:
    client = as_user(None)
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.login_failed").exists()


def test_it_says_the_session_expired(world: Any, settings: Any) -> None:
    client = Client()
    client.force_login(world.users["alice"])
    session = client.session
    session["gyokaku_login_at"] = session["gyokaku_seen_at"] = time.time() - 3600
    session.save()
    response = client.get("/my/")
    assert response.status_code == 302
    html = client.get("/accounts/login/").content.decode()
    assert "ログインの有効期限が切れました" in html
    assert "ログインの有効期限が切れました" not in client.get("/accounts/login/").content.decode()


def test_it_logs_out_with_a_post_only(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/my/").status_code == 302


def test_it_changes_the_password(world: Any, as_user: Clients) -> None:
    client = as_user("alice")
    data = {
        "old_password": PASSWORD,
        "new_password1": "another long passphrase 42",
        "new_password2": "another long passphrase 42",
    }
    response = client.post("/accounts/password/", data)
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    assert AuditEvent.objects.filter(action="auth.password_change", actor_label="alice").exists()
    bad = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": "a", "new_password2": "b"}
    )
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()


def test_it_shows_the_menu_by_role(world: Any, as_user: Clients) -> None:
    anonymous = as_user(None).get("/").content.decode()
    assert "ログイン</a>" in anonymous and "マイページ" not in anonymous
    alice = as_user("alice").get("/").content.decode()
    assert "マイページ" in alice and "alice（所管課担当者）" in alice and "情報政策課" in alice
    assert "監査ログ" not in alice and "確認待ち" not in alice
    carol = as_user("carol").get("/").content.decode()
    assert 'href="/review/"' in carol and 'href="/audit/"' in carol


def test_it_shows_the_sample_banner_when_asked(world: Any, as_user: Clients) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert "サンプル" in render_to_string("base.html", {"sample_data": True}, request=request)
    assert "sample-banner" not in render_to_string(
        "base.html", {"sample_data": False}, request=request
    )


def test_it_sends_review_to_the_only_plan(world: Any, as_user: Clients) -> None:
    response = as_user("carol").get("/review/")
    assert response.status_code == 302 and response["Location"] == "/plans/test-2024-2028/review/"
    assert as_user("alice").get("/review/").status_code == 403
