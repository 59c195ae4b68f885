"""gyokaku token create|list|revoke."""

from __future__ import annotations

from tests.support.commands import gyokaku, refused
from tests.support.world import World

from gyokaku.accounts.models import ApiToken
from gyokaku.accounts.services import token_authenticate, token_create
from gyokaku.audit.models import AuditEvent


def test_it_prints_the_token_alone_and_it_authenticates(world: World) -> None:
    out, _ = gyokaku("token", "create", "alice", "--name", "集計")
    assert out.endswith("\n") and out.count("\n") == 1
    raw = out.strip()
    assert raw.startswith("gyk_")
    assert token_authenticate(raw=raw) == world.users["alice"]
    assert ApiToken.objects.get(user=world.users["alice"]).name == "集計"
    assert AuditEvent.objects.filter(action="token.create").exists()


def test_it_refuses_an_unknown_user(world: World) -> None:
    assert "nobody" in refused("token", "create", "nobody")


def test_it_refuses_an_inactive_user(world: World) -> None:
    world.users["bob"].is_active = False
    world.users["bob"].save()
    assert "bob" in refused("token", "create", "bob")


def test_it_lists_tokens_without_showing_them(world: World) -> None:
    token, raw = token_create(user=world.users["alice"], name="集計", actor_label="test")
    token_create(user=world.users["bob"], actor_label="test")
    out, _ = gyokaku("token", "list")
    assert raw not in out
    assert f"{token.prefix}…" in out and "alice" in out and "bob" in out
    only_alice, _ = gyokaku("token", "list", "alice")
    assert "alice" in only_alice and "bob" not in only_alice


def test_it_revokes_by_prefix_and_by_id(world: World) -> None:
    first, first_raw = token_create(user=world.users["alice"], actor_label="test")
    second, second_raw = token_create(user=world.users["alice"], actor_label="test")
    out, _ = gyokaku("token", "revoke", first.prefix)
    assert "失効しました" in out
    gyokaku("token", "revoke", str(second.pk))
    assert token_authenticate(raw=first_raw) is None
    assert token_authenticate(raw=second_raw) is None
    events = AuditEvent.objects.filter(action="token.revoke")
    assert events.count() == 2
    assert all(e.actor_label.startswith("cli") for e in events)


def test_it_revokes_by_the_whole_token(world: World) -> None:
    _, raw = token_create(user=world.users["bob"], actor_label="test")
    gyokaku("token", "revoke", raw)
    assert token_authenticate(raw=raw) is None


def test_it_refuses_unknown_tokens(world: World) -> None:
    token_create(user=world.users["alice"], actor_label="test")
    assert "PREFIX_OR_ID" in refused("token", "revoke", "999999")
    assert "PREFIX_OR_ID" in refused("token", "revoke", "nonsense")
    assert "PREFIX_OR_ID" in refused("token", "revoke", "gyk_")
    assert "PREFIX_OR_ID" in refused("token", "revoke", "gyk_zzzzzzzzzzzzzzzz")


def test_it_asks_for_an_id_when_a_prefix_is_ambiguous(world: World) -> None:
    for prefix, digest in (("gyk_abcdef", "a" * 64), ("gyk_abcdeg", "b" * 64)):
        ApiToken.objects.create(user=world.users["alice"], prefix=prefix, digest=digest)
    message = refused("token", "revoke", "gyk_abcde")
    assert "ID で指定" in message
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 2
    gyokaku("token", "revoke", "gyk_abcdeg")
    assert ApiToken.objects.get(prefix="gyk_abcdeg").revoked_at is not None


def test_it_says_when_there_are_no_tokens(world: World) -> None:
    out, _ = gyokaku("token", "list")
    assert out.strip() == "トークンはありません"
