"""The daily digest in a plan with an approval chain (issue 14 #1 with #3): each approver —
課長, 部長, the plan office — is told what waits at their own step, with a link to 承認待ち;
nobody is told about what waits at someone else's step, and nothing twice the same day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone
from tests.support.chain import add_chain
from tests.support.smtp import Inbox
from tests.support.world import World

from gyokaku.notices.services import notices_send
from gyokaku.tracking.workflow import transition_apply

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def chain(world: World) -> World:
    add_chain(world)
    # every Aomori person has an address
    User.objects.exclude(username__startswith="sapporo").update(
        email=Concat("username", Value("@example.jp"))
    )
    return world


def _digests(inbox: Inbox) -> dict[str, str]:
    return {
        str(m["To"]): m.get_content() for m in inbox.messages if "承認待ち" in str(m["Subject"])
    }


def test_each_approver_hears_of_their_own_step(chain: World, inbox: Inbox) -> None:
    today = timezone.localdate()
    for key, editor in (("1-1", "alice"), ("1-2", "alice"), ("2", "bob")):
        transition_apply(report=chain.report(key), action="submit", actor=chain.actor(editor))
    transition_apply(report=chain.report("1-2"), action="confirm", actor=chain.actor("kacho-dx"))
    notices_send(today=today)
    notices_send(today=today)
    digests = _digests(inbox)
    assert sorted(digests) == [
        "bucho-somu@example.jp",
        "kacho-dx@example.jp",
        "kacho-shimin@example.jp",
    ]
    assert "あなたの確認を待っている取組状況が 1 件" in digests["kacho-dx@example.jp"]
    assert "/plans/test-2024-2028/chain/" in digests["bucho-somu@example.jp"]
    transition_apply(report=chain.report("1-2"), action="confirm", actor=chain.actor("bucho-somu"))
    notices_send(today=today + dt.timedelta(days=1))
    later = [str(m["To"]) for m in inbox.messages if "承認待ち" in str(m["Subject"])][3:]
    assert sorted(later) == [
        "carol@example.jp",
        "erin@example.jp",
        "kacho-dx@example.jp",
        "kacho-shimin@example.jp",
    ]
