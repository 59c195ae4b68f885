"""accounts/rules.py: the plan office's work and revoking API tokens."""

from __future__ import annotations

from typing import Any

import pytest

from gyokaku.accounts.access import ANONYMOUS
from gyokaku.accounts.rules import can_act_as_plan_office, can_revoke_token, require_plan_office
from gyokaku.accounts.services import token_create
from gyokaku.lib.errors import Refused

pytestmark = pytest.mark.django_db

OFFICE_ONLY = "進捗調査の開始は計画担当（行政経営課）だけが行えます"


@pytest.mark.parametrize("who", ["carol", "erin"])
def test_the_plan_office_is_the_coordinators_and_administrators(world: Any, who: str) -> None:
    assert can_act_as_plan_office(world.actor(who), world.plan, "進捗調査の開始") is None


@pytest.mark.parametrize("who", ["alice", "dave", "mallory", None])
def test_anybody_else_is_refused_with_what_they_tried(world: Any, who: str | None) -> None:
    actor = ANONYMOUS if who is None else world.actor(who)
    reason = can_act_as_plan_office(actor, world.plan, "進捗調査の開始")
    assert reason == OFFICE_ONLY and reason is not None and reason.error is Refused
    with pytest.raises(Refused, match=OFFICE_ONLY):
        require_plan_office(actor, world.plan, "進捗調査の開始")


def test_a_token_is_revoked_by_its_owner_or_an_administrator_of_the_same_place(
    world: Any,
) -> None:
    token, _ = token_create(user=world.users["alice"], actor_label="test")
    assert can_revoke_token(world.actor("alice"), token) is None
    assert can_revoke_token(world.actor("erin"), token) is None
    for who in ("carol", "bob", "mallory"):
        reason = can_revoke_token(world.actor(who), token)
        assert reason == "他の人のトークンは失効できません"
        assert reason is not None and reason.error is Refused
