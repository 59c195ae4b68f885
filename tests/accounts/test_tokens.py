from __future__ import annotations

from typing import Any

import pytest

from gyokaku.accounts.models import ApiToken
from gyokaku.accounts.services import token_authenticate, token_create, token_revoke
from gyokaku.audit.models import AuditEvent
from gyokaku.lib.errors import Refused

pytestmark = pytest.mark.django_db


def test_a_token_authenticates_its_user_and_only_its_digest_is_stored(world: Any) -> None:
    _, raw = token_create(user=world.users["alice"], name="script", actor_label="alice")
    assert raw.startswith("gyk_") and len(raw) > 40
    assert token_authenticate(raw=raw) == world.users["alice"]
    assert not ApiToken.objects.filter(digest__contains=raw[4:]).exists()
    assert raw not in str(list(ApiToken.objects.values()))
    assert AuditEvent.objects.filter(action="token.create").exists()


@pytest.mark.parametrize("raw", ["", "gyk_wrong", "Bearer x", "gyk_" + "a" * 500])
def test_wrong_tokens_authenticate_nobody(world: Any, raw: str) -> None:
    assert token_authenticate(raw=raw) is None


def test_a_revoked_token_or_inactive_user_authenticates_nobody(world: Any) -> None:
    token, raw = token_create(user=world.users["alice"], actor_label="alice")
    token_revoke(token=token, actor=world.actor("alice"))
    assert token_authenticate(raw=raw) is None
    _, raw2 = token_create(user=world.users["bob"], actor_label="bob")
    world.users["bob"].is_active = False
    world.users["bob"].save()
    assert token_authenticate(raw=raw2) is None


def test_only_the_owner_or_an_admin_revokes(world: Any) -> None:
    token, _ = token_create(user=world.users["alice"], actor_label="alice")
    with pytest.raises(Refused):
        token_revoke(token=token, actor=world.actor("bob"))
    token_revoke(token=token, actor=world.actor("erin"))
    assert not ApiToken.objects.get(pk=token.pk).is_active


def test_an_admin_revokes_only_in_their_own_municipality(world: Any) -> None:
    token, _ = token_create(user=world.users["mallory"], actor_label="mallory")
    with pytest.raises(Refused):
        token_revoke(token=token, actor=world.actor("erin"))
