"""The committee's writes: when they are refused (state, input), what they store and record."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.committee import OPINION_1, opinion_on

from gyokaku.audit.models import AuditEvent
from gyokaku.committee.models import CommitteeReview, ReviewState
from gyokaku.committee.services import (
    opinion_add,
    opinion_reply,
    opinion_update,
    opinion_withdraw,
    review_move,
    review_share,
)
from gyokaku.lib.errors import Conflict, Invalid

pytestmark = pytest.mark.django_db


def test_it_records_the_member_and_the_share(world: Any, review: CommitteeReview) -> None:
    opinion = opinion_on(review, "1-1")
    assert (opinion.author_name, opinion.text) == ("青森 一郎", OPINION_1)
    assert review.state == ReviewState.OPEN and review.meeting_name == "第1回推進委員会"
    share = AuditEvent.objects.get(action="committee.share")
    assert (share.actor_label, share.target) == ("carol", "2024")
    assert AuditEvent.objects.filter(action="committee.opinion.add").count() == 2


def test_it_shares_a_year_once_and_only_within_the_plan(
    world: Any, review: CommitteeReview
) -> None:
    carol = world.actor("carol")
    with pytest.raises(Conflict):
        review_share(plan=world.plan, fiscal_year=2024, actor=carol)
    with pytest.raises(Invalid) as error:
        review_share(plan=world.plan, fiscal_year=2030, actor=carol)
    assert "fiscal_year" in error.value.problems


def test_it_refuses_empty_or_bad_text(world: Any, review: CommitteeReview) -> None:
    member = world.actor("iin-a")
    for text in ("  ", "意見\x00"):
        with pytest.raises(Invalid) as error:
            opinion_add(review=review, node=world.node("1-2"), text=text, actor=member)
        assert "text" in error.value.problems
    with pytest.raises(Invalid):  # a pillar: no report that year
        opinion_add(review=review, node=world.node("1"), text="意見", actor=member)


def test_it_closes_then_publishes_and_freezes(world: Any, review: CommitteeReview) -> None:
    carol, member, alice = world.actor("carol"), world.actor("iin-a"), world.actor("alice")
    opinion = opinion_on(review, "1-1")
    with pytest.raises(Conflict):  # publish before the opinions are closed
        review_move(review=review, move="publish", actor=carol)
    review_move(review=review, move="close", actor=carol)
    assert CommitteeReview.objects.get(pk=review.pk).closed_at is not None
    with pytest.raises(Conflict):  # members stop writing once closed
        opinion_add(review=review, node=world.node("1-2"), text="遅れた意見", actor=member)
    with pytest.raises(Conflict):
        opinion_update(opinion=opinion, text="変更", actor=member)
    opinion_reply(opinion=opinion, reply="指標に加えます", actor=alice)  # replies go on
    opinion_update(opinion=opinion, text="整えた意見", actor=carol)  # the office tidies up
    review_move(review=review, move="publish", actor=carol)
    for write in (
        lambda: opinion_reply(opinion=opinion, reply="変更", actor=alice),
        lambda: opinion_update(opinion=opinion, text="変更", actor=carol),
        lambda: opinion_withdraw(opinion=opinion, withdrawn=True, actor=carol),
        lambda: review_move(review=review, move="close", actor=carol),
    ):
        with pytest.raises(Conflict):
            write()
    stored = opinion_on(review, "1-1")
    assert (stored.text, stored.reply) == ("整えた意見", "指標に加えます")
    assert stored.reply_by == world.users["alice"]
    moves = AuditEvent.objects.filter(action__in=["committee.close", "committee.publish"])
    assert [e.changes["state"] for e in moves.order_by("pk")] == [
        ["open", "closed"],
        ["closed", "published"],
    ]


def test_it_withdraws_and_brings_back(world: Any, review: CommitteeReview) -> None:
    carol = world.actor("carol")
    opinion = opinion_on(review, "2")
    opinion_withdraw(opinion=opinion, withdrawn=True, actor=carol)
    with pytest.raises(Conflict):
        opinion_reply(opinion=opinion, reply="対応", actor=world.actor("bob"))
    opinion_withdraw(opinion=opinion, withdrawn=False, actor=carol)
    opinion_reply(opinion=opinion, reply="対応", actor=world.actor("bob"))
    changes = AuditEvent.objects.filter(action="committee.opinion.withdraw").order_by("pk")
    assert [e.changes["withdrawn"] for e in changes] == [[False, True], [True, False]]


def test_it_records_nothing_for_a_write_that_changes_nothing(
    world: Any, review: CommitteeReview
) -> None:
    before = AuditEvent.objects.count()
    opinion_update(opinion=opinion_on(review, "1-1"), text=OPINION_1, actor=world.actor("iin-a"))
    assert AuditEvent.objects.count() == before
